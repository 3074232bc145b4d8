"""Counts of the derived criteria per area and year: the selector, the statistics page, the .xlsx and the API,
and the API of one commune's results."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.recognition.derived.rules import current_rules
from antq.recognition.derived.selectors import derived_counts
from antq.recognition.derived.services import derived_answer_set
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.models import LEGACY_END, LocalKind
from antq.units.tests.factories import CommuneFactory

YEAR = 2025
STATISTICS = reverse("recognition:statistics")
XLSX = reverse("recognition:statistics_xlsx")
API = "/api/v1/recognition/statistics/"
COMMUNE_IDS = ["XA-1a", "XA-2.KDC-3a", "XA-2.KDC-3b", "XA-2.KDC-3c", "XA-2.KDC-3d", "XA-2.KDC-3dd", "XA-2.KDC-3e"]


def _decided(unit, result="met", year=YEAR):
    evaluation = {"outcome": "recognised" if result == "met" else "not_recognised",
                  "results": [{"criterion": cid, "status": "met"} for cid in COMMUNE_IDS]}
    return RecognitionCaseFactory(unit=unit, year=year, status="decided", result=result,
                                  decision_number=f"{unit.pk}/QĐ-UBND", decision_date=datetime.date(year, 11, 18),
                                  appraised_evaluation=evaluation)


def _answer_all(actor, ward, *, not_met=()):
    for content in current_rules().indicator("urban_4").entered_contents_in(YEAR):
        met = content.code not in not_met
        derived_answer_set(actor=actor, commune=ward, year=YEAR, indicator="urban_4", content_code=content.code,
                           met=met, note="Có báo cáo của Công an phường.")


@pytest.fixture
def figures(tree, province_officer):
    """Province A in YEAR: four xã (1 met, 2 not met, 1 undecided), three wards and townships (1 met, 1 not met,
    1 without answers), and noise: a special zone, a closed xã, province B."""
    xa_not_met, xa_pending, xa_not_registered = (CommuneFactory(parent=tree.province_a) for _ in range(3))
    _decided(tree.commune_a2)
    _decided(xa_not_met, "not_met")
    RecognitionCaseFactory(unit=xa_pending, year=YEAR, status="appraised")
    ward_2 = CommuneFactory(parent=tree.province_a, name="Phường Đông Lễ", local_kind=LocalKind.PHUONG)
    town = CommuneFactory(parent=tree.province_a, name="Thị trấn Cửa Việt", local_kind=LocalKind.THI_TRAN)
    for ward in (tree.commune_a, ward_2, town):
        _decided(ward)
    _answer_all(province_officer, tree.commune_a)
    _answer_all(province_officer, ward_2, not_met=("4",))
    CommuneFactory(parent=tree.province_a, name="Đặc khu Cồn Cỏ", local_kind=LocalKind.DAC_KHU)
    _decided(CommuneFactory(parent=tree.province_a, valid_from=None, valid_to=LEGACY_END))
    _decided(tree.commune_b)
    tree.xa_not_registered = xa_not_registered
    return tree


def _counts(area, year=YEAR):
    return {c.indicator.code: c for c in derived_counts(area=area, year=year)}


def test_counts_per_indicator(figures):
    counts = _counts(figures.province_a)
    got = {code: (c.eligible, c.met, c.not_met, c.missing_data) for code, c in counts.items()}
    assert got == {"ntm_19_2": (4, 1, 2, 1), "urban_4": (3, 1, 1, 1)}
    assert {k: str(v) for k, v in counts["ntm_19_2"].shares.items()} == {
        "met": "25.0", "not_met": "50.0", "missing_data": "25.0"}
    assert str(counts["urban_4"].shares["met"]) == "33.3"
    assert {code: (c.eligible, c.met) for code, c in _counts(figures.commune_a).items()} == {
        "ntm_19_2": (0, 0), "urban_4": (1, 1)}
    assert counts["urban_4"].share(0) is not None and _counts(figures.commune_a)["ntm_19_2"].share(0) is None


def test_a_year_the_indicator_does_not_cover_counts_nothing(figures):
    later = _counts(figures.province_a, YEAR + 1)["ntm_19_2"]
    assert (later.defined, later.eligible, later.met, later.not_met) == (False, 4, 0, 0)


def test_query_count_does_not_grow_with_communes(figures, django_assert_num_queries):
    with django_assert_num_queries(4):  # definitions, communes, cases, answers
        derived_counts(area=figures.province_a, year=YEAR)
    for _ in range(4):
        _decided(CommuneFactory(parent=figures.province_a, local_kind=LocalKind.PHUONG))
    with django_assert_num_queries(4):
        counts = _counts(figures.province_a)
    assert (counts["urban_4"].eligible, counts["urban_4"].missing_data) == (7, 5)


def test_page_shows_the_derived_table(figures, province_officer, client_for):
    response = client_for(province_officer).get(STATISTICS, {"year": YEAR})
    html = response.content.decode()
    assert 'id="derived-statistics-table"' in html and 'data-indicator="ntm_19_2"' in html
    assert "25,0" in html and "33,3" in html  # Vietnamese decimal comma
    later = client_for(province_officer).get(STATISTICS, {"year": YEAR + 1}).content.decode()
    assert 'data-field="not_defined"' in later


def test_xlsx_has_a_sheet_of_derived_criteria(figures, province_officer, client_for):
    response = client_for(province_officer).get(XLSX, {"area": figures.province_a.pk, "year": YEAR})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Thống kê", "Tiêu chí quốc gia"]
    rows = list(book["Tiêu chí quốc gia"].iter_rows(values_only=True))
    assert rows[2][:5] == ("Tiêu chí", "Áp dụng cho", "Số đơn vị", "Đạt", "Tỷ lệ đạt (%)")
    assert rows[3][1:9] == ("xã", 4, 1, 25.0, 2, 50.0, 1, 25.0)
    assert rows[4][1:5] == ("phường, thị trấn", 3, 1, 33.3)


def test_api_has_the_derived_counts(figures, province_officer, client_for):
    data = client_for(province_officer).get(API, {"area": figures.province_a.pk, "year": YEAR}).json()
    ntm = next(d for d in data["derived"] if d["indicator"] == "ntm_19_2")
    assert (ntm["eligible"], ntm["met"], ntm["not_met"], ntm["missing_data"]) == (4, 1, 2, 1)
    assert ntm["shares"] == {"met": "25.0", "not_met": "50.0", "missing_data": "25.0"}
    assert ntm["local_kinds"] == ["xa"] and ntm["defined_for_year"] is True


# --- one commune's results -------------------------------------------------------------------------


def derived_api(unit):
    return f"/api/v1/recognition/derived/{unit.pk}/"


def test_commune_api_gives_each_content_with_its_explanation(figures, commune_officer, client_for):
    response = client_for(commune_officer).get(derived_api(figures.commune_a), {"year": YEAR})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"]["id"] == figures.commune_a.pk and data["recognition"]["result"] == "met"
    assert [i["indicator"] for i in data["indicators"]] == ["urban_4"]
    urban = data["indicators"][0]
    assert urban["status"] == "met" and len(urban["contents"]) == 6
    first = urban["contents"][0]
    assert (first["decided_by"], first["criteria"], first["status"]) == ("from_recognition", ["XA-2.KDC-3a"], "met")


def test_commune_api_for_a_xa(figures, province_officer, client_for):
    data = client_for(province_officer).get(derived_api(figures.xa_not_registered), {"year": YEAR}).json()
    assert data["recognition"] is None
    assert [(i["indicator"], i["status"]) for i in data["indicators"]] == [("ntm_19_2", "not_met")]


def test_commune_api_refuses_out_of_scope_not_a_commune_and_bad_years(figures, commune_officer, client_for):
    client = client_for(commune_officer)
    assert client.get(derived_api(figures.commune_b)).status_code == 404
    assert client.get(derived_api(figures.kdc_a)).status_code == 404
    assert client.get(derived_api(figures.commune_a), {"year": "1900"}).status_code == 400
    assert client.get(derived_api(figures.commune_a)).status_code == 200  # this year by default


def test_commune_api_is_in_the_schema(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/recognition/derived/{unit_pk}/" in schema["paths"]
