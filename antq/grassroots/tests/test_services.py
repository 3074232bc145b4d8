import datetime

import pytest
from django.core.exceptions import ValidationError

from antq.core.models import AuditEvent
from antq.grassroots.models import MemberRole, RatingLevel, SecurityTeam, TeamMember
from antq.grassroots.services import (
    commune_flags_set,
    member_add,
    member_leave,
    member_rate,
    team_create,
    team_dissolve,
    team_rate,
    team_update,
)
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory
from antq.units.tests.factories import ResidentialAreaFactory

pytestmark = pytest.mark.usefixtures("english")  # messages checked by their English msgids

JOINED = datetime.date(2025, 1, 10)


def person(**changes):
    values = dict(full_name="Trần Thị Hoa", birth_date=datetime.date(1985, 3, 2), sex="female",
                  education="lower_secondary", resident_since=datetime.date(2010, 1, 1), decision_number="5/QĐ-UBND",
                  joined_on=JOINED, id_number="044185001111", origin="new")
    return values | changes


@pytest.fixture
def team(tree):
    return SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], decision_date=datetime.date(2024, 7, 1))


def test_team_create_records_the_decision_and_areas(tree, commune_officer):
    team = team_create(actor=commune_officer, commune=tree.commune_a, name="Tổ bảo vệ ANTT Trúc Bạch",
                       areas=[tree.kdc_a], decision_number="12/QĐ-UBND", decision_date=datetime.date(2024, 7, 5))
    assert list(team.areas.all()) == [tree.kdc_a]
    assert AuditEvent.objects.filter(action="security_team.create", target_id=str(team.pk)).exists()


def test_team_create_refuses_another_commune_and_a_covered_area(tree, commune_officer, team):
    with pytest.raises(ValidationError):
        team_create(actor=commune_officer, commune=tree.commune_b, name="X", areas=[tree.kdc_b],
                    decision_number="1", decision_date=datetime.date(2024, 7, 5))
    with pytest.raises(ValidationError, match="already covered"):
        team_create(actor=commune_officer, commune=tree.commune_a, name="X", areas=[tree.kdc_a],
                    decision_number="1", decision_date=datetime.date(2024, 7, 5))


def test_unit_reporter_of_a_kdc_may_not_manage_teams(tree, unit_reporter):
    with pytest.raises(ValidationError):
        team_create(actor=unit_reporter, commune=tree.commune_a, name="X", areas=[tree.kdc_a],
                    decision_number="1", decision_date=datetime.date(2024, 7, 5))


@pytest.mark.parametrize("birth", [datetime.date(2007, 6, 1), datetime.date(1953, 6, 1)])  # 17 and 71 on JOINED
def test_member_aged_17_or_71_is_refused(commune_officer, team, birth):
    with pytest.raises(ValidationError) as exc:
        member_add(actor=commune_officer, team=team, **person(birth_date=birth))
    assert "birth_date" in exc.value.message_dict
    assert "Điều 13" in exc.value.message_dict["birth_date"][0]
    assert not TeamMember.objects.exists()


def test_member_aged_71_is_accepted_with_the_exception_and_it_is_audited(commune_officer, team):
    with pytest.raises(ValidationError) as exc:
        member_add(actor=commune_officer, team=team, **person(birth_date=datetime.date(1953, 6, 1)),
                   age_exception=True)
    assert "age_exception_reason" in exc.value.message_dict
    member = member_add(actor=commune_officer, team=team, **person(birth_date=datetime.date(1953, 6, 1)),
                        age_exception=True, age_exception_reason="Sức khỏe tốt; Chủ tịch UBND xã quyết định")
    event = AuditEvent.objects.get(action="team_member.add", target_id=str(member.pk))
    assert event.detail["age_exception"] == {"age": 71, "reason": "Sức khỏe tốt; Chủ tịch UBND xã quyết định"}


