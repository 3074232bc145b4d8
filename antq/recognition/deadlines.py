"""The deadline board of an area and year: who has not registered, which decisions are due or late.

Two deadlines per unit, from the authority table in force at the end of its evaluation period
(`authority_for`, `data/authorities.yaml`): registration by `register_by` (end of Quarter I, TT 124/2021
art. 4.1, 5.1, 6.1, 7.1) and the decision before `decide_before` (art. 9.1: KDC by 15/11, others by 20/11).

`deadline_rows` reads the plain facts of every covered unit of the area in one query, counted as in
`antq.recognition.statistics` (units existing on 31 December; organisations only when TT 124/2021
art. 1.2 covers them); `deadline_board` is a pure function of those rows, the year and "today".
`deadline_totals` gives the board's totals alone from the units grouped in the database (the dashboard).
A unit is late on the day after its deadline; on the deadline day it is still due, with 0 days left.
The board can be computed as of another day than today: a registration or a decision dated after that
day counts as not done yet (the case's other steps are not dated, so they are not rolled back).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from antq.core.text import natural_key
from antq.recognition.authority import (
    MANAGING_LEVELS,
    Authority,
    AuthorityNotFound,
    authority_for,
    authority_regimes,
)
from antq.recognition.criteria import evaluation_period
from antq.recognition.models import CaseStatus
from antq.recognition.statistics import STATISTICS_KINDS
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit, UnitKind

REGISTRATION = "registration"
DECISION = "decision"
# States of an entry: still due, late (not done after the deadline), done but after the deadline.
DUE, LATE, DONE_LATE = "due", "late", "done_late"

_COVERAGE_FIELDS = coverage_fields()


@dataclass(frozen=True)
class UnitRow:
    """The plain facts of one covered unit for the year: its case, if registered."""

    unit_id: int
    name: str
    kind: str
    managing_level: str = ""
    commune: str = ""  # the commune it belongs to (its own name for a commune), "" when none
    case_id: int | None = None
    status: str | None = None
    registered_on: datetime.date | None = None  # local date of `registered_at`
    decision_date: datetime.date | None = None


@dataclass(frozen=True)
class Entry:
    """One unit that is due, late, or was late at one stage."""

    row: UnitRow
    stage: str  # REGISTRATION or DECISION
    state: str  # DUE, LATE or DONE_LATE
    deadline: datetime.date
    days_late: int  # days past the deadline (today, or the day it was done); negative: days left
    decision_level: str

    @property
    def days_left(self) -> int:
        return max(0, -self.days_late)


@dataclass
class Counts:
    units: int = 0
    registered: int = 0
    registration_due: int = 0  # not registered, deadline not passed
    registration_late: int = 0  # not registered, deadline passed
    registered_late: int = 0
    decision_due: int = 0  # registered, not decided, deadline not passed
    decision_late: int = 0  # registered, not decided, deadline passed
    decided_late: int = 0

    @property
    def not_registered(self) -> int:
        return self.registration_due + self.registration_late

    def add(self, entry: Entry, n: int = 1) -> None:
        name = {(REGISTRATION, DUE): "registration_due", (REGISTRATION, LATE): "registration_late",
                (REGISTRATION, DONE_LATE): "registered_late", (DECISION, DUE): "decision_due",
                (DECISION, LATE): "decision_late", (DECISION, DONE_LATE): "decided_late"}[(entry.stage, entry.state)]
        setattr(self, name, getattr(self, name) + n)


@dataclass
class Board:
    year: int
    today: datetime.date
    total: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)  # every kind of STATISTICS_KINDS, in order
    by_level: dict[str, Counts] = field(default_factory=dict)  # deciding levels present, in MANAGING_LEVELS order
    registration: list[Entry] = field(default_factory=list)  # most late first
    decision: list[Entry] = field(default_factory=list)
    unresolved: list[UnitRow] = field(default_factory=list)  # no authority rule: no deadline known


Resolver = Callable[[str, str], Authority]


def default_resolver(year: int) -> Resolver:
    """The authority of a kind and managing level, from the table in force at the end of the evaluation period."""
    regimes = authority_regimes()  # read once: the table may be an edited version in the database

    def resolve(kind: str, managing_level: str) -> Authority:
        return authority_for(kind, managing_level, evaluation_period(kind, year).end, regimes=regimes)
    return resolve


def _order(entry: Entry) -> tuple:
    return (-entry.days_late, natural_key(entry.row.name), entry.row.unit_id)


def _row_entries(row: UnitRow, authority: Authority, *, year: int, today: datetime.date) -> tuple[bool, list[Entry]]:
    """Whether the unit of `row` is registered as of `today`, and its entries (due, late or done late)."""
    level = authority.decision_level
    entries = []
    register_by, decide_before = authority.registration_deadline(year), authority.decision_deadline(year)
    # As of `today`: a registration or a decision dated later has not happened yet.
    registered = row.case_id is not None and (row.registered_on is None or row.registered_on <= today)
    decided = row.status == CaseStatus.DECIDED and (row.decision_date is None or row.decision_date <= today)
    if not registered:
        entries.append(Entry(row, REGISTRATION, DUE if today <= register_by else LATE, register_by,
                             (today - register_by).days, level))
    else:
        if row.registered_on is not None and row.registered_on > register_by:
            entries.append(Entry(row, REGISTRATION, DONE_LATE, register_by,
                                 (row.registered_on - register_by).days, level))
        if not decided:
            entries.append(Entry(row, DECISION, DUE if today <= decide_before else LATE, decide_before,
                                 (today - decide_before).days, level))
        elif row.decision_date is not None and row.decision_date > decide_before:
            entries.append(Entry(row, DECISION, DONE_LATE, decide_before,
                                 (row.decision_date - decide_before).days, level))
    return registered, entries


def deadline_board(rows: Iterable[UnitRow], *, year: int, today: datetime.date,
                   resolve: Resolver | None = None) -> Board:
    """Count and list what is due or late for `year` as of `today`; `resolve` defaults to the authority data."""
    resolve = resolve or default_resolver(year)
    authorities: dict[tuple[str, str], Authority | None] = {}
    board = Board(year=year, today=today, by_kind={kind: Counts() for kind in STATISTICS_KINDS})
    by_level: dict[str, Counts] = {}
    for row in rows:
        key = (row.kind, row.managing_level if row.kind in ORGANISATION_KINDS else "")
        if key not in authorities:
            try:
                authorities[key] = resolve(*key)
            except AuthorityNotFound:
                authorities[key] = None
        authority = authorities[key]
        if authority is None:
            board.unresolved.append(row)
            continue
        level = authority.decision_level
        groups = (board.total, board.by_kind.setdefault(row.kind, Counts()), by_level.setdefault(level, Counts()))
        registered, entries = _row_entries(row, authority, year=year, today=today)
        for counts in groups:
            counts.units += 1
            counts.registered += registered
            for entry in entries:
                counts.add(entry)
        for entry in entries:
            (board.registration if entry.stage == REGISTRATION else board.decision).append(entry)
    board.by_level = {level: by_level[level] for level in MANAGING_LEVELS if level in by_level}
    board.registration.sort(key=_order)
    board.decision.sort(key=_order)
    return board


def deadline_rows(*, area: Unit, year: int) -> list[UnitRow]:
    """The covered units in the subtree of `area` (itself included) for `year`, with their case: one query.

    The caller has resolved `area` in the actor's scope. Units are those existing on 31 December of the
    year, and organisations are kept only when TT 124/2021 art. 1.2 covers them (`coverage_of`, decided
    once per distinct combination of the coverage fields), as in `recognition_statistics`.
    """
    units = (
        Unit.objects.filter(path__startswith=area.path, kind__in=STATISTICS_KINDS).valid_on(datetime.date(year, 12, 31))
        .annotate(case=FilteredRelation("recognition_cases", condition=Q(recognition_cases__year=year)))
        .values("pk", "name", "kind", "managing_level", *_COVERAGE_FIELDS, "parent__kind", "parent__name",
                "case__id", "case__status", "case__registered_at", "case__decision_date")
        .order_by()
    )
    covered: dict[tuple, bool] = {}
    rows = []
    for unit in units:
        kind = unit["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(unit[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: unit[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        if kind == UnitKind.COMMUNE:
            commune = unit["name"]
        elif unit["parent__kind"] == UnitKind.COMMUNE:
            commune = unit["parent__name"]
        else:
            commune = ""
        registered_at = unit["case__registered_at"]
        rows.append(UnitRow(
            unit_id=unit["pk"], name=unit["name"], kind=kind, managing_level=unit["managing_level"] or "",
            commune=commune, case_id=unit["case__id"], status=unit["case__status"],
            registered_on=timezone.localtime(registered_at).date() if registered_at else None,
            decision_date=unit["case__decision_date"],
        ))
    return rows


def deadline_totals(*, area: Unit, year: int, today: datetime.date, resolve: Resolver | None = None) -> Counts:
    """`deadline_board(deadline_rows(area=area, year=year), year=year, today=today).total`, counted on the units
    grouped in the database by what decides their entries (the dashboard needs only these totals; a country has
    some 200,000 units, and their rows and sorted lists cost seconds)."""
    resolve = resolve or default_resolver(year)
    authorities: dict[tuple[str, str], Authority | None] = {}
    covered: dict[tuple, bool] = {}
    total = Counts()
    groups = (
        Unit.objects.filter(path__startswith=area.path, kind__in=STATISTICS_KINDS).valid_on(datetime.date(year, 12, 31))
        .annotate(case=FilteredRelation("recognition_cases", condition=Q(recognition_cases__year=year)))
        .values("kind", "managing_level", *_COVERAGE_FIELDS, "case__status", "case__decision_date",
                registered_on=TruncDate("case__registered_at"))
        .annotate(n=Count("pk")).order_by()
    )
    for group in groups:
        kind = group["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(group[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: group[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        managing_level = group["managing_level"] or ""
        key = (kind, managing_level if kind in ORGANISATION_KINDS else "")
        if key not in authorities:
            try:
                authorities[key] = resolve(*key)
            except AuthorityNotFound:
                authorities[key] = None
        if authorities[key] is None:
            continue
        # A case's status is never empty: a group without one is of units not registered.
        row = UnitRow(unit_id=0, name="", kind=kind, managing_level=managing_level,
                      case_id=0 if group["case__status"] is not None else None, status=group["case__status"],
                      registered_on=group["registered_on"], decision_date=group["case__decision_date"])
        registered, entries = _row_entries(row, authorities[key], year=year, today=today)
        n = group["n"]
        total.units += n
        total.registered += registered * n
        for entry in entries:
            total.add(entry, n)
    return total
