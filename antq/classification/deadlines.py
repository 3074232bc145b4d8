"""What is due or late in the classification of an area and year, for the deadline board.

The deadline of each kind is the national data's (QĐ 510/QĐ-BCA-V05 art. 11.3: KDC by 20/11; communes,
agencies, enterprises and schools by 30/11; districts by 15/12 before 2025). A unit that existed in the
year (organisations only when covered, as in the statistics) and has no decided classification is *due*
until its deadline and *late* from the day after; one decided after its deadline was *done late*. States
and their names are those of the recognition board (`antq.recognition.deadlines`), so the board can show
both side by side: `classification_deadlines(area=…, year=…, today=…)` gives the entries, most late first.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from antq.classification.models import ClassificationStatus
from antq.classification.rules import CLASSIFIED_KINDS, regulation_for
from antq.core.text import natural_key
from antq.recognition.deadlines import DONE_LATE, DUE, LATE
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit

_COVERAGE_FIELDS = coverage_fields()


@dataclass(frozen=True)
class DeadlineEntry:
    unit_id: int
    name: str
    kind: str
    classification_id: int | None
    status: str | None  # the classification's status; None when not started
    deadline: datetime.date
    state: str  # DUE, LATE or DONE_LATE
    days_late: int  # days past the deadline (today, or the day it was decided); negative: days left


def _state(status: str | None, decided_on: datetime.date | None, deadline: datetime.date,
           today: datetime.date) -> tuple[str, int] | None:
    """The state and days late of a unit's classification as of `today`; None when decided in time."""
    if status == ClassificationStatus.DECIDED and (decided_on is None or decided_on <= today):
        if decided_on is None or decided_on <= deadline:
            return None
        return DONE_LATE, (decided_on - deadline).days
    return (DUE if today <= deadline else LATE), (today - deadline).days


def classification_deadlines(*, area: Unit, year: int, today: datetime.date | None = None) -> list[DeadlineEntry]:
    """The units of `area` (resolved in scope by the caller) whose classification of `year` is due, late or was
    decided late, as of `today`, most late first. One query for the units and their classification."""
    today = today or timezone.localdate()
    deadlines = regulation_for(year).deadlines
    units = (Unit.objects.filter(path__startswith=area.path, kind__in=CLASSIFIED_KINDS)
             .valid_on(datetime.date(year, 12, 31))
             .annotate(c=FilteredRelation("classifications", condition=Q(classifications__year=year)))
             .values("pk", "name", "kind", *_COVERAGE_FIELDS, "c__id", "c__status", "c__decided_at").order_by())
    covered: dict[tuple, bool] = {}
    entries = []
    for unit in units:
        kind = unit["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(unit[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: unit[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        deadline = deadlines.for_kind(kind, year)
        decided_at = unit["c__decided_at"]
        decided_on = timezone.localtime(decided_at).date() if decided_at else None
        state_days = _state(unit["c__status"], decided_on, deadline, today)
        if state_days is None:
            continue
        state, days = state_days
        entries.append(DeadlineEntry(unit_id=unit["pk"], name=unit["name"], kind=kind,
                                     classification_id=unit["c__id"], status=unit["c__status"],
                                     deadline=deadline, state=state, days_late=days))
    return sorted(entries, key=lambda e: (-e.days_late, natural_key(e.name), e.unit_id))


def classification_deadline_counts(*, area: Unit, year: int,
                                   today: datetime.date | None = None) -> dict[str, dict[str, int]]:
    """Per kind with at least one entry, the number of units in each state (DUE, LATE, DONE_LATE): the counts of
    `classification_deadlines(area=…, year=…, today=…)`, on the units grouped in the database (the dashboard needs
    only these; listing and sorting a country's 200,000 units costs seconds)."""
    today = today or timezone.localdate()
    deadlines = regulation_for(year).deadlines
    groups = (Unit.objects.filter(path__startswith=area.path, kind__in=CLASSIFIED_KINDS)
              .valid_on(datetime.date(year, 12, 31))
              .annotate(c=FilteredRelation("classifications", condition=Q(classifications__year=year)))
              .values("kind", *_COVERAGE_FIELDS, "c__status", decided_on=TruncDate("c__decided_at"))
              .annotate(n=Count("pk")).order_by())
    covered: dict[tuple, bool] = {}
    counts: dict[str, dict[str, int]] = {}
    for group in groups:
        kind = group["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(group[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: group[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        state_days = _state(group["c__status"], group["decided_on"], deadlines.for_kind(kind, year), today)
        if state_days is not None:
            counts.setdefault(kind, {DUE: 0, LATE: 0, DONE_LATE: 0})[state_days[0]] += group["n"]
    return counts
