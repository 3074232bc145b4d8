import datetime

import pytest

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory

BASE = "/api/v1/security-teams/"


@pytest.fixture
def team(tree):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], decision_date=datetime.date(2024, 7, 1))
    TeamMemberFactory(team=team, id_number="044080009876")
    return team


def test_team_detail_shows_the_id_number_to_the_commune_and_masks_it_for_a_viewer(tree, commune_officer, client_for,
                                                                                  team):
    data = client_for(commune_officer).get(f"{BASE}{team.pk}/").json()
    assert data["members"][0]["id_number"] == "044080009876"
    viewer = UserFactory(username="xem")
    RoleAssignmentFactory(user=viewer, role=Role.VIEWER, unit=tree.province_a)
    data = client_for(viewer).get(f"{BASE}{team.pk}/").json()
    assert data["members"][0]["id_number"].endswith("876") and "0440800" not in data["members"][0]["id_number"]
    member = data["members"][0]["id"]
    assert "0440800" not in client_for(viewer).get(f"/api/v1/security-team-members/{member}/").json()["id_number"]


def test_create_add_members_and_rate_through_the_api(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(BASE, {"commune": tree.commune_a.pk, "name": "Tổ số 2", "areas": [tree.kdc_a.pk],
                                  "decision_number": "3/QĐ-UBND", "decision_date": "01/07/2024"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    team_id = response.json()["id"]
    person = {"full_name": "Đỗ Văn Tâm", "birth_date": "1953-06-01", "sex": "male", "education": "primary",
              "resident_since": "1990-01-01", "decision_number": "4/QĐ-UBND", "joined_on": "2025-01-10"}
    response = client.post(f"{BASE}{team_id}/members/", person, content_type="application/json")
    assert response.status_code == 400
    assert {"birth_date", "education"} <= set(response.json())
    response = client.post(f"{BASE}{team_id}/members/", person | {
        "education": "lower_secondary", "age_exception": True, "age_exception_reason": "Sức khỏe tốt"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert AuditEvent.objects.filter(action="team_member.add", detail__age_exception__age=71).exists()
    response = client.post(f"{BASE}{team_id}/rate/", {"year": 2025, "level": "good"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["level"] == "good"


def test_another_commune_gets_404(tree, client_for, team):
    other = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=other, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    client = client_for(other)
    assert client.get(f"{BASE}{team.pk}/").status_code == 404
    assert client.post(f"{BASE}{team.pk}/rate/", {"year": 2025, "level": "good"},
                       content_type="application/json").status_code == 404
    assert client.get(BASE).json()["count"] == 0
