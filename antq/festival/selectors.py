"""Reads of Festival Day events and their coverage; every read starts from what the actor may see.

Coverage of an area for a year: of the KDC, CQ, DN and CSGD below the area that existed at the end of
the year's campaign window, the share that *held* their event (a planned one does not count), by kind,
with the list of those that did not. `festival_missing` is the list the deadline board uses: the units
that had not held their event by the window's end (19/8), with that deadline.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from antq.accounts.scope import visible_units
from antq.core.numbers import share
from antq.core.text import natural_key
from antq.festival.campaigns import campaign_for
from antq.festival.models import COVERED_KINDS, FestivalEvent, FestivalPhoto
from antq.units.models import Unit, UnitKind


def event_list(*, actor, area: Unit | None = None, year: int | None = None,
               status: str | None = None) -> QuerySet[FestivalEvent]:
    qs = FestivalEvent.objects.filter(unit__in=visible_units(actor))
    if area is not None:
        qs = qs.in_subtree(area.path)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit__parent", "exception_by")


def get_event_for(actor, pk) -> FestivalEvent:
    """The event with id `pk` if the actor may see its unit; 404 otherwise, missing or not."""
    try:
        return event_list(actor=actor).get(pk=pk)
    except (FestivalEvent.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_photo_for(actor, pk) -> FestivalPhoto:
    try:
        return FestivalPhoto.objects.select_related("event__unit").get(
            pk=pk, event__unit__in=visible_units(actor))
    except (FestivalPhoto.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def event_years(*, actor) -> list[int]:
    return list(event_list(actor=actor).values_list("year", flat=True).distinct().order_by("-year"))


@dataclass
class KindCoverage:
    kind: str
    total: int = 0
    held: int = 0

    @property
    def label(self) -> str:
        return UnitKind(self.kind).label

    @property
    def share(self) -> Decimal | None:
        return share(self.held, self.total)


@dataclass
class Coverage:
    area: Unit
    year: int
    deadline: datetime.date
    kinds: list[KindCoverage]
    missing: list[Unit] = field(default_factory=list)
    participants: int = 0
    gifts_count: int = 0
    gifts_value: int = 0
    awards_count: int = 0
    events_held: int = 0

    @property
    def total(self) -> int:
        return sum(k.total for k in self.kinds)

    @property
    def held(self) -> int:
        return sum(k.held for k in self.kinds)

    @property
    def share(self) -> Decimal | None:
        return share(self.held, self.total)

    def of(self, kind: str) -> KindCoverage:
        return next(k for k in self.kinds if k.kind == kind)


def _covered_units(area: Unit, end: datetime.date) -> QuerySet[Unit]:
    return (Unit.objects.filter(path__startswith=area.path, kind__in=COVERED_KINDS)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=end))
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)))


def coverage(*, actor, area: Unit, year: int) -> Coverage:
    """Who held the Festival Day of `year` below `area` (a unit the actor may see; 404 otherwise)."""
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    campaign = campaign_for(year)
    units = list(_covered_units(area, campaign.end).select_related("parent"))
    held_ids = set(FestivalEvent.objects.held().filter(year=year, unit__in=[u.pk for u in units])
                   .values_list("unit_id", flat=True)) if units else set()
    kinds = {k: KindCoverage(kind=k) for k in COVERED_KINDS}
    missing = []
    for unit in units:
        kinds[unit.kind].total += 1
        if unit.pk in held_ids:
            kinds[unit.kind].held += 1
        else:
            missing.append(unit)
    missing.sort(key=lambda u: (u.kind != UnitKind.RESIDENTIAL_AREA, natural_key(u.parent.name if u.parent else ""),
                                natural_key(u.name)))
    sums = FestivalEvent.objects.held().filter(year=year).in_subtree(area.path).aggregate(
        n=Count("id"), p=Sum("participants"), gc=Sum("gifts_count"), gv=Sum("gifts_value"), a=Sum("awards_count"))
    return Coverage(area=area, year=year, deadline=campaign.end, kinds=list(kinds.values()),
                    missing=missing, participants=sums["p"] or 0, gifts_count=sums["gc"] or 0,
                    gifts_value=sums["gv"] or 0, awards_count=sums["a"] or 0, events_held=sums["n"])


@dataclass(frozen=True)
class MissingFestival:
    """One line of the deadline board: a unit that had not held its Festival Day by the deadline."""

    unit: Unit
    deadline: datetime.date
    planned_on: datetime.date | None  # the date of a planned (not yet recorded) event, if any


def festival_missing(*, actor, area: Unit, year: int) -> list[MissingFestival]:
    """The KDC/CQ/DN/CSGD below `area` without a held Festival Day in `year`; deadline 19/8 (window's end)."""
    result = coverage(actor=actor, area=area, year=year)
    planned = dict(FestivalEvent.objects.filter(year=year, status=FestivalEvent.Status.PLANNED)
                   .in_subtree(area.path).values_list("unit_id", "held_on")) if result.missing else {}
    return [MissingFestival(unit=u, deadline=result.deadline, planned_on=planned.get(u.pk)) for u in result.missing]


def festival_deadline_section(*, actor, area: Unit, year: int, today: datetime.date, list_size: int = 25) -> dict:
    """What the deadline board shows for the Festival Day: the units without a held event, late after the
    deadline (the end of the year's window, 19/8), due before it."""
    missing = festival_missing(actor=actor, area=area, year=year)
    deadline = missing[0].deadline if missing else campaign_for(year).end
    return {"deadline": deadline, "late": today > deadline, "count": len(missing), "entries": missing[:list_size],
            "capped": len(missing) > list_size}
