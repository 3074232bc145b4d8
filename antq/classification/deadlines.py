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

from django.db.models import FilteredRelation, Q
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
        if unit["c__status"] == ClassificationStatus.DECIDED and (decided_on is None or decided_on <= today):
            if decided_on is None or decided_on <= deadline:
                continue
            state, days = DONE_LATE, (decided_on - deadline).days
        else:
            state, days = (DUE if today <= deadline else LATE), (today - deadline).days
        entries.append(DeadlineEntry(unit_id=unit["pk"], name=unit["name"], kind=kind,
                                     classification_id=unit["c__id"], status=unit["c__status"],
                                     deadline=deadline, state=state, days_late=days))
    return sorted(entries, key=lambda e: (-e.days_late, natural_key(e.name), e.unit_id))
