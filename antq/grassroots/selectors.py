"""Reads of the security-team registry.

For people (views and API) every read starts from what the actor may see: the teams of the communes in
their scope, and — for a KDC's reporter — the team covering their KDC. A fetch by id answers 404 when
missing or out of scope. The ID number (căn cước) of a member is shown only to whoever holds data entry
on the team's commune; everyone else sees it masked (`id_number_for`).

For recognition (`team_rating_of_area`): no actor; the caller has checked the scope of the case.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from antq.accounts.scope import Capability, has_capability, units_for
from antq.core.text import fold
from antq.grassroots.models import MemberRating, SecurityTeam, TeamMember, TeamRating
from antq.units.models import Unit, UnitKind


def _visible_teams(actor, capability: Capability = Capability.VIEW) -> QuerySet[SecurityTeam]:
    units = units_for(actor, capability)
    if capability != Capability.VIEW:
        return SecurityTeam.objects.filter(commune__in=units)
    covering = SecurityTeam.areas.through.objects.filter(securityteam_id=OuterRef("pk"), unit__in=units)
    return SecurityTeam.objects.filter(Q(commune__in=units) | Exists(covering))


def team_list(*, actor, area: Unit | None = None, status: str = "", q: str = "") -> QuerySet[SecurityTeam]:
    """Teams the actor may see, in `area` (a province, commune or KDC) and below, whose name has `q`."""
    qs = _visible_teams(actor)
    if area is not None:
        if area.kind == UnitKind.RESIDENTIAL_AREA:
            qs = qs.filter(areas=area)
        else:
            qs = qs.filter(commune__path__startswith=area.path)
    if status:
        qs = qs.filter(status=status)
    words = fold(q).split()
    if words:
        ids = [t.pk for t in qs.only("pk", "name") if all(w in fold(t.name) for w in words)]
        qs = qs.filter(pk__in=ids)
    return qs.select_related("commune").prefetch_related("areas").order_by("commune__name", "name")


def get_team_for(actor, pk, capability: Capability = Capability.VIEW) -> SecurityTeam:
    try:
        return _visible_teams(actor, capability).select_related("commune").get(pk=pk)
    except (SecurityTeam.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_member_for(actor, pk, capability: Capability = Capability.VIEW) -> TeamMember:
    teams = _visible_teams(actor, capability)
    try:
        return TeamMember.objects.select_related("team__commune").get(pk=pk, team__in=teams)
    except (TeamMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def team_with_details(team: SecurityTeam) -> SecurityTeam:
    return (SecurityTeam.objects.filter(pk=team.pk).select_related("commune")
            .prefetch_related("areas", "ratings",
                              Prefetch("members", queryset=TeamMember.objects.prefetch_related("ratings")))
            .get())


def entry_communes(*, actor) -> QuerySet[Unit]:
    """Communes where the actor may record teams."""
    return units_for(actor, Capability.ENTER_DATA).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)


def may_see_id_numbers(actor, team: SecurityTeam) -> bool:
    return has_capability(actor, team.commune, Capability.ENTER_DATA)


def mask_id_number(value: str) -> str:
    """Only the last 3 digits: enough to tell two namesakes apart."""
    return "" if not value else "•" * (len(value) - 3) + value[-3:]


def id_number_for(actor, member: TeamMember) -> str:
    return member.id_number if may_see_id_numbers(actor, member.team) else mask_id_number(member.id_number)


def rating_years(*, actor) -> list[int]:
    teams = _visible_teams(actor)
    return sorted(set(TeamRating.objects.filter(team__in=teams).values_list("year", flat=True)), reverse=True)


def member_ratings(*, team: SecurityTeam, year: int) -> dict[int, MemberRating]:
    return {r.member_id: r for r in MemberRating.objects.filter(member__team=team, year=year)}


# --- for recognition ------------------------------------------------------------------------------------


def team_rating_of_area(*, area: Unit, year: int) -> TeamRating | None:
    """The rating for `year` of the team covering the KDC `area` (the worst, if several teams covered it)."""
    # Ordered by team, so that between equally bad ratings the same team is named every time (and the same
    # as antq.recognition.bulk_facts, which reads the links in that order).
    ratings = list(TeamRating.objects.filter(team__areas=area, year=year).select_related("team").order_by("team_id"))
    if not ratings:
        return None
    order = ["not_completed", "completed", "good", "excellent"]
    return min(ratings, key=lambda r: order.index(r.level))
