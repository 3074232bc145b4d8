import datetime

from antq.grassroots.models import MemberRating, TeamRating
from antq.grassroots.report_section import report_section
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory


def test_section_counts_teams_members_and_ratings_per_commune(english, national_admin, viewer, tree):
    assert report_section(actor=national_admin, area=tree.country, year=2025) is None
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a])
    leader = TeamMemberFactory(team=team, role="leader")
    TeamMemberFactory(team=team)
    TeamMemberFactory(team=team, status="left", left_on=datetime.date(2025, 1, 10))
    TeamRating.objects.create(team=team, year=2025, level="good")
    MemberRating.objects.create(member=leader, year=2025, level="good")
    other = SecurityTeamFactory(commune=tree.commune_b, areas=[tree.kdc_b])
    TeamRating.objects.create(team=other, year=2025, level="excellent")
    section = report_section(actor=viewer, area=tree.province_a, year=2025)
    assert section.sentences[0] == "1 grassroots security teams with 2 members in 1 communes."
    assert "1 teams were rated" in section.sentences[1] and "100.0" in section.sentences[1]
    assert [row[:4] for row in section.tables[0].rows] == [("Phường Ba Đình", "1", "2", "0")]
    national = report_section(actor=national_admin, area=tree.country, year=2025)
    assert [row[0] for row in national.tables[0].rows] == ["Tỉnh Lào Cai", "Tỉnh Quảng Trị"]
    assert national.tables[0].total[:4] == ("Total", "2", "2", "1")
