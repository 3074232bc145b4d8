"""Recognition statistics of an area and year: the selector's counts, the page, the .xlsx and the API."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.recognition.statistics import recognition_statistics
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    EnterpriseFactory,
    ResidentialAreaFactory,
    SchoolFactory,
)

YEAR = 2026
STATISTICS = reverse("recognition:statistics")
XLSX = reverse("recognition:statistics_xlsx")
API = "/api/v1/recognition/statistics/"


def _decided(unit, result, year=YEAR, **extra):
    return RecognitionCaseFactory(unit=unit, year=year, status="decided", result=result,
                                  decision_number=f"{unit.pk}/QĐ-UBND", decision_date=datetime.date(year, 12, 1),
                                  **extra)


@pytest.fixture
def figures(tree):
    """Province A in YEAR: 4 KDCs (1 met, 1 not met, 1 pending, 1 not registered), communes (1 met of 2),
    organisations with the uncovered ones registered or not, and noise outside the area or the year."""
    kdc_met, kdc_not_met, kdc_pending = tree.kdc_a, *ResidentialAreaFactory.create_batch(2, parent=tree.commune_a)
    ResidentialAreaFactory(parent=tree.commune_a2)  # not registered
    ResidentialAreaFactory(parent=tree.commune_a2, valid_to=datetime.date(2025, 6, 30))  # gone before the year
    _decided(kdc_met, "met")
    _decided(kdc_not_met, "not_met")
    RecognitionCaseFactory(unit=kdc_pending, year=YEAR, status="submitted")
    _decided(tree.commune_a, "met")
    _decided(tree.commune_a2, "met", year=YEAR - 1)  # another year: not registered in YEAR
    # Organisations: agency_a registered and pending; an armed-forces agency is not covered, even registered.
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR, status="self_assessed")
    RecognitionCaseFactory(unit=AgencyFactory(parent=tree.commune_a, is_armed_forces=True), year=YEAR)
    _decided(EnterpriseFactory(parent=tree.commune_a), "met")
    EnterpriseFactory(parent=tree.commune_a, enterprise_size="small")
    SchoolFactory(parent=tree.commune_a2)
    SchoolFactory(parent=tree.commune_a2, school_level="primary")
    # Province B: never counted for province A.
    _decided(tree.kdc_b, "met")
    _decided(tree.commune_b, "not_met")
    return tree


def _rows(area, year=YEAR):
    return {r.kind: r for r in recognition_statistics(area=area, year=year)}


def test_counts_per_kind_in_one_query(figures, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = recognition_statistics(area=figures.province_a, year=YEAR)
    assert [r.kind for r in rows] == ["residential_area", "commune", "agency", "enterprise", "school"]
    got = {r.kind: (r.total, r.registered, r.recognised, r.not_recognised, r.pending, r.not_registered)
           for r in rows}
    assert got == {
        "residential_area": (4, 3, 1, 1, 1, 1),
        "commune": (2, 1, 1, 0, 0, 1),
        "agency": (1, 1, 0, 0, 1, 0),
        "enterprise": (1, 1, 1, 0, 0, 0),
        "school": (1, 0, 0, 0, 0, 1),
    }


def test_shares_are_of_the_total(figures):
    kdc = _rows(figures.province_a)["residential_area"]
    assert {k: str(v) for k, v in kdc.shares.items()} == {
        "registered": "75.0", "recognised": "25.0", "not_recognised": "25.0", "pending": "25.0",
        "not_registered": "25.0"}
    empty = _rows(figures.commune_b, year=YEAR)["school"]
    assert empty.total == 0 and empty.share(empty.registered) is None


def test_area_is_a_subtree_and_the_year_counts(figures):
    commune = _rows(figures.commune_a)
    assert (commune["residential_area"].total, commune["commune"].total) == (3, 1)
    assert _rows(figures.province_b)["commune"].not_recognised == 1
    earlier = _rows(figures.province_a, year=YEAR - 1)
    assert (earlier["commune"].recognised, earlier["residential_area"].registered) == (1, 0)


def test_query_count_does_not_grow_with_units(figures, django_assert_num_queries):
    for _ in range(5):
        unit = SchoolFactory(parent=CommuneFactory(parent=figures.province_a))
        RecognitionCaseFactory(unit=unit, year=YEAR)
    with django_assert_num_queries(1):
        rows = _rows(figures.province_a)
    assert (rows["school"].total, rows["school"].registered, rows["commune"].total) == (6, 5, 7)


def test_page_shows_the_table_for_the_default_area(figures, province_officer, client_for):
    response = client_for(province_officer).get(STATISTICS, {"year": YEAR})
    assert response.status_code == 200
    assert response.context["area"] == figures.province_a
    html = response.content.decode()
    assert 'data-kind="residential_area"' in html and f"area={figures.province_a.pk}&amp;year={YEAR}" in html
    assert "75,0" in html  # Vietnamese decimal comma


def test_page_and_downloads_refuse_an_area_out_of_scope(figures, commune_officer, client_for):
    client = client_for(commune_officer)
    for url in (STATISTICS, XLSX, API):
        assert client.get(url, {"area": figures.province_a.pk}).status_code == 404
        assert client.get(url, {"area": figures.commune_b.pk}).status_code == 404
    assert client.get(STATISTICS, {"area": figures.commune_a.pk}).status_code == 200


def test_statistics_need_login(figures, client):
    assert client.get(STATISTICS).status_code == 302
    assert client.get(XLSX).status_code == 302
    assert client.get(API).status_code in (401, 403)


def test_xlsx_has_vietnamese_headers_and_the_counts(figures, province_officer, client_for):
    response = client_for(province_officer).get(XLSX, {"area": figures.province_a.pk, "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:4] == ("Loại đơn vị", "Tổng số", "Đăng ký", "Tỷ lệ đăng ký (%)")
    assert rows[3][:6] == ("Khu dân cư", 4, 3, 75.0, 1, 25.0)
    assert len(rows) == 8


def test_api_returns_the_rows(figures, province_officer, client_for):
    response = client_for(province_officer).get(API, {"area": figures.commune_a.pk, "year": YEAR})
    assert response.status_code == 200
    data = response.json()
    assert data["area"]["id"] == figures.commune_a.pk and data["year"] == YEAR
    kdc = next(r for r in data["rows"] if r["kind"] == "residential_area")
    assert kdc == {"kind": "residential_area", "total": 3, "registered": 3, "recognised": 1, "not_recognised": 1,
                   "pending": 1, "not_registered": 0,
                   "shares": {"registered": "100.0", "recognised": "33.3", "not_recognised": "33.3",
                              "pending": "33.3", "not_registered": "0.0"}}
