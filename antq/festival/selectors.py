"""Reads of Festival Day events and their coverage; every read starts from what the actor may see.

Coverage of an area for a year: of the KDC, CQ, DN and CSGD below the area that existed at the end of
the year's campaign window, the share that *held* their event (a planned one does not count), by kind,
with the list of those that did not. `festival_missing` is the list the deadline board uses: the units
that had not held their event by the window's end (19/8), with that deadline.
"""

import datetime
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
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
    missing: Sequence[Unit] = field(default_factory=list)  # a MissingUnits from `coverage`
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


def _missing_order(unit_kind: str, parent_name: str, name: str) -> tuple:
    """KDC first, then by commune (the parent) and name, in natural order."""
    return (unit_kind != UnitKind.RESIDENTIAL_AREA, natural_key(parent_name), natural_key(name))


_UNIT_FIELDS = [f.name for f in Unit._meta.concrete_fields]  # a foreign key's name reads its id
_KIND, _NAME = _UNIT_FIELDS.index("kind"), _UNIT_FIELDS.index("name")
_PARENT_NAME = len(_UNIT_FIELDS) + _NAME  # a row holds the unit's columns, then its parent's


class MissingUnits(Sequence):
    """The units that did not hold their event, in `_missing_order`, made into model instances only as far as used.

    A country has some 200,000 covered units: the report section and the deadline board show the first few and
    the count, so the columns of each unit and of its parent are read as plain rows (one query, as a list of
    instances would take), `missing[:n]` picks the first n from them, and only the units read become instances
    (with their parent, as `select_related` would give). Iterating (the coverage page, the API) makes them all.
    """

    def __init__(self, rows: list[tuple], db: str):
        self._rows = rows  # the columns of each missing unit then of its parent (None when none), query order
        self._db = db
        self._units: list[Unit] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if (self._units is None and isinstance(index, slice) and index.start in (None, 0) and index.step in (None, 1)
                and index.stop is not None and 0 <= index.stop < len(self._rows)):
            return [self._unit(row) for row in self._first(index.stop)]
        return self._all()[index]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other):
        if isinstance(other, (list, tuple, MissingUnits)):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"MissingUnits({len(self)} units)"

    @staticmethod
    def _order(row: tuple) -> tuple:
        return _missing_order(row[_KIND], row[_PARENT_NAME] or "", row[_NAME])

    def _first(self, n: int) -> list[tuple]:
        """The first n rows: the same as sorting every row, but the names of units are folded only for the rows
        whose kind and parent could be among the first n."""
        if n <= 0 or not self._rows:
            return []

        def head(row):
            return (row[_KIND] != UnitKind.RESIDENTIAL_AREA, natural_key(row[_PARENT_NAME] or ""))

        last = head(heapq.nsmallest(n, self._rows, key=head)[-1])
        return heapq.nsmallest(n, [row for row in self._rows if head(row) <= last], key=self._order)

    def _unit(self, row: tuple) -> Unit:
        size = len(_UNIT_FIELDS)
        unit = Unit.from_db(self._db, _UNIT_FIELDS, row[:size])
        parent = Unit.from_db(self._db, _UNIT_FIELDS, row[size:]) if row[size] is not None else None
        Unit._meta.get_field("parent").set_cached_value(unit, parent)
        return unit

    def _all(self) -> list[Unit]:
        if self._units is None:
            self._units = [self._unit(row) for row in sorted(self._rows, key=self._order)]
        return self._units


def coverage(*, actor, area: Unit, year: int) -> Coverage:
    """Who held the Festival Day of `year` below `area` (a unit the actor may see; 404 otherwise)."""
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    campaign = campaign_for(year)
    # A country has ~200,000 covered units: counted in the database, the held ones by a correlated EXISTS
    # rather than a list of every unit's id, and the missing ones read as plain rows, not model instances.
    units = _covered_units(area, campaign.end).annotate(is_held=Exists(
        FestivalEvent.objects.held().filter(year=year, unit=OuterRef("pk"))))
    kinds = {k: KindCoverage(kind=k) for k in COVERED_KINDS}
    for group in units.values("kind", "is_held").annotate(n=Count("pk")).order_by():
        kinds[group["kind"]].total += group["n"]
        if group["is_held"]:
            kinds[group["kind"]].held += group["n"]
    rows = []
    if any(k.total for k in kinds.values()):
        rows = list(units.filter(is_held=False).values_list(
            *_UNIT_FIELDS, *(f"parent__{name}" for name in _UNIT_FIELDS)))
    missing = MissingUnits(rows, units.db)
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
    deadline (the end of the year's window, 19/8), due before it. Only the shown units are fetched."""
    result = coverage(actor=actor, area=area, year=year)
    shown = result.missing[:list_size]
    planned = dict(FestivalEvent.objects.filter(year=year, status=FestivalEvent.Status.PLANNED,
                                                unit__in=[u.pk for u in shown])
                   .values_list("unit_id", "held_on")) if shown else {}
    entries = [MissingFestival(unit=u, deadline=result.deadline, planned_on=planned.get(u.pk)) for u in shown]
    return {"deadline": result.deadline, "late": today > result.deadline, "count": len(result.missing),
            "entries": entries, "capped": len(result.missing) > list_size}
