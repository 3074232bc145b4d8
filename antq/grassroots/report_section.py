"""The grassroots security teams in the year's report: teams and members serving in the year's rating period
(HD 01: 15/11 of the year before – 14/11), the ratings of the year for teams and members with their shares,
and a table per commune (per province for the whole country)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from antq.core.numbers import share
from antq.core.text import natural_key
from antq.grassroots import selectors
from antq.grassroots.models import MemberRating, RatingLevel, TeamMember, TeamRating
from antq.grassroots.services import rating_period
from antq.reports.sections import Section, Table, count_text, share_text
from antq.units.models import Unit, UnitKind

LEVELS = list(RatingLevel.values)  # highest first


@dataclass
class Row:
    name: str
    teams: int = 0
    members: int = 0
    team_levels: Counter = field(default_factory=Counter)


def _group_id(area: Unit, commune_path: str) -> int:
    """The unit right below a country (a province) or the commune itself, for the table's rows."""
    parts = [int(p) for p in commune_path.strip("/").split("/") if p]
    if area.kind == UnitKind.COUNTRY:
        return parts[min(len(area.path.strip("/").split("/")), len(parts) - 1)]
    return parts[-1]


def team_figures(*, actor, area: Unit, year: int) -> dict:
    """The teams and members of the year's period under `area` that the actor may see, the ratings of the
    year by level, and the same per row (commune, or province for the country). Five grouped queries."""
    start, end = rating_period(year)
    teams = (selectors.team_list(actor=actor, area=area).filter(decision_date__lte=end)
             .exclude(dissolution_date__lt=start).order_by())
    team_rows = list(teams.values_list("pk", "commune__path"))
    team_ids = teams.values("pk")
    rows: dict[int, Row] = {}
    team_group = {}
    for pk, path in team_rows:
        group = _group_id(area, path)
        team_group[pk] = group
        rows.setdefault(group, Row(name="")).teams += 1
    members = (TeamMember.objects.filter(team__in=team_ids, joined_on__lte=end).exclude(left_on__lt=end)
               .values("team_id").annotate(n=Count("id")).order_by())
    for item in members:
        rows[team_group[item["team_id"]]].members += item["n"]
    team_levels: Counter = Counter()
    for item in (TeamRating.objects.filter(team__in=team_ids, year=year).values("team_id", "level")
                 .order_by()):
        rows[team_group[item["team_id"]]].team_levels[item["level"]] += 1
        team_levels[item["level"]] += 1
    member_levels = Counter(dict(MemberRating.objects.filter(member__team__in=team_ids, year=year)
                                 .values("level").annotate(n=Count("id")).values_list("level", "n").order_by()))
    for unit in Unit.objects.filter(pk__in=rows).only("pk", "name"):
        rows[unit.pk].name = unit.name
    return {"teams": len(team_rows), "members": sum(r.members for r in rows.values()), "team_levels": team_levels,
            "member_levels": member_levels, "communes": len({p for _pk, p in team_rows}),
            "rows": sorted(rows.values(), key=lambda r: natural_key(r.name))}


def _levels_sentence(levels: Counter, what: str) -> str:
    rated = sum(levels.values())
    parts = [_("%(count)s “%(level)s” (%(share)s)") % {
        "count": count_text(levels[level]), "level": RatingLevel(level).label,
        "share": share_text(share(levels[level], rated))} for level in LEVELS if levels[level]]
    return _("%(rated)s %(what)s were rated: %(parts)s.") % {"rated": count_text(rated), "what": what,
                                                              "parts": "; ".join(parts)}


def report_section(*, actor, area, year: int) -> Section | None:
    figures = team_figures(actor=actor, area=area, year=year)
    if not figures["teams"]:
        return None
    sentences = [_("%(teams)s grassroots security teams with %(members)s members in %(communes)s communes.") % {
        "teams": count_text(figures["teams"]), "members": count_text(figures["members"]),
        "communes": count_text(figures["communes"])}]
    if figures["team_levels"]:
        sentences.append(_levels_sentence(figures["team_levels"], _("teams")))
    if figures["member_levels"]:
        sentences.append(_levels_sentence(figures["member_levels"], _("members")))
    first = _("Province") if area.kind == UnitKind.COUNTRY else _("Commune")
    columns = (first, _("Teams"), _("Members"), *[RatingLevel(level).label for level in LEVELS])
    rows = [(r.name, count_text(r.teams), count_text(r.members), *[count_text(r.team_levels[level])
                                                                   for level in LEVELS]) for r in figures["rows"]]
    total = (_("Total"), count_text(figures["teams"]), count_text(figures["members"]),
             *[count_text(figures["team_levels"][level]) for level in LEVELS])
    table = Table(title=_("Security teams and their ratings for %(year)s") % {"year": year}, columns=columns,
                  rows=rows, total=total, note=_("Ratings of the teams (HD 01/HD-BCA-V05)."))
    return Section(key="grassroots", heading=_("Grassroots security and order protection forces"),
                   sentences=sentences, tables=(table,))
