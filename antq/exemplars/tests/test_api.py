
from antq.core.models import AuditEvent
from antq.exemplars.models import Exemplar


def test_create_filter_and_consent_through_the_api(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post("/api/v1/exemplars/", {
        "unit": tree.kdc_a.pk, "year": 2025, "kind": "collective", "name": "Tổ dân phố Trúc Bạch",
        "achievement": "Không có tệ nạn", "proposed_by": "Công an phường"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    listed = client.get("/api/v1/exemplars/" + "?q=truc bach&kind=collective").json()
    assert [r["id"] for r in listed["results"]] == [pk]
    response = client.post(f"/api/v1/exemplars/{pk}/consent/", {"consent": True},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["public_consent"] is True
    assert AuditEvent.objects.filter(action="exemplar.consent").count() == 1
    response = client.post("/api/v1/exemplars/", {
        "unit": tree.kdc_b.pk, "year": 2025, "kind": "collective", "name": "X", "achievement": "x",
        "proposed_by": "x"}, content_type="application/json")
    assert response.status_code == 404 and Exemplar.objects.count() == 1
    response = client.post("/api/v1/exemplars/", {
        "unit": tree.kdc_a.pk, "year": 2025, "kind": "individual", "name": "Y", "achievement": "x",
        "proposed_by": "x", "id_number": "123"}, content_type="application/json")
    assert response.status_code == 400 and "id_number" in response.json()
