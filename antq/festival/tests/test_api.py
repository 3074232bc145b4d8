from antq.festival.models import FestivalEvent
from antq.festival.tests.factories import FestivalEventFactory
from antq.outreach.tests.factories import OutreachActivityFactory


def test_events_create_record_and_coverage(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    refused = client.post("/api/v1/festival/events/", {"unit": tree.kdc_a.pk, "held_on": "2023-08-25",
                                                       "place": "Sân"}, content_type="application/json")
    assert refused.status_code == 400 and not FestivalEvent.objects.exists()
    created = client.post("/api/v1/festival/events/", {"unit": tree.kdc_a.pk, "held_on": "02/08/2025",
                                                       "place": "Sân"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "planned"
    pk = created.json()["id"]
    recorded = client.post(f"/api/v1/festival/events/{pk}/record/", {"participants": 90},
                           content_type="application/json")
    assert recorded.json()["status"] == "held" and recorded.json()["participants"] == 90
    assert client.get("/api/v1/festival/events/?year=2025").json()["count"] == 1
    coverage = client.get(f"/api/v1/festival/coverage/?area={tree.commune_a.pk}&year=2025").json()
    assert coverage["held"] == 1 and coverage["total"] == 2
    assert [u["id"] for u in coverage["missing"]] == [tree.agency_a.pk]


def test_api_scope(commune_officer, tree, client_for):
    other = FestivalEventFactory(unit=tree.kdc_b)
    activity = OutreachActivityFactory(unit=tree.kdc_b)
    client = client_for(commune_officer)
    assert client.get(f"/api/v1/festival/events/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/festival/events/{other.pk}/record/", {}, content_type="application/json"
                       ).status_code == 404
    assert client.get(f"/api/v1/festival/coverage/?area={tree.commune_b.pk}&year=2025").status_code == 404
    assert client.get(f"/api/v1/outreach/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/api/v1/outreach/totals/?area={tree.commune_b.pk}").status_code == 404
    assert client.post("/api/v1/festival/events/", {"unit": tree.kdc_b.pk, "held_on": "2025-08-02", "place": "X"},
                       content_type="application/json").status_code == 404


def test_outreach_api(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    created = client.post("/api/v1/outreach/activities/", {
        "unit": tree.kdc_a.pk, "held_on": "2025-03-01", "form": "legal_class", "topic": "traffic",
        "title": "Lớp học luật", "audience": 40, "pages": 4100}, content_type="application/json")
    assert created.status_code == 201, created.json()
    totals = client.get("/api/v1/outreach/totals/?start=2025-01-01&end=2025-12-31").json()
    assert totals["pages"] == 4100 and totals["by_form"][0]["code"] == "legal_class"
    assert client.get("/api/v1/outreach/activities/").json()["count"] == 1
