"""The demo step on conftest's tree after the units and accounts steps (province_a has the code "44")."""

import io

from django.utils import timezone

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.grassroots import rules as law
from antq.grassroots.models import MemberRating, MemberRole, RatingLevel, SecurityTeam, TeamMember, TeamRating
from antq.grassroots.services import commune_flags, member_eligibility_errors
from antq.recognition.demo import demo_year
from antq.units.models import Unit, UnitKind

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.grassroots.demo"]


def run() -> str:
    out = io.StringIO()
    demo_run(province_code="44", stdout=out, steps=STEPS)
    return out.getvalue()


def test_teams_for_every_kdc_with_members_and_ratings_that_keep_the_rules(tree):
    run()
    year = demo_year(timezone.localdate())
    kdcs = Unit.objects.filter(path__startswith=tree.province_a.path, kind=UnitKind.RESIDENTIAL_AREA,
                               valid_to__isnull=True)
    assert kdcs.exists()
    assert all(SecurityTeam.objects.filter(areas=k).count() == 1 for k in kdcs)
    assert not SecurityTeam.objects.filter(commune__path__startswith=tree.province_b.path).exists()
    rules = law.team_rules()
    for member in TeamMember.objects.select_related("team__commune"):
        assert not member_eligibility_errors(
            rules=rules, flags=commune_flags(member.team.commune), birth_date=member.birth_date,
            education=member.education, resident_since=member.resident_since, on=member.joined_on,
            age_exception=member.age_exception, age_exception_reason=member.age_exception_reason)
        assert len(member.id_number) == 12
    for team in SecurityTeam.objects.all():
        assert team.members.filter(role=MemberRole.LEADER).count() == 1
    for model, key in ((TeamRating, "team__commune"), (MemberRating, "member__team__commune")):
        for commune in Unit.objects.filter(kind=UnitKind.COMMUNE):
            ratings = model.objects.filter(year=year, **{key: commune})
            excellent = ratings.filter(level=RatingLevel.EXCELLENT).count()
            assert excellent * 100 <= 20 * ratings.filter(level=RatingLevel.GOOD).count()
    assert not TeamRating.objects.filter(level=RatingLevel.NOT_COMPLETED).exists()
    for rating in MemberRating.objects.filter(member__role=MemberRole.LEADER).select_related("member"):
        team_rating = TeamRating.objects.get(team=rating.member.team_id, year=rating.year)
        assert rules.rating.rank(rating.level) <= rules.rating.rank(team_rating.level)
    assert TeamRating.objects.filter(year=year).count() == SecurityTeam.objects.count()


def test_a_second_run_changes_nothing(tree):
    run()
    counts = (SecurityTeam.objects.count(), TeamMember.objects.count(), MemberRating.objects.count())
    events = AuditEvent.objects.filter(action="demo.grassroots").count()
    assert events == 1
    run()
    assert (SecurityTeam.objects.count(), TeamMember.objects.count(), MemberRating.objects.count()) == counts
    assert AuditEvent.objects.filter(action="demo.grassroots").count() == events
