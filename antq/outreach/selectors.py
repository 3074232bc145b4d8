"""Reads of outreach activities and their totals; every read starts from what the actor may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from antq.accounts.scope import visible_units
from antq.outreach.models import OutreachActivity, OutreachForm
from antq.outreach.topics import topic_label
from antq.units.models import Unit


def activity_list(*, actor, area: Unit | None = None, start: datetime.date | None = None,
                  end: datetime.date | None = None, form: str | None = None,
                  topic: str | None = None) -> QuerySet[OutreachActivity]:
    qs = OutreachActivity.objects.filter(unit__in=visible_units(actor))
    if area is not None:
        qs = qs.filter(unit__path__startswith=area.path)
    if start:
        qs = qs.filter(held_on__gte=start)
    if end:
        qs = qs.filter(held_on__lte=end)
    if form:
        qs = qs.filter(form=form)
    if topic:
        qs = qs.filter(topic=topic)
    return qs.select_related("unit__parent")


def get_activity_for(actor, pk) -> OutreachActivity:
    try:
        return activity_list(actor=actor).get(pk=pk)
    except (OutreachActivity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    activities: int
    audience: int
    pages: int
    copies: int
    clips: int


@dataclass(frozen=True)
class Totals:
    activities: int
    audience: int
    pages: int
    copies: int
    clips: int
    by_form: list[Line]
    by_topic: list[Line]


SUMS = {"activities": Count("id"), "audience": Sum("audience"), "pages": Sum("pages"), "copies": Sum("copies"),
        "clips": Sum("clips")}


def _line(code: str, label: str, row: dict) -> Line:
    return Line(code=code, label=label, **{k: row.get(k) or 0 for k in SUMS})


def outreach_totals(*, actor, area: Unit | None = None, start: datetime.date | None = None,
                    end: datetime.date | None = None) -> Totals:
    """What was done in the period below `area`: activities, people reached, pages, copies, clips;
    by form and by topic. The area must be visible to the actor (404 otherwise)."""
    if area is not None and not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    qs = activity_list(actor=actor, area=area, start=start, end=end).order_by()
    total = qs.aggregate(**SUMS)
    forms = {row["form"]: row for row in qs.values("form").annotate(**SUMS)}
    by_form = [_line(code, label, forms[code]) for code, label in OutreachForm.choices if code in forms]
    by_topic = [_line(row["topic"], topic_label(row["topic"]), row)
                for row in qs.values("topic").annotate(**SUMS).order_by("topic")]
    return Totals(by_form=by_form, by_topic=by_topic, **{k: total.get(k) or 0 for k in SUMS})
