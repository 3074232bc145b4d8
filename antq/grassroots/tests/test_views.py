import datetime

import pytest
from django.urls import reverse

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.grassroots.models import RatingLevel, SecurityTeam, TeamMember, TeamRating
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory


@pytest.fixture
def team(tree):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], name="Tổ bảo vệ ANTT Trúc Bạch",
                               decision_date=datetime.date(2024, 7, 1))
    TeamMemberFactory(team=team, full_name="Phạm Văn Lực", id_number="044080009876")
    return team


def test_list_detail_and_id_number_shown_to_the_commune(commune_officer, client_for, team):
    client = client_for(commune_officer)
    page = client.get(reverse("grassroots:teams"))
    assert "Tổ bảo vệ ANTT Trúc Bạch" in page.content.decode()
    detail = client.get(reverse("grassroots:team_detail", args=[team.pk])).content.decode()
    assert "044080009876" in detail


def test_id_number_masked_for_a_viewer_and_the_kdc_reporter_sees_their_team(tree, unit_reporter, client_for, team):
    viewer = UserFactory(username="xem")
    RoleAssignmentFactory(user=viewer, role=Role.VIEWER, unit=tree.commune_a)
    for user in (viewer, unit_reporter):
        client = client_for(user)
        detail = client.get(reverse("grassroots:team_detail", args=[team.pk])).content.decode()
        assert "Phạm Văn Lực" in detail and "044080009876" not in detail and "876" in detail
        assert client.get(reverse("grassroots:team_update", args=[team.pk])).status_code == 404


def test_another_communes_officer_gets_404(tree, client_for, team):
    other = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=other, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    client = client_for(other)
    member = team.members.get()
    for url in (reverse("grassroots:team_detail", args=[team.pk]), reverse("grassroots:team_rate", args=[team.pk]),
                reverse("grassroots:member_update", args=[member.pk]),
                reverse("grassroots:team_create") + f"?commune={tree.commune_a.pk}"):
        assert client.get(url).status_code == 404
    assert "Trúc Bạch" not in client.get(reverse("grassroots:teams")).content.decode()


def test_create_team_add_member_and_rate(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("grassroots:team_create"), {
        "commune": tree.commune_a.pk, "name": "Tổ số 1", "areas": [tree.kdc_a.pk], "households": "420",
        "decision_number": "15/QĐ-UBND", "decision_date": "05/07/2024"})
    team = SecurityTeam.objects.get(name="Tổ số 1")
    assert response.url == reverse("grassroots:member_add", args=[team.pk])
    assert team.decision_date == datetime.date(2024, 7, 5)
    person = {"full_name": "Hoàng Văn Sơn", "birth_date": "12/03/1953", "sex": "male", "id_number": "",
              "education": "lower_secondary", "resident_since": "01/01/1990", "role": "leader",
              "origin": "neighbourhood_guard", "decision_number": "16/QĐ-UBND", "joined_on": "10/07/2024"}
    refused = client.post(reverse("grassroots:member_add", args=[team.pk]), person)
    assert refused.status_code == 200 and "Điều 13" in refused.content.decode()
    client.post(reverse("grassroots:member_add", args=[team.pk]),
                person | {"age_exception": "on", "age_exception_reason": "Sức khỏe tốt"})
    leader = TeamMember.objects.get(team=team)
    response = client.post(reverse("grassroots:team_rate", args=[team.pk]) + "?year=2025", {
        "team_level": RatingLevel.GOOD, f"member_{leader.pk}": RatingLevel.EXCELLENT})
    assert response.status_code == 200  # the leader above the team is refused, the team saved
    assert TeamRating.objects.get(team=team, year=2025).level == RatingLevel.GOOD
    assert not leader.ratings.exists()
    response = client.post(reverse("grassroots:team_rate", args=[team.pk]) + "?year=2025", {
        "team_level": RatingLevel.GOOD, f"member_{leader.pk}": RatingLevel.GOOD})
    assert response.status_code == 302 and leader.ratings.get().level == RatingLevel.GOOD


def test_member_edit_leave_and_dissolve_pages(commune_officer, client_for, team):
    client = client_for(commune_officer)
    member = team.members.get()
    page = client.get(reverse("grassroots:member_update", args=[member.pk]))
    assert page.status_code == 200 and "Phạm Văn Lực" in page.content.decode()
    client.post(reverse("grassroots:member_leave", args=[member.pk]), {"left_on": "01/03/2026", "reason": "Ốm"})
    member.refresh_from_db()
    assert member.status == TeamMember.Status.LEFT and member.left_on == datetime.date(2026, 3, 1)
    client.post(reverse("grassroots:team_dissolve", args=[team.pk]),
                {"decision_number": "40/QĐ-UBND", "decision_date": "02/03/2026", "reason": "Sáp nhập"})
    team.refresh_from_db()
    assert team.status == SecurityTeam.Status.DISSOLVED
    assert client.get(reverse("grassroots:team_update", args=[team.pk])).status_code == 404


def test_area_flags_are_set_by_the_province(tree, commune_officer, province_officer, client_for):
    url = reverse("grassroots:commune_flags", args=[tree.commune_a.pk])
    assert client_for(commune_officer).get(url).status_code == 404
    client = client_for(province_officer)
    assert client.get(url).status_code == 200
    client.post(url, {"mountain": "on", "ethnic_minority": "on"})
    listing = client.get(reverse("grassroots:teams") + f"?area={tree.commune_a.pk}").content.decode()
    assert 'id="area-flags"' in listing and 'id="flags-edit"' in listing
    assert tree.commune_a.area_flags.flags() == {"mountain", "ethnic_minority"}
