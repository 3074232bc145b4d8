"""Importing past years: all rows or none, accent-insensitive matching on the units of that time, tallies.

Acceptance (issue 4): 159 communes of one province for 2011 with 131 Khá and 28 Trung bình show exactly
"131/159" and "28/159" on the statistics page and in the API.
"""

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from antq.classification.import_reader import level_from_text, read_rows
from antq.classification.importer import classification_import
from antq.classification.models import Classification, ClassificationImport, ClassificationTally, Source
from antq.classification.statistics import classification_counts
from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory
from antq.core.models import AuditEvent
from antq.units.models import LEGACY_END, LocalKind, UnitKind
from antq.units.tests.factories import CommuneFactory, UnitFactory

HEADER = ["Mã đơn vị", "Tên đơn vị", "Năm", "Xếp loại", "Điểm"]


@pytest.fixture
def quang_binh(tree):
    """A legacy province (before 2025) with two districts and 159 communes, formed into province_a."""
    province = UnitFactory(kind=UnitKind.PROVINCE, local_kind=LocalKind.TINH, parent=tree.country, code="44",
                           name="Tỉnh Quảng Bình", valid_from=None, valid_to=LEGACY_END)
    tree.province_a.predecessors.add(province)
    districts = [UnitFactory(kind=UnitKind.DISTRICT, local_kind=LocalKind.HUYEN, parent=province, code=str(400 + i),
                             name=f"Huyện Thử {i}", valid_from=None, valid_to=LEGACY_END) for i in (1, 2)]
    communes = [CommuneFactory(parent=districts[i % 2], code=str(19000 + i), name=f"Xã Quảng Thử {i}",
                               valid_from=None, valid_to=LEGACY_END) for i in range(1, 160)]
    return type("QuangBinh", (), {"province": province, "districts": districts, "communes": communes})


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(actor, area, rows, **kwargs):
    return classification_import(actor=actor, area=area, rows=read_rows(workbook(rows, **kwargs), "2011.xlsx"),
                                 file_name="2011.xlsx")


def _rows_2011(communes):
    """131 Khá and 28 Trung bình, written the ways offices write them: codes, names without accents …"""
    rows = []
    for index, commune in enumerate(communes):
        level = ("Khá", "kha", "Loại Khá")[index % 3] if index < 131 else ("Trung bình", "trung binh", "TB")[index % 3]
        if index % 2:
            rows.append([commune.code, None, 2011, level, 75 if index < 131 else 60])
        else:
            name = commune.name if index % 4 else "quang thu " + commune.name.rsplit(" ", 1)[1]  # no accents, no "Xã"
            rows.append([None, unicodedata.normalize("NFD", name), "2011", level, None])
    return rows