def test_education_and_residence(tree, commune_officer, national_admin, team):
    with pytest.raises(ValidationError) as exc:
        member_add(actor=commune_officer, team=team, **person(education="primary"))
    assert "education" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        member_add(actor=commune_officer, team=team, **person(resident_since=datetime.date(2024, 6, 1)))
    assert "resident_since" in exc.value.message_dict
    with pytest.raises(ValidationError):  # the commune may not relax its own rule
        commune_flags_set(actor=commune_officer, commune=tree.commune_a, mountain=True)
    commune_flags_set(actor=national_admin, commune=tree.commune_a, mountain=True)
    assert member_add(actor=commune_officer, team=team, **person(education="primary")).pk


def test_one_leader_and_dissolution(commune_officer, team):
    leader = member_add(actor=commune_officer, team=team, **person(role=MemberRole.LEADER))
    with pytest.raises(ValidationError, match="already has a leader"):
        member_add(actor=commune_officer, team=team, **person(full_name="Lê Văn Nam", role=MemberRole.LEADER))
    team_dissolve(actor=commune_officer, team=team, decision_number="30/QĐ-UBND",
                  decision_date=datetime.date(2026, 3, 1), reason="Sáp nhập thôn")
    leader.refresh_from_db()
    assert team.status == SecurityTeam.Status.DISSOLVED and leader.status == TeamMember.Status.LEFT
    with pytest.raises(ValidationError):
        team_update(actor=commune_officer, team=team, name="Khác")


def test_excellent_capped_at_20_percent_of_good(tree, commune_officer):
    areas = [ResidentialAreaFactory(parent=tree.commune_a) for _ in range(13)]
    teams = [SecurityTeamFactory(commune=tree.commune_a, areas=[a]) for a in areas]
    for t in teams[:10]:
        team_rate(actor=commune_officer, team=t, year=2025, level=RatingLevel.GOOD)
    team_rate(actor=commune_officer, team=teams[10], year=2025, level=RatingLevel.EXCELLENT)
    team_rate(actor=commune_officer, team=teams[11], year=2025, level=RatingLevel.EXCELLENT)
    with pytest.raises(ValidationError) as exc:
        team_rate(actor=commune_officer, team=teams[12], year=2025, level=RatingLevel.EXCELLENT)
    assert "20 %" in exc.value.message_dict["level"][0]
    assert not teams[12].ratings.exists()
    # Lowering a "good" team would leave 2 excellent for 9 good: refused as well.
    with pytest.raises(ValidationError):
        team_rate(actor=commune_officer, team=teams[0], year=2025, level=RatingLevel.COMPLETED)


def test_a_team_set_up_6_months_before_the_period_end_is_not_rated(tree, commune_officer):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], decision_date=datetime.date(2025, 5, 14))
    with pytest.raises(ValidationError, match="less than 9 months"):
        team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.GOOD)
    assert team_rate(actor=commune_officer, team=team, year=2026, level=RatingLevel.GOOD).pk


def test_member_service_of_9_months(commune_officer, team):
    member = TeamMemberFactory(team=team, joined_on=datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError, match="less than 9 months"):
        member_rate(actor=commune_officer, member=member, year=2025, level=RatingLevel.GOOD)
    old = TeamMemberFactory(team=team, joined_on=datetime.date(2024, 7, 20))
    member_leave(actor=commune_officer, member=old, left_on=datetime.date(2025, 5, 1), reason="Chuyển nơi ở")
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="less than 9 months"):
        member_rate(actor=commune_officer, member=old, year=2025, level=RatingLevel.GOOD)


def test_leader_not_rated_above_the_team(commune_officer, team):
    leader = TeamMemberFactory(team=team, role=MemberRole.LEADER)
    with pytest.raises(ValidationError, match="before its leader"):
        member_rate(actor=commune_officer, member=leader, year=2025, level=RatingLevel.GOOD)
    team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.COMPLETED)
    with pytest.raises(ValidationError, match="cannot be rated higher"):
        member_rate(actor=commune_officer, member=leader, year=2025, level=RatingLevel.GOOD)
    member_rate(actor=commune_officer, member=leader, year=2025, level=RatingLevel.COMPLETED)
    with pytest.raises(ValidationError, match="cannot be rated lower"):
        team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.NOT_COMPLETED)
