"""Reads of the directives register; every read starts from what the actor may see.

A document is visible to whoever sees its issuing unit, and to everyone below that unit: the national
documents (issued on the country root) to every user, a province's plans to its communes. Out of scope
and missing both answer 404.

The reports owed: for each obligation, the units of its reporter kind below the document's issuer (and in
the actor's view) owe one report per due date; a due date with no submission is *due* until it passes and
*late* after; a submission after the due date is *submitted late*.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from antq.accounts.scope import Capability, grants_of, units_for, visible_units
from antq.core.text import fold
from antq.directives.models import Document, ReportObligation, ReportSubmission
from antq.directives.schedule import due_dates_in_year
from antq.units.models import Unit, UnitKind

DUE, LATE, ON_TIME, DONE_LATE = "due", "late", "on_time", "done_late"


def _path_ids(path: str) -> set[int]:
    return {int(part) for part in path.strip("/").split("/") if part}


def _above_ids(actor) -> set[int]:
    """The units above (and at) each of the actor's grants: their documents apply to the actor."""
    return {pk for grant in grants_of(actor) for path in grant.paths for pk in _path_ids(path)}


def document_list(*, actor, area: Unit | None = None, year: int | None = None, kind: str | None = None,
                  validity: str | None = None, q: str = "", parent: Document | None = None) -> QuerySet[Document]:
    """The documents the actor may see; with `area`, those issued in it or above it (which apply to it)."""
    qs = Document.objects.filter(Q(unit__in=visible_units(actor)) | Q(unit_id__in=_above_ids(actor)))
    if area is not None:
        qs = qs.filter(Q(unit__path__startswith=area.path) | Q(unit_id__in=_path_ids(area.path)))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if validity:
        qs = qs.filter(validity=validity)
    if parent is not None:
        qs = qs.filter(parent=parent)
    for word in fold(q or "").split():
        qs = qs.filter(search_folded__contains=word)
    return qs.select_related("unit", "parent")


def get_document_for(actor, pk) -> Document:
    """The document with id `pk` if the actor may see it; 404 otherwise, missing or not."""
    try:
        return document_list(actor=actor).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_obligation_for(actor, pk) -> ReportObligation:
    try:
        return ReportObligation.objects.select_related("document__unit").get(
            pk=pk, document__in=document_list(actor=actor))
    except (ReportObligation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_submission_for(actor, pk) -> ReportSubmission:
    """A submission is seen by whoever sees the reporting unit or the document's issuer."""
    try:
        submission = ReportSubmission.objects.select_related("obligation__document__unit", "unit").get(pk=pk)
    except (ReportSubmission.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    visible = visible_units(actor)
    if not visible.filter(pk__in=[submission.unit_id, submission.obligation.document.unit_id]).exists():
        raise Http404
    return submission


def document_years(*, actor) -> list[int]:
    return list(document_list(actor=actor).values_list("year", flat=True).distinct().order_by("-year"))


@dataclass(frozen=True)
class ReportDue:
    """One report owed by one unit for one due date, and what became of it."""

    obligation: ReportObligation
    unit: Unit
    due_on: datetime.date
    submission: ReportSubmission | None
    state: str  # DUE, LATE, ON_TIME, DONE_LATE

    @property
    def open(self) -> bool:
        return self.state in (DUE, LATE)


def _state(due_on: datetime.date, submission: ReportSubmission | None, today: datetime.date) -> str:
    if submission is not None:
        return DONE_LATE if submission.submitted_on > due_on else ON_TIME
    return LATE if today > due_on else DUE


def reports_owed(*, actor, area: Unit, year: int, today: datetime.date,
                 obligations: QuerySet[ReportObligation] | None = None) -> list[ReportDue]:
    """Every report owed by the units of `area` (visible to the actor) for due dates in `year`."""
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    if obligations is None:
        obligations = ReportObligation.objects.filter(document__in=document_list(actor=actor, area=area))
    obligations = list(obligations.select_related("document__unit"))
    owed: list[tuple[ReportObligation, list[datetime.date], str]] = []
    for obligation in obligations:
        dates = due_dates_in_year(obligation, year)
        issuer_path = obligation.document.unit.path
        # The reporters are below both the issuer and the area; one path holds the other.
        root = area.path if area.path.startswith(issuer_path) else issuer_path
        if dates and (root.startswith(area.path) or area.path.startswith(issuer_path)):
            owed.append((obligation, dates, root))
    if not owed:
        return []
    # Two queries for all obligations (not two per obligation): every root lies within the area.
    reporters = list(visible_units(actor).filter(valid_to__isnull=True, path__startswith=area.path,
                                                 kind__in={o.reporter_kind for o, _, _ in owed})
                     .select_related("parent").order_by("path"))
    submitted = {(s.obligation_id, s.unit_id, s.due_on): s for s in ReportSubmission.objects.filter(
        obligation__in=[o for o, _, _ in owed], due_on__in={d for _, dates, _ in owed for d in dates},
        unit__path__startswith=area.path)}
    result: list[ReportDue] = []
    for obligation, dates, root in owed:
        units = [u for u in reporters if u.kind == obligation.reporter_kind and u.path.startswith(root)]
        for due_on in dates:
            for unit in units:
                submission = submitted.get((obligation.pk, unit.pk, due_on))
                result.append(ReportDue(obligation, unit, due_on, submission, _state(due_on, submission, today)))
    return result


def directive_deadline_section(*, actor, area: Unit, year: int, today: datetime.date, list_size: int = 25) -> dict:
    """What the deadline board shows for the directives register: the reports owed in `year` that are not
    submitted, late ones first (oldest due date first), then the due ones by date; and the counts."""
    owed = reports_owed(actor=actor, area=area, year=year, today=today)
    counts = {DUE: 0, LATE: 0, ON_TIME: 0, DONE_LATE: 0}
    for item in owed:
        counts[item.state] += 1
    missing = sorted((r for r in owed if r.open), key=lambda r: (r.state != LATE, r.due_on, r.unit.path))
    return {"count": len(missing), "late": counts[LATE], "due": counts[DUE], "on_time": counts[ON_TIME],
            "done_late": counts[DONE_LATE], "entries": missing[:list_size], "capped": len(missing) > list_size,
            "today": today}


def issuing_units(*, actor) -> QuerySet[Unit]:
    """Units the actor may enter documents for: the country root for the national administrator, the
    current provinces and communes where the actor enters data."""
    roots = units_for(actor, Capability.ADMINISTER).filter(kind=UnitKind.COUNTRY)
    local = units_for(actor, Capability.ENTER_DATA).filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE),
                                                           valid_to__isnull=True)
    return Unit.objects.filter(Q(pk__in=roots.values("pk")) | Q(pk__in=local.values("pk"))).order_by("path")
