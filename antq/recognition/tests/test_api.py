"""The criteria API view, called directly: its route is registered by antq/api/urls.py (lead)."""

from rest_framework.test import APIRequestFactory, force_authenticate

from antq.recognition.api import CriteriaSetAPIView

view = CriteriaSetAPIView.as_view()


def _get(user, kind, **params):
    request = APIRequestFactory().get(f"/api/v1/recognition/criteria/{kind}/", params)
    if user is not None:
        force_authenticate(request, user=user)
    return view(request, kind=kind)


def test_any_signed_in_user_reads_the_resolved_criteria(commune_officer):
    response = _get(commune_officer, "commune", year=2023)
    assert response.status_code == 200
    data = response.data
    assert data["legal_basis"]["code"] == "tt124_2021" and data["period"] == {"start": "2022-11-16",
                                                                             "end": "2023-11-15"}
    crime = next(c for c in data["criteria"] if c["id"] == "XA-2.KDC-4b")
    assert crime["inherited_from"] == "KDC-4b" and crime["applied_by"] == "Điều 5 khoản 2"
    assert crime["exceptions"] == ["force_majeure", "detected_mitigated_reported"]
    assert next(c for c in data["criteria"] if c["id"] == "XA-4b")["value"] == "70"


def test_year_picks_the_legal_basis(commune_officer):
    assert _get(commune_officer, "school", year=2020).data["legal_basis"]["code"] == "tt23_2012"


def test_bad_requests(commune_officer, db):
    assert _get(commune_officer, "commune").status_code == 400  # no year
    assert _get(commune_officer, "province", year=2023).status_code == 404
    assert _get(commune_officer, "commune", year=2005).status_code == 404
    assert _get(None, "commune", year=2023).status_code in (401, 403)
