"""The classification API: the same services and scope as the pages, and in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from antq.classification.models import Classification, ClassificationStatus
from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory, sheet_scores

YEAR = 2026
BASE = "/api/v1/classifications/"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def test_the_cycle_over_the_api(tree, unit_reporter, commune_officer, api):
    unit_side, reviewer = api(unit_reporter), api(commune_officer)
    response = unit_side.post(BASE, {"unit": tree.kdc_a.pk, "year": YEAR}, format="json")
    assert response.status_code == 201 and response.data["status"] == "draft"
    pk, version = response.data["id"], response.data["version"]
    scores = [{"item_id": k, "points": str(v["points"]), "note": v["note"]}
              for k, v in sheet_scores(tree.kdc_a, YEAR, 88).items()]
    response = unit_side.post(f"{BASE}{pk}/scores/", {"stage": "self", "scores": scores, "seen_version": version},
                              format="json")
    assert response.status_code == 200 and len(response.data["scores"]) == 17
    response = unit_side.post(f"{BASE}{pk}/transition/", {"to": "submitted"}, format="json")
    assert response.data["self_level"] == "good" and response.data["self_total"] == 88
    refused = reviewer.post(f"{BASE}{pk}/scores/", {"stage": "review", "scores": [
        {"item_id": "PT-KDC-1a", "points": "1", "note": ""}]}, format="json")
    assert refused.status_code == 400 and "PT-KDC-1a" in refused.data
    response = reviewer.post(f"{BASE}{pk}/scores/", {"stage": "review", "scores": [
        {"item_id": "PT-KDC-1a", "points": "1", "note": "Chưa có nghị quyết chi bộ"}]}, format="json")
    assert response.status_code == 200
    response = reviewer.post(f"{BASE}{pk}/transition/", {"to": "reviewed"}, format="json")
    assert (response.data["reviewed_total"], response.data["reviewed_level"]) == (85, "good")
    stale = reviewer.post(f"{BASE}{pk}/decide/", {"seen_version": 1}, format="json")
    assert stale.status_code == 409
    response = reviewer.post(f"{BASE}{pk}/decide/", {}, format="json")
    assert response.status_code == 200 and response.data["level"] == "good" and response.data["status"] == "decided"
    assert reviewer.post(f"{BASE}{pk}/reopen/", {"reason": "Xin mở lại"}, format="json").status_code == 400
    assert reviewer.post(f"{BASE}{pk}/decide/", {}, format="json").status_code == 409  # already decided
    assert Classification.objects.get(pk=pk).status == ClassificationStatus.DECIDED


def test_lists_and_details_stay_in_scope(tree, commune_officer, api):
    own = ClassificationFactory(unit=tree.kdc_a)
    other = ClassificationFactory(unit=tree.kdc_b)
    client = api(commune_officer)
    ids = [row["id"] for row in client.get(BASE, {"year": YEAR}).data["results"]]
    assert ids == [own.pk]
    assert client.get(f"{BASE}{other.pk}/").status_code == 404
    assert client.post(f"{BASE}{other.pk}/transition/", {"to": "submitted"}, format="json").status_code == 404
    assert client.post(BASE, {"unit": tree.kdc_b.pk, "year": YEAR}, format="json").status_code == 404
    assert client.get(BASE, {"area": tree.province_b.pk}).status_code == 404
    assert APIClient().get(BASE).status_code in (401, 403)


def test_counts(tree, province_officer, commune_officer, api):
    ClassificationFactory(unit=tree.commune_a, status="decided", level="good", block="commune")
    tally_rebuild(year=YEAR)
    data = api(province_officer).get("/api/v1/classification/counts/", {"area": tree.province_a.pk,
                                                                         "year": YEAR}).data
    communes = next(b for b in data["blocks"] if b["block"] == "commune")
    assert communes["units"] == 2 and communes["levels"]["good"] == {"count": 1, "fraction": "1/2", "share": "50.0"}
    assert communes["not_classified"] == 1 and communes["not_classified_fraction"] == "1/2"
    assert api(commune_officer).get("/api/v1/classification/counts/",
                                    {"area": tree.province_b.pk}).status_code == 404


def test_sheets(tree, commune_officer, api):
    client = api(commune_officer)
    data = client.get("/api/v1/classification/sheets/enterprise/", {"year": 2024}).data
    assert data["regulation"]["code"] == "qd510_2022" and data["sheet"]["code"] == "CQ"
    first = data["sheet"]["items"][0]
    assert (first["id"], first["max_points"], first["status"]) == ("PT-CQ-1", "3", "confirmed")
    assert data["bands"][0] == {"level": "excellent", "min_points": "90"} and data["deadline"] == "2024-11-30"
    assert client.get("/api/v1/classification/sheets/commune/", {"year": 2011}).data["regulation"]["code"] == \
        "before_2022"
    assert client.get("/api/v1/classification/sheets/province/", {"year": 2024}).status_code == 404
    assert client.get("/api/v1/classification/sheets/commune/").status_code == 400


def test_the_routes_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/classifications/", "/api/v1/classifications/{id}/decide/",
                 "/api/v1/classification/counts/", "/api/v1/classification/sheets/{kind}/"):
        assert path in schema["paths"], path
