"""The public list of recognised units (TT 124/2021 art. 3): open to anyone, and only what is published."""

import datetime

import pytest
from django.urls import reverse

from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.tests.factories import EnterpriseFactory, ProvinceFactory, ResidentialAreaFactory

YEAR = 2026
PUBLIC = reverse("recognition:public")


@pytest.fixture
def published(tree):
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="met",
                           decision_number="123/QĐ-UBND", decision_date=datetime.date(YEAR, 11, 20),
                           decision_signer="Nguyễn Văn Ký")
    RecognitionCaseFactory(unit=tree.commune_a2, year=YEAR, status="decided", result="met",
                           decision_number="77/QĐ-UBND", decision_date=datetime.date(YEAR, 12, 5))
    RecognitionCaseFactory(unit=ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Chưa Đạt"), year=YEAR,
                           status="decided", result="not_met", decision_number="124/QĐ-UBND",
                           decision_date=datetime.date(YEAR, 11, 20))
    RecognitionCaseFactory(unit=EnterpriseFactory(parent=tree.commune_a, name="Công ty Đang Thẩm Định"), year=YEAR,
                           status="appraised")
    RecognitionCaseFactory(unit=ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Năm Trước"),
                           year=YEAR - 1, status="decided", result="met", decision_number="9/QĐ-UBND",
                           decision_date=datetime.date(YEAR - 1, 12, 1))
    RecognitionCaseFactory(unit=tree.kdc_b, year=YEAR, status="decided", result="met",
                           decision_number="55/QĐ-UBND", decision_date=datetime.date(YEAR, 12, 1))
    return tree


def test_anonymous_user_sees_the_recognised_units_of_the_province_and_year(published, client):
    response = client.get(PUBLIC, {"province": published.province_a.code, "year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổ dân phố Trúc Bạch" in html and "123/QĐ-UBND" in html and "20/11/2026" in html
    assert "Xã Đông Hà" in html and "77/QĐ-UBND" in html
    groups = {c.name: [e.name for e in c.entries] for c in response.context["communes"]}
    assert groups == {"Phường Ba Đình": ["Tổ dân phố Trúc Bạch"], "Xã Đông Hà": ["Xã Đông Hà"]}


def test_nothing_else_is_published(published, client):
    html = client.get(PUBLIC, {"province": published.province_a.code, "year": YEAR}).content.decode()
    for hidden in ("Thôn Chưa Đạt", "124/QĐ-UBND", "Công ty Đang Thẩm Định", "Thôn Năm Trước",
                   "Thôn Bản Lầu", "55/QĐ-UBND", "Nguyễn Văn Ký", "Trung tâm Y tế Ba Đình"):
        assert hidden not in html, hidden
    assert 'id="nav-main"' not in html  # the page renders for anonymous users without the navigation


def test_another_year_and_another_province(published, client):
    earlier = client.get(PUBLIC, {"province": published.province_a.code, "year": YEAR - 1}).content.decode()
    assert "Thôn Năm Trước" in earlier and "Tổ dân phố Trúc Bạch" not in earlier
    other = client.get(PUBLIC, {"province": published.province_b.code, "year": YEAR}).content.decode()
    assert "Thôn Bản Lầu" in other and "Tổ dân phố Trúc Bạch" not in other


def test_province_select_lists_current_provinces_only(published, client):
    ProvinceFactory(parent=published.country, name="Tỉnh Quảng Bình", code="",
                    valid_from=None, valid_to=datetime.date(2025, 6, 30))
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert [p.name for p in response.context["provinces"]] == ["Tỉnh Lào Cai", "Tỉnh Quảng Trị"]
    assert response.context["communes"] == [] and 'id="public-choose"' in response.content.decode()
    assert YEAR in response.context["years"] and YEAR - 1 in response.context["years"]


def test_an_unknown_province_code_lists_nothing(published, client):
    response = client.get(PUBLIC, {"province": "<script>", "year": "abc"})
    assert response.status_code == 200
    assert response.context["communes"] == []
