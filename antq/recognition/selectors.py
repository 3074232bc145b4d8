"""Reads of recognition cases, always starting from the units the acting user may see."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.http import Http404

from antq.accounts.scope import Capability, has_capability, visible_units
from antq.core.models import AuditEvent
from antq.recognition.authority import Authority, AuthorityNotFound, authority_for
from antq.recognition.criteria import Criterion, evaluation_period
from antq.recognition.engine import CriterionStatus, Evaluation, Outcome
from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import AnswerStage, CaseAnswer, CaseStatus, RecognitionCase
from antq.recognition.workflow import RECOGNISED_KINDS
from antq.units.coverage import coverage_of_unit
from antq.units.models import Unit
from antq.units.selectors import current_year  # noqa: F401 — the default year of this module's pages


def case_list(*, actor, area: Unit | None = None, year: int | None = None,
              status: str | None = None) -> QuerySet[RecognitionCase]:
    """Cases of the units `actor` may see, in the subtree of `area` (a unit the caller resolved in scope)."""
    qs = RecognitionCase.objects.filter(unit__in=visible_units(actor).values("pk"))
    if area is not None:
        qs = qs.filter(unit__path__startswith=area.path)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit").order_by("-year", "unit__name_folded", "pk")


def case_status_counts(*, actor, area: Unit | None = None, year: int | None = None) -> dict[str, int]:
    """How many cases of the list are in each status (every status present, zero when none), in one query."""
    rows = case_list(actor=actor, area=area, year=year).order_by().values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in CaseStatus.values}


def get_case_for(actor, pk) -> RecognitionCase:
    """The case with id `pk` if its unit is visible to `actor`; 404 otherwise, missing or not."""
    try:
        return case_list(actor=actor).get(pk=pk)
    except (RecognitionCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unit_case_list(*, actor, unit: Unit) -> list[RecognitionCase]:
    """The cases of one unit, newest year first (empty when the unit is not visible to `actor`)."""
    return list(case_list(actor=actor).filter(unit=unit))


def case_timeline(*, case: RecognitionCase) -> list[AuditEvent]:
    """The audit events of `case`, oldest first, with their actors. The caller has checked scope."""
    content_type = ContentType.objects.get_for_model(RecognitionCase)
    return list(
        AuditEvent.objects.filter(target_type=content_type, target_id=str(case.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


def case_authority(case: RecognitionCase) -> Authority | None:
    """Who appraises and decides `case`, from the table in force at the end of its evaluation period."""
    period = evaluation_period(case.unit.kind, case.year)
    try:
        return authority_for(case.unit.kind, case.unit.managing_level, period.end)
    except AuthorityNotFound:
        return None


# --- the criteria table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One criterion's result at one stage, as shown."""

    status: str
    explanation: str
    overridden: bool = False

    @property
    def status_label(self) -> str:
        return str(CriterionStatus(self.status).label)


@dataclass(frozen=True)
class Column:
    """One stage's results: live (the current stage, re-evaluated on each view) or frozen (stored)."""

    outcome: str
    live: bool
    cells: dict[str, Cell]
    summary: str = ""

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    self_answer: CaseAnswer | None
    appraisal_answer: CaseAnswer | None
    own: Cell | None
    appraised: Cell | None


@dataclass(frozen=True)
class CaseResults:
    rows: list[Row]
    own: Column
    appraised: Column | None


def _live(evaluation: Evaluation) -> Column:
    return Column(
        outcome=evaluation.outcome, live=True, summary=evaluation.summary,
        cells={r.criterion.id: Cell(r.status, r.explanation, r.overridden) for r in evaluation.results},
    )


def _frozen(stored: dict) -> Column:
    return Column(
        outcome=stored["outcome"], live=False,
        cells={r["criterion"]: Cell(r["status"], r["explanation"], r.get("overridden", False))
               for r in stored["results"]},
    )


def case_results(*, case: RecognitionCase) -> CaseResults:
    """The self and appraised results per criterion: the current stage evaluated live, earlier stages as stored.

    The self-assessment is live while the unit can still answer (registered, self-assessed) and frozen
    afterwards; the appraisal is live while the dossier is being appraised (submitted) and frozen once
    appraised or decided. A stage without a stored result (data loaded from elsewhere) is evaluated live.
    """
    self_live = case.status in (CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED) or not case.self_evaluation
    current = case_evaluate(case, stage=AnswerStage.SELF)
    own = _live(current) if self_live else _frozen(case.self_evaluation)
    appraised = None
    if case.status in (CaseStatus.APPRAISED, CaseStatus.DECIDED) and case.appraised_evaluation:
        appraised = _frozen(case.appraised_evaluation)
    elif case.status in (CaseStatus.SUBMITTED, CaseStatus.APPRAISED, CaseStatus.DECIDED):
        appraised = _live(case_evaluate(case, stage=AnswerStage.APPRAISAL))
    answers = {(a.criterion_id, a.stage): a for a in case.answers.all()}
    rows = [
        Row(criterion=r.criterion, self_answer=answers.get((r.criterion.id, AnswerStage.SELF)),
            appraisal_answer=answers.get((r.criterion.id, AnswerStage.APPRAISAL)),
            own=own.cells.get(r.criterion.id), appraised=appraised.cells.get(r.criterion.id) if appraised else None)
        for r in current.results
    ]
    return CaseResults(rows=rows, own=own, appraised=appraised)



def registration_status(*, actor, unit: Unit, year: int) -> dict:
    """Whether `unit` can register for `year` and why not: the page shows it, `case_register` enforces it."""
    existing = RecognitionCase.objects.filter(unit=unit, year=year).first()
    coverage = None
    if unit.is_organisation:
        coverage = coverage_of_unit(unit)
    recognised_kind = unit.kind in RECOGNISED_KINDS
    covered = recognised_kind and (coverage is None or coverage.covered)
    may_enter = has_capability(actor, unit, Capability.ENTER_DATA)
    return {
        "recognised_kind": recognised_kind,
        "coverage": coverage,
        "covered": covered,
        "existing": existing,
        "can_register": covered and may_enter and existing is None,
    }
