"""The API: same scope, filters and rules as the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.incidents.models import Incident, IncidentEvidence, IncidentPerson
from antq.incidents.tests.factories import (
    PDF_BYTES,
    CrimeFactory,
    DisciplineIncidentFactory,
    IncidentEvidenceFactory,
    IncidentFactory,
    IncidentPersonFactory,
)

URL = "/api/v1/incidents/"


@pytest.fixture
def other_commune_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


def _crime(unit, **extra):
    return {"unit": unit.pk, "type": "crime", "occurred_on": "2025-03-05", "title": "Trộm cắp xe máy",
            "severity": "less_serious", **extra}


def test_list_is_scoped_and_filtered(province_officer, tree, client_for):
    CrimeFactory(unit=tree.kdc_a, title="Trộm cắp tài sản")
    IncidentFactory(unit=tree.commune_a2, title="Đánh bạc", occurred_on=datetime.date(2024, 1, 2))
    CrimeFactory(unit=tree.kdc_b, title="Vụ ở Lào Cai")
    client = client_for(province_officer)

    body = client.get(URL).json()
    assert body["count"] == 2 and {r["title"] for r in body["results"]} == {"Trộm cắp tài sản", "Đánh bạc"}
    assert {r["title"] for r in client.get(URL, {"area": tree.commune_a.pk}).json()["results"]} == {
        "Trộm cắp tài sản"}
    assert {r["title"] for r in client.get(URL, {"year": 2024}).json()["results"]} == {"Đánh bạc"}
    assert {r["title"] for r in client.get(URL, {"type": "crime"}).json()["results"]} == {"Trộm cắp tài sản"}
    assert {r["title"] for r in client.get(URL, {"q": "TROM CAP"}).json()["results"]} == {"Trộm cắp tài sản"}
    assert client.get(URL, {"area": tree.commune_b.pk}).status_code == 404
    assert client.get(URL, {"year": "last"}).status_code == 400


def test_list_query_count_is_flat(province_officer, tree, client_for, django_assert_num_queries):
    client = client_for(province_officer)
    for _index in range(20):
        incident = DisciplineIncidentFactory(unit=tree.agency_a)
        IncidentPersonFactory(incident=incident)
        IncidentEvidenceFactory(incident=incident)
    client.get(URL)
    # Session and user (2), grants (2), count, page, people, evidence, session save (3): whatever the rows.
    with django_assert_num_queries(11):
        body = client.get(URL).json()
    assert body["count"] == 20 and len(body["results"][0]["people"]) == 1


def test_read_carries_codes_and_labels(province_officer, tree, client_for):
    incident = DisciplineIncidentFactory(unit=tree.agency_a)
    IncidentPersonFactory(incident=incident, discipline="warning", full_name="Lê Văn Bình")
    evidence = IncidentEvidenceFactory(incident=incident)
    body = client_for(province_officer).get(f"{URL}{incident.pk}/", headers={"Accept-Language": "en"}).json()
    assert body["type"] == "staff_sanctioned" and body["unit"] == tree.agency_a.pk
    assert body["type_label"] == "Cán bộ, nhân viên, người học vi phạm pháp luật về ANTT, mắc tệ nạn xã hội bị kỷ luật"
    assert body["people"] == [{"id": incident.people.get().pk, "full_name": "Lê Văn Bình", "role_in_unit": "staff",
                               "discipline": "warning", "note": ""}]
    assert body["evidence"][0]["download_url"] == f"/incidents/evidence/{evidence.pk}/"
    assert body["withdrawn"] is False


def test_create_update_and_withdraw(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post(URL, _crime(tree.kdc_a), content_type="application/json")
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert response.json()["id"] == incident.pk and incident.created_by == commune_officer

    response = client.patch(f"{URL}{incident.pk}/", {"severity": "serious", "occurred_on": "06/03/2025"},
                            content_type="application/json")
    assert response.status_code == 200
    incident.refresh_from_db()
    assert incident.severity == "serious" and incident.occurred_on == datetime.date(2025, 3, 6)

    response = client.post(f"{URL}{incident.pk}/withdraw/", {"reason": "Nhập trùng"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["withdrawn"] is True
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "incident.create", "incident.update", "incident.withdraw"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"severity": ""}, "severity"), ({"type": "social_evil"}, "severity"), ({"type": "meteor"}, "type"),
     ({"occurred_on": "2099-01-01"}, "occurred_on")],
)
def test_invalid_incidents_are_a_400(commune_officer, tree, client_for, extra, field):
    response = client_for(commune_officer).post(URL, _crime(tree.kdc_a, **extra), content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert not Incident.objects.exists()


@pytest.mark.parametrize("role", ["other_commune_officer", "viewer"])
def test_no_writes_outside_data_entry(request, tree, client_for, role):
    client = client_for(request.getfixturevalue(role))
    incident = CrimeFactory(unit=tree.kdc_a, title="Giữ nguyên")
    assert client.post(URL, _crime(tree.kdc_a), content_type="application/json").status_code == 404
    assert client.patch(f"{URL}{incident.pk}/", {"title": "Đổi"}, content_type="application/json").status_code == 404
    assert client.post(f"{URL}{incident.pk}/withdraw/", {"reason": "x"},
                       content_type="application/json").status_code == 404
    incident.refresh_from_db()
    assert incident.title == "Giữ nguyên" and not incident.is_withdrawn
    assert Incident.objects.count() == 1 and not AuditEvent.objects.exists()
    expected = 404 if role == "other_commune_officer" else 200
    assert client.get(f"{URL}{incident.pk}/").status_code == expected


def test_people_and_evidence_through_the_api(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    incident = DisciplineIncidentFactory(unit=tree.agency_a)
    response = client.post(f"{URL}{incident.pk}/people/", {"full_name": "Lê Văn Bình", "role_in_unit": "staff",
                                                            "discipline": "warning"}, content_type="application/json")
    assert response.status_code == 201 and IncidentPerson.objects.get().discipline == "warning"
    response = client.post(f"{URL}{incident.pk}/evidence/", {"file": SimpleUploadedFile("bb.pdf", PDF_BYTES)})
    assert response.status_code == 201 and IncidentEvidence.objects.get().original_name == "bb.pdf"
    response = client.post(f"{URL}{incident.pk}/evidence/", {"file": SimpleUploadedFile("bb.exe", b"MZ")})
    assert response.status_code == 400 and "file" in response.json()


def test_catalogue_endpoint(viewer, client_for, client, tree):
    body = client_for(viewer).get(f"{URL}catalogue/").json()
    assert "crime" in {t["code"] for t in body["types"]}
    assert [s["code"] for s in body["severities"]["levels"]][-1] == "especially_serious"
    client.logout()
    assert client.get(f"{URL}catalogue/").status_code in (401, 403)


def test_schema_lists_the_incident_endpoints(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/incidents/" in schema.content and b"/api/v1/incidents/catalogue/" in schema.content
