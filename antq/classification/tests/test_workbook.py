"""The statistics workbook: a sheet per block set up for printing, Vietnamese headers, the API's figures."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory
from antq.classification.workbook import AREA_HEADERS, SUMMARY_HEADERS
from antq.units.tests.factories import CommuneFactory, ResidentialAreaFactory, SchoolFactory

YEAR = 2026
XLSX = reverse("classification:statistics_xlsx")
SHEETS = ["Tổng hợp", "Xã, phường, thị trấn", "CQ, DN cấp xã (huyện) quản lý", "CQ, DN cấp tỉnh, Bộ quản lý",
          "Cơ sở giáo dục", "Khu dân cư"]


@pytest.fixture
def figures(tree):
    """Province A: five communes (three good, one average, one not classified; one named like a formula), a
    school and two KDC of commune A (one excellent)."""
    extra = [CommuneFactory(parent=tree.province_a, name=name) for name in ("Xã Hải Lệ", "=HYPERLINK(\"x\")",
                                                                            "Xã Cam Lộ")]
    for unit, level in zip([tree.commune_a, tree.commune_a2, *extra[:2]], ("good", "good", "good", "average"),
                           strict=True):
        ClassificationFactory(unit=unit, status="decided", level=level, block="commune")
    SchoolFactory(parent=tree.commune_a, school_level="upper_secondary")
    ClassificationFactory(unit=ResidentialAreaFactory(parent=tree.commune_a), status="decided", level="excellent",
                          block="residential_area")
    tally_rebuild(year=YEAR)
    tree.formula = extra[1]
    return tree


def _book(client, **params):
    response = client.get(XLSX, {"year": YEAR, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="thong-ke-phan-loai-2026-')
    return load_workbook(io.BytesIO(response.content))


def _figures(block: dict) -> list:
    values = [block["units"]]
    for level in ("excellent", "good", "average", "weak"):
        entry = block["levels"][level]
        values += [entry["count"], None if entry["share"] is None else float(entry["share"])]
    share = block["not_classified_share"]
    return [*values, block["not_classified"], None if share is None else float(share)]


def _row(sheet, number: int) -> list:
    return [cell.value for cell in sheet[number]]


def test_sheets_print_setup_and_vietnamese_headers(figures, province_officer, client):
    client.force_login(province_officer)
    client.cookies["django_language"] = "en"  # the interface in English: the workbook stays Vietnamese
    assert "Dashboard" in client.get(reverse("core:home")).content.decode()
    book = _book(client, area=figures.province_a.pk)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert "NĂM 2026" in sheet["A1"].value and sheet["A2"].value == "Địa bàn: Tỉnh Quảng Trị"
        assert sheet["A1"].font.bold
        assert sheet.print_title_rows == "$5:$5"
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        header = _row(sheet, 5)
        assert header == (SUMMARY_HEADERS if sheet.title == "Tổng hợp" else AREA_HEADERS)
        assert all(cell.font.bold and cell.border.top.style == "thin" for cell in sheet[5])
        assert sheet.column_dimensions["B"].width > 8 and sheet.freeze_panes == "A6"
    assert _row(book["Tổng hợp"], 5)[:4] == ["Khối", "Tổng số đơn vị", "Xuất sắc (số lượng)", "Xuất sắc (tỷ lệ %)"]
    assert book["Tổng hợp"]["A6"].border.left.style == "thin"


def test_the_workbook_has_the_apis_figures(figures, province_officer, client):
    client.force_login(province_officer)
    book = _book(client, area=figures.province_a.pk)
    api = APIClient()
    api.force_authenticate(province_officer)
    counts = api.get("/api/v1/classification/counts/", {"area": figures.province_a.pk, "year": YEAR}).data
    summary = book["Tổng hợp"]
    for index, block in enumerate(counts["blocks"], start=6):
        assert _row(summary, index)[1:] == _figures(block), block["block"]
    communes = next(b for b in counts["blocks"] if b["block"] == "commune")
    assert communes["levels"]["good"]["fraction"] == "3/5" and _row(summary, 6)[4] == 3
    assert "Khá 3/5 (60,0%)" in " ".join(str(c.value) for c in summary["A"] if c.value)

    areas = api.get("/api/v1/classification/counts/areas/", {"area": figures.province_a.pk, "year": YEAR}).data
    sheet = book["Xã, phường, thị trấn"]
    for index, area in enumerate(areas["areas"], start=6):
        row = _row(sheet, index)
        block = next(b for b in area["blocks"] if b["block"] == "commune")
        assert row[0] == index - 5 and row[2:] == _figures(block)
    total = _row(sheet, 6 + len(areas["areas"]))
    assert total[1] == "Cộng: Tỉnh Quảng Trị" and total[2:] == _figures(communes)
    # A name a spreadsheet would run as a formula is written as text.
    names = [cell.value for cell in sheet["B"] if cell.value]
    assert "'=HYPERLINK(\"x\")" in names and not any(str(n).startswith("=") for n in names)
    kdc = next(_row(book["Khu dân cư"], n) for n in range(6, 12) if _row(book["Khu dân cư"], n)[1] == "Phường Ba Đình")
    assert kdc[2:5] == [2, 1, 50.0]


def test_the_pages_link_and_a_commune_officer_gets_its_own(figures, commune_officer, client):
    client.force_login(commune_officer)
    html = client.get(reverse("classification:statistics"), {"year": YEAR}).content.decode()
    assert f'{XLSX}?area={figures.commune_a.pk}&amp;year=2026' in html
    book = _book(client, area=figures.commune_a.pk)
    assert _row(book["Tổng hợp"], 6)[:3] == ["Xã, phường, thị trấn, đặc khu", 1, 0]
    assert client.get(XLSX, {"area": figures.commune_a2.pk}).status_code == 404