def test_acceptance_131_of_159_on_the_page_and_in_the_api(quang_binh, province_officer, client):
    result = _import(province_officer, quang_binh.province, _rows_2011(quang_binh.communes))
    assert result.ok, result.errors
    assert (result.imported, result.replaced) == (159, 0)
    imported = Classification.objects.filter(year=2011)
    assert imported.count() == 159 and set(imported.values_list("source", flat=True)) == {Source.IMPORTED}
    assert imported.filter(level="good", imported_level="good").count() == 131
    assert imported.filter(imported_score=75).count() == 65

    rows = {r.block: r for r in classification_counts(actor=province_officer, year=2011, area=quang_binh.province)}
    communes = rows["commune"]
    assert (communes.fraction("good"), communes.fraction("average"), communes.not_classified) == ("131/159",
                                                                                                  "28/159", 0)
    client.force_login(province_officer)
    page = client.get(reverse("classification:statistics"), {"area": quang_binh.province.pk, "year": 2011})
    html = page.content.decode()
    assert "<span data-fraction>131/159</span>" in html and "<span data-fraction>28/159</span>" in html
    # The current province links to the province of that time.
    page = client.get(reverse("classification:statistics"), {"area": tree_province(province_officer), "year": 2011})
    assert f'data-historic-area="{quang_binh.province.pk}"' in page.content.decode()

    api = APIClient()
    api.force_authenticate(province_officer)
    data = api.get("/api/v1/classification/counts/", {"area": quang_binh.province.pk, "year": 2011}).data
    block = next(b for b in data["blocks"] if b["block"] == "commune")
    assert block["levels"]["good"]["fraction"] == "131/159" and block["levels"]["average"]["fraction"] == "28/159"
    assert block["levels"]["good"]["share"] == "82.4" and block["levels"]["average"]["share"] == "17.6"
    # … and in the workbook: the sentence of the summary sheet, and the counts of the communes' block.
    response = client.get(reverse("classification:statistics_xlsx"), {"area": quang_binh.province.pk, "year": 2011})
    summary = load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    text = " ".join(str(cell.value) for cell in summary["A"] if cell.value)
    assert "Khá 131/159" in text and "Trung bình 28/159" in text
    commune_row = next(row for row in summary.iter_rows(min_row=6, values_only=True) if row[1] == 159)
    assert 131 in commune_row and 28 in commune_row
    district = [r for r in classification_counts(actor=province_officer, year=2011, area=quang_binh.districts[0])]
    assert next(r for r in district if r.block == "commune").fraction("good") == "65/79"
    assert AuditEvent.objects.filter(action="classification.import").count() == 1


def tree_province(user):
    return user.roles.get().unit_id


def test_a_block_with_units_not_classified_shows_them(quang_binh, province_officer):
    rows = _rows_2011(quang_binh.communes)[:150]
    assert _import(province_officer, quang_binh.province, rows).ok
    communes = next(r for r in classification_counts(actor=province_officer, year=2011, area=quang_binh.province)
                    if r.block == "commune")
    assert communes.units == 159 and communes.classified == 150 and communes.not_classified == 9
    assert communes.as_dict()["not_classified_fraction"] == "9/159"


def test_bad_rows_save_nothing_and_every_problem_is_listed(quang_binh, province_officer, tree):
    twin = CommuneFactory(parent=quang_binh.districts[1], code="29001", name="Xã Quảng Thử 1", valid_from=None,
                          valid_to=LEGACY_END)
    ClassificationFactory(unit=quang_binh.communes[4], year=2011, status="decided", level="good", block="commune")
    rows = [
        [None, "Xã Quảng Thử 1", 2011, "Khá", None],  # row 2: two communes have this name
        [None, "Xã Không Có", 2011, "Khá", None],  # row 3: unknown name
        ["19003", None, 2011, "Giỏi", None],  # row 4: unknown level
        ["19004", None, 1999, "Khá", None],  # row 5: year out of range
        ["19006", None, 2011, "Khá", 120],  # row 6: score above 100
        ["19007", None, 2011, "Khá", None],
        ["19007", None, 2011, "TB", None],  # row 8: same unit and year as row 7
        ["19005", None, 2011, "Khá", None],  # row 9: entered classification exists
        [tree.kdc_b.code or "999", None, 2011, "Khá", None],  # row 10: not in the area
        [None, None, 2011, "Khá", None],  # row 11: no unit
    ]
    before = Classification.objects.count()
    result = _import(province_officer, quang_binh.province, rows)
    assert not result.ok
    problems = {(e.row, e.column) for e in result.errors}
    assert problems == {(2, "Tên đơn vị"), (3, "Tên đơn vị"), (4, "Xếp loại"), (5, "Năm"), (6, "Điểm"),
                        (8, "Mã đơn vị"), (9, "Năm"), (10, "Mã đơn vị"), (11, "Tên đơn vị")}
    assert Classification.objects.count() == before and not ClassificationTally.objects.exists()
    assert not AuditEvent.objects.filter(action="classification.import").exists()
    assert twin.pk


