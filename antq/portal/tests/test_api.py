"""The public API: no authentication, only what is published, in the OpenAPI schema."""

import datetime

import pytest
from django.urls import reverse

from antq.exemplars.tests.factories import ExemplarFactory
from antq.portal.tests.factories import NewsItemFactory, PublishedNewsFactory
from antq.recognition.tests.factories import RecognitionCaseFactory

pytestmark = pytest.mark.django_db


def test_news_list_is_public_and_hides_drafts(client, tree):
    PublishedNewsFactory(unit=tree.country, title="Toàn quốc", body="Một.\n\nHai.")
    PublishedNewsFactory(unit=tree.province_b, title="Lào Cai")
    NewsItemFactory(unit=tree.province_a, title="Nháp")
    response = client.get("/api/v1/portal/news/", {"province": tree.province_a.code})
    assert response.status_code == 200 and not response.cookies
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    body = response.json()
    assert [n["title"] for n in body["results"]] == ["Toàn quốc"]
    assert body["results"][0]["paragraphs"] == ["Một.", "Hai."]
    assert body["results"][0]["area"]["national"] is True
    assert client.get("/api/v1/portal/news/").json()["count"] == 2


def test_a_draft_is_404_in_the_api(client, tree):
    draft = NewsItemFactory(unit=tree.province_a)
    assert client.get(f"/api/v1/portal/news/{draft.pk}/").status_code == 404


def test_recognised_units_with_accent_free_search(client, tree):
    RecognitionCaseFactory(unit=tree.kdc_a, year=2026, status="decided", result="met",
                           decision_number="1/QĐ", decision_date=datetime.date(2026, 11, 2))
    RecognitionCaseFactory(unit=tree.commune_a2, year=2026, status="decided", result="met")
    url = "/api/v1/portal/recognised/"
    response = client.get(url, {"province": tree.province_a.code, "year": 2026, "q": "truc bach"})
    assert response.status_code == 200
    assert response.json()["results"] == [{"commune": "Phường Ba Đình", "name": "Tổ dân phố Trúc Bạch",
                                           "kind_label": response.json()["results"][0]["kind_label"],
                                           "decision_number": "1/QĐ", "decision_date": "2026-11-02"}]
    assert client.get(url, {"province": tree.province_a.code, "year": 2026}).json()["count"] == 2
    assert client.get(url).status_code == 400
    assert client.get(url, {"province": "nope"}).status_code == 400


def test_exemplars_endpoint_lists_only_consented_ones(client, tree):
    ExemplarFactory(unit=tree.kdc_a, name="Phạm Văn Đức", public_consent=True)
    ExemplarFactory(unit=tree.kdc_a, name="Hồ Thị Lan", public_consent=False)
    response = client.get("/api/v1/portal/exemplars/", {"province": tree.province_a.code, "q": "pham van duc"})
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    [row] = response.json()["results"]
    assert (row["name"], row["commune_name"], row["province_name"]) == (
        "Phạm Văn Đức", "Phường Ba Đình", "Tỉnh Quảng Trị")
    assert "id_number" not in row and "phone" not in row


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("schema")).content.decode()
    for path in ("/api/v1/portal/news/", "/api/v1/portal/recognised/", "/api/v1/portal/exemplars/"):
        assert path in schema
