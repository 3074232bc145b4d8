"""The recognition cycle over the API: the same services, the same scope, conflicts as 409."""

import pytest
from rest_framework.test import APIClient

from antq.core.models import AuditEvent
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.recognition.tests.factories import file_dossier

BASE = "/api/v1/recognition/cases/"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def _post(client, url, data, expected=200):
    response = client.post(url, data, format="json")
    assert response.status_code == expected, response.content
    return response.json()


def test_a_kdc_goes_through_the_whole_cycle_over_the_api(tree, api, unit_reporter, commune_officer):
    reporter, officer = api(unit_reporter), api(commune_officer)
    case = _post(reporter, BASE, {"unit": tree.kdc_a.pk, "year": 2026, "note": "Đăng ký quý I"}, 201)
    assert case["status"] == "registered" and case["legal_basis"] == "tt124_2021"
    url = f"{BASE}{case['id']}/"
    case = _post(reporter, url + "answer/", {"criterion_id": "KDC-2", "met": True, "note": "Có nghị quyết",
                                             "version": case["version"]})
    case = _post(reporter, url + "transition/", {"to": "self_assessed", "version": case["version"]})
    response = reporter.post(url + "transition/", {"to": "submitted", "version": case["version"]}, format="json")
    assert response.status_code == 400 and "Tờ trình" in str(response.json())  # the signed scans first
    file_dossier(RecognitionCase.objects.get(pk=case["id"]), unit_reporter)
    case = _post(reporter, url + "transition/", {"to": "submitted", "version": case["version"]})

    evaluation = reporter.get(url + "evaluation/").json()
    kdc2 = next(r for r in evaluation["results"] if r["criterion"] == "KDC-2")
    assert kdc2["status"] == "met" and "Điều 4 khoản 2" in kdc2["explanation"], kdc2

    case = _post(officer, url + "answer/", {"criterion_id": "KDC-2", "met": True, "stage": "appraisal",
                                            "note": "Đã kiểm tra", "version": case["version"]})
    case = _post(officer, url + "transition/", {"to": "appraised", "version": case["version"]})
    case = _post(officer, url + "decide/", {"result": "met", "decision_number": "15/QĐ-UBND",
                                            "decision_date": "10/11/2026", "signer": "Nguyễn Văn A",
                                            "version": case["version"]})
    assert case["status"] == "decided" and case["decision_date"] == "2026-11-10"
    assert reporter.get(url + "evaluation/").json()["stored"] is True
    assert AuditEvent.objects.filter(target_id=str(case["id"]), action="recognition.decide").count() == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(tree, api, unit_reporter):
    client = api(unit_reporter)
    case = _post(client, BASE, {"unit": tree.kdc_a.pk, "year": 2026}, 201)
    url = f"{BASE}{case['id']}/"
    _post(client, url + "transition/", {"to": "self_assessed", "version": case["version"]})
    response = client.post(url + "transition/", {"to": "submitted", "version": case["version"]}, format="json")
    assert response.status_code == 409 and response.json()["detail"]
    assert RecognitionCase.objects.get().status == CaseStatus.SELF_ASSESSED


def test_refused_steps_are_400_with_the_reason(tree, api, unit_reporter, commune_officer):
    case = _post(api(unit_reporter), BASE, {"unit": tree.kdc_a.pk, "year": 2026}, 201)
    response = api(unit_reporter).post(f"{BASE}{case['id']}/decide/", {
        "result": "met", "decision_number": "1", "decision_date": "2026-11-10", "signer": "A",
        "version": case["version"]}, format="json")
    assert response.status_code in (400, 409)
    assert RecognitionCase.objects.get().status == CaseStatus.REGISTERED


def test_other_communes_cases_are_404_and_not_listed(tree, api, commune_officer, province_officer):
    other = RecognitionCase.objects.create(unit=tree.kdc_b, year=2026, legal_basis="tt124_2021",
                                           registered_at="2026-03-01T00:00:00Z")
    client = api(commune_officer)
    assert client.get(f"{BASE}{other.pk}/").status_code == 404
    assert client.get(f"{BASE}{other.pk}/evaluation/").status_code == 404
    assert client.post(f"{BASE}{other.pk}/transition/", {"to": "self_assessed", "version": 1},
                       format="json").status_code == 404
    assert client.post(BASE, {"unit": tree.kdc_b.pk, "year": 2026}, format="json").status_code == 404
    assert client.get(BASE).json()["count"] == 0
    assert api(province_officer).get(BASE, {"year": 2026}).json()["count"] == 0


def test_a_small_enterprise_cannot_register_over_the_api(tree, api, commune_officer):
    from antq.units.tests.factories import EnterpriseFactory

    small = EnterpriseFactory(parent=tree.commune_a, name="Công ty TNHH Nhỏ", enterprise_size="small",
                              managing_level="commune")
    response = api(commune_officer).post(BASE, {"unit": small.pk, "year": 2026}, format="json")
    assert response.status_code == 400 and "Điều 1" in str(response.json()), response.json()
    assert not RecognitionCase.objects.exists()