def test_a_reimport_replaces_imported_results_and_tallies_stay_right(quang_binh, province_officer):
    assert _import(province_officer, quang_binh.province, _rows_2011(quang_binh.communes)).ok
    corrected = [[quang_binh.communes[0].code, None, 2011, "Xuất sắc", 92], [quang_binh.communes[1].code, None,
                                                                                2011, "Yeu", None]]
    result = _import(province_officer, quang_binh.province, corrected)
    assert (result.imported, result.replaced) == (0, 2)
    assert Classification.objects.get(unit=quang_binh.communes[0], year=2011).level == "excellent"
    rows = sorted(ClassificationTally.objects.filter(year=2011, count__gt=0).values_list("area", "block", "level",
                                                                                        "count"))
    tally_rebuild(year=2011)
    assert sorted(ClassificationTally.objects.filter(year=2011, count__gt=0).values_list(
        "area", "block", "level", "count")) == rows
    communes = next(r for r in classification_counts(actor=province_officer, year=2011, area=quang_binh.province)
                    if r.block == "commune")
    assert (communes.fraction("good"), communes.fraction("excellent"), communes.fraction("weak")) == (
        "129/159", "1/159", "1/159")


def test_only_who_decides_for_the_area_imports(quang_binh, commune_officer, tree, client):
    with pytest.raises(ValidationError):
        _import(commune_officer, tree.commune_a, [[None, "Tổ dân phố Trúc Bạch", 2024, "Khá", None]])
    client.force_login(commune_officer)
    assert client.get(reverse("classification:import")).status_code == 404


def test_the_upload_runs_as_a_job_with_its_page(quang_binh, province_officer, client,
                                                django_capture_on_commit_callbacks):
    client.force_login(province_officer)
    url = f"{reverse('classification:import')}?area={quang_binh.province.pk}"
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("Kết quả 2011.xlsx", workbook(_rows_2011(quang_binh.communes)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    job = ClassificationImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("classification:import_job", args=[job.pk])
    assert (job.status, job.imported_count, job.file_name) == ("succeeded", 159, "Kết quả 2011.xlsx")
    page = client.get(response.url).content.decode()
    assert 'id="job-result"' in page and "159" in page
    imported = Classification.objects.get(unit=quang_binh.communes[0], year=2011)
    assert imported.import_job == job
    detail = client.get(reverse("classification:detail", args=[imported.pk])).content.decode()
    assert 'id="imported-note"' in detail and 'id="classification-imported"' in detail
    assert 'data-source="imported"' in detail

    bad = SimpleUploadedFile("sai.xlsx", workbook([["x", None, 2011, "Khá", None]]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": bad})
    failed = ClassificationImport.objects.exclude(pk=job.pk).get()
    assert failed.status == "failed" and failed.errors[0]["row"] == 2
    assert 'id="job-errors"' in client.get(reverse("classification:import_job", args=[failed.pk])).content.decode()
    wrong_type = client.post(url, {"file": SimpleUploadedFile("a.csv", b"a,b\n")})
    assert wrong_type.status_code == 200 and ClassificationImport.objects.count() == 2


def test_file_problems_are_reported_before_the_rows(db):
    from antq.units.transfer.reader import SheetError

    with pytest.raises(SheetError) as error:
        read_rows(workbook([], header=["Tên", "Màu"]), "a.xlsx")
    assert {e.column for e in error.value.errors} == {"Màu", "Năm", "Xếp loại"}
    with pytest.raises(SheetError):
        read_rows(b"not a zip", "a.xlsx")


@pytest.mark.parametrize("text, level", [("Xuất sắc", "excellent"), ("XUAT SAC", "excellent"), ("Khá", "good"),
                                         ("Loại khá", "good"), ("Trung Bình", "average"), ("tb", "average"),
                                         ("Yếu", "weak"), ("kém", "weak"), ("Giỏi", None), ("", None)])
def test_level_words(text, level):
    assert level_from_text(text) == level
