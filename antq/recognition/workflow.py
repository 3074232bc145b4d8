"""Transitions of a recognition case, each an audited service in one transaction.

Who may do what:

* The unit's own side — anyone with data entry on the unit (its reporter, the commune officer,
  the province officer) — registers, answers the self-assessment and submits the dossier.
* The *competent level* appraises, returns and decides. It is the unit's ancestor at the level
  that decides (TT 124/2021 art. 9–10, as data in the authority table): the commune for a KDC and
  commune-managed organisations, the province for communes and province-managed organisations,
  the country (the Ministry) for ministry-followed ones. A reviewer holds a role on that unit or
  above it; a role on the case's own unit is never enough, so no one appraises their own case.
* A decided case is locked. Only the level above the decider reopens it, with a reason.

Every transition locks the case row, checks the state it starts from and the version the actor
saw, and writes an audit event — the mechanics shared with every reviewed record, in
`antq.core.review`. Two officers deciding the same case at the same moment cannot both succeed: the
second finds the case already decided and gets a conflict.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.review import ConflictError, holds_review_role, lock_for_step, save_step, unit_at_level
from antq.core.text import nfc
from antq.recognition.authority import authority_for
from antq.recognition.criteria.catalogue import criteria_set_for, evaluation_period, legal_basis_for_year
from antq.recognition.dossier.rules import dossier_missing_kinds
from antq.recognition.evaluation import case_evaluate, provincial_extras
from antq.recognition.figures import COUNT, FIGURES, PERCENT
from antq.recognition.models import (
    AnswerStage,
    CaseAnswer,
    CaseDocumentKind,
    CaseResult,
    CaseStatus,
    RecognitionCase,
)
from antq.units.coverage import coverage_of_unit
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind

# Re-exported: the recognition views, API and tests catch it from here.
__all__ = ["ConflictError", "case_answer", "case_decide", "case_register", "case_reopen", "case_set_figures",
           "case_transition", "can_enter", "can_reopen", "can_review", "can_review_at", "can_reopen_at",
           "reviewer_unit"]

RECOGNISED_KINDS = (UnitKind.COMMUNE, *GRASSROOTS_KINDS)
CASE_FIELDS = ["status", "version", "result", "decision_number", "decision_date", "decision_signer",
               "returned_reason", "certificate_number"]


# --- who --------------------------------------------------------------------------------------


def decider_level_for(case: RecognitionCase) -> str:
    """The level that decides this case, from the authority table in force at the end of its period."""
    period = evaluation_period(case.unit.kind, case.year)
    return authority_for(case.unit.kind, case.unit.managing_level, period.end).rule.decision_level


def reviewer_unit(case: RecognitionCase) -> Unit:
    """The unit whose level appraises and decides this case (kept on the instance: a page asks several times)."""
    reviewer = case.__dict__.get("_reviewer_unit")
    if reviewer is None:
        reviewer = case._reviewer_unit = unit_at_level(case.unit, decider_level_for(case))
    return reviewer


def can_enter(actor, case: RecognitionCase) -> bool:
    return has_capability(actor, case.unit, Capability.ENTER_DATA)


def can_review(actor, case: RecognitionCase) -> bool:
    return can_review_at(actor, reviewer_unit(case))


def can_reopen(actor, case: RecognitionCase) -> bool:
    return can_reopen_at(actor, reviewer_unit(case))


def can_review_at(actor, reviewer: Unit) -> bool:
    """`can_review` for a case whose `reviewer_unit` is known already (the case page keeps it)."""
    return holds_review_role(actor, reviewer, strictly_above=False)


def can_reopen_at(actor, reviewer: Unit) -> bool:
    return holds_review_role(actor, reviewer, strictly_above=True)


# --- how --------------------------------------------------------------------------------------


def _locked(case: RecognitionCase, *, seen_version: int | None, allowed: tuple[str, ...]) -> RecognitionCase:
    return lock_for_step(RecognitionCase, case.pk, seen_version=seen_version, allowed=allowed,
                         locked_status=CaseStatus.DECIDED)


def _save(case: RecognitionCase, *, actor, action: str, before: dict, detail: dict | None = None) -> RecognitionCase:
    return save_step(case, actor=actor, action=action, before=before, fields=CASE_FIELDS, detail=detail)


@transaction.atomic
def case_register(*, actor, unit: Unit, year: int, note: str = "") -> RecognitionCase:
    """Register `unit` for the ANTT-safe standard of `year` (Quarter I pledge)."""
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not register this unit."))
    if unit.kind not in RECOGNISED_KINDS:
        raise ValidationError(_("Only communes, residential areas, agencies, enterprises and schools register."))
    if unit.is_organisation:
        coverage = coverage_of_unit(unit)
        if not coverage.covered:
            raise ValidationError(
                _("%(reasons)s (%(basis)s).") % {"reasons": "; ".join(coverage.reasons), "basis": coverage.legal_basis}
            )
    if RecognitionCase.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("This unit is already registered for %(year)s.") % {"year": year})
    case = RecognitionCase(unit=unit, year=year, legal_basis=legal_basis_for_year(year).code,
                           registered_at=timezone.now(), registered_by=actor, registration_note=nfc(note))
    case.full_clean()
    case.save()
    audit_record(actor=actor, action="recognition.register", target=case, after=snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def case_answer(*, actor, case: RecognitionCase, criterion_id: str, met: bool | None, note: str = "",
                stage: str = AnswerStage.SELF, seen_version: int | None = None,
                not_applicable: bool = False) -> CaseAnswer:
    """Record an answer: the unit's own (self stage) or the appraiser's (appraisal stage, reason required)."""
    if stage == AnswerStage.SELF:
        case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED))
        if not can_enter(actor, case):
            raise ValidationError(_("You may not answer for this unit."))
    else:
        case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.SUBMITTED,))
        if not can_review(actor, case):
            raise ValidationError(_("Only the competent level appraises this case."))
        if not note.strip():
            raise ValidationError({"note": _("Give the reason for the appraised result.")})
    answer, _created = CaseAnswer.objects.update_or_create(
        case=case, criterion_id=criterion_id, stage=stage,
        defaults={"met": None if not_applicable else met, "not_applicable": not_applicable, "note": nfc(note),
                  "answered_by": actor},
    )
    audit_record(actor=actor, action=f"recognition.answer.{stage}", target=case,
                 detail={"criterion": criterion_id, "met": answer.met, "not_applicable": not_applicable,
                         "note": answer.note})
    return answer


@transaction.atomic
def case_transition(*, actor, case: RecognitionCase, to: str, seen_version: int | None = None,
                    reason: str = "") -> RecognitionCase:
    """Move a case along: self_assessed, submitted, appraised, or back (returned) with a reason."""
    rules = {
        CaseStatus.SELF_ASSESSED: ((CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED), can_enter),
        CaseStatus.SUBMITTED: ((CaseStatus.SELF_ASSESSED,), can_enter),
        CaseStatus.APPRAISED: ((CaseStatus.SUBMITTED,), can_review),
    }
    if to == "returned":
        case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.SUBMITTED, CaseStatus.APPRAISED))
        if not can_review(actor, case):
            raise ValidationError(_("Only the competent level returns a case."))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for returning the case.")})
        before = snapshot(case, CASE_FIELDS)
        case.status, case.returned_reason = CaseStatus.SELF_ASSESSED, nfc(reason)
        return _save(case, actor=actor, action="recognition.return", before=before, detail={"reason": reason})
    allowed, permitted = rules[to]
    case = _locked(case, seen_version=seen_version, allowed=allowed)
    if not permitted(actor, case):
        raise ValidationError(_("You may not take this step on this case."))
    if to == CaseStatus.SUBMITTED and (missing := dossier_missing_kinds(case)):
        # TT 124/2021 art. 9.1: the dossier is the submission, the results report and the minutes, signed.
        raise ValidationError(_("File the signed scans first: %(papers)s.") % {
            "papers": ", ".join(str(CaseDocumentKind(kind).label) for kind in missing)})
    before = snapshot(case, CASE_FIELDS)
    case.status = to
    # The engine's result is kept as it stood at each step, worded in Vietnamese as the record.
    if to in (CaseStatus.SELF_ASSESSED, CaseStatus.SUBMITTED):
        # Recorded again at submission: the dossier carries the answers as they were submitted.
        case.self_evaluation = case_evaluate(case, stage=AnswerStage.SELF, language="vi").as_dict()
    if to == CaseStatus.APPRAISED:
        case.appraised_evaluation = case_evaluate(case, stage=AnswerStage.APPRAISAL, language="vi").as_dict()
    if to == CaseStatus.SUBMITTED:
        case.returned_reason = ""
    return _save(case, actor=actor, action=f"recognition.{to}", before=before)


@transaction.atomic
def case_decide(*, actor, case: RecognitionCase, result: str, decision_number: str,
                decision_date: datetime.date, signer: str, seen_version: int | None = None) -> RecognitionCase:
    """Record the decision of the competent People's Committee; the case is locked afterwards."""
    case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.APPRAISED,))
    if not can_review(actor, case):
        raise ValidationError(_("Only the competent level decides this case."))
    if result not in CaseResult.values:
        raise ValidationError({"result": _("Choose the result.")})
    before = snapshot(case, CASE_FIELDS)
    case.status, case.result = CaseStatus.DECIDED, result
    case.decision_number, case.decision_date, case.decision_signer = nfc(decision_number), decision_date, nfc(signer)
    case.decided_by, case.decided_at = actor, timezone.now()
    return _save(case, actor=actor, action="recognition.decide", before=before)


@transaction.atomic
def case_reopen(*, actor, case: RecognitionCase, reason: str, seen_version: int | None = None) -> RecognitionCase:
    """Unlock a decided case; only the level above the decider, always with a reason."""
    case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.DECIDED,))
    if not can_reopen(actor, case):
        raise ValidationError(_("Only the level above the decider may reopen a decided case."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    before = snapshot(case, CASE_FIELDS)
    case.status, case.result = CaseStatus.APPRAISED, ""
    case.decided_by, case.decided_at = None, None
    return _save(case, actor=actor, action="recognition.reopen", before=before, detail={"reason": nfc(reason)})


# --- entered figures --------------------------------------------------------------------------

# Figures the engine computes for a commune from its sub-units' cases (figures.commune_rollup);
# an entered value would be overwritten, so they are not entered.
COMPUTED_FIGURES = {UnitKind.COMMUNE: frozenset({"registered_percent", "recognised_percent", "kdc_recognised_percent"})}


def case_figure_names(case: RecognitionCase) -> list[str]:
    """The figures a person enters for `case`: those its numeric criteria compare, in criteria order."""
    criteria = criteria_set_for(case.unit.kind, case.year, provincial_extras(unit=case.unit, year=case.year)).criteria
    computed = COMPUTED_FIGURES.get(case.unit.kind, frozenset())
    names: list[str] = []
    for criterion in criteria:
        if criterion.figure and criterion.figure in FIGURES and criterion.figure not in computed \
                and criterion.figure not in names:
            names.append(criterion.figure)
    return names


def _clean_figures(case: RecognitionCase, figures: dict) -> dict[str, str]:
    allowed = case_figure_names(case)
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, raw in figures.items():
        if name not in allowed:
            errors.setdefault(name, []).append(_("This figure is not used by the criteria of this case."))
            continue
        if raw is None or str(raw).strip() == "":
            continue  # left empty: not known (the criterion reports missing data)
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            errors.setdefault(name, []).append(_("Enter a number."))
            continue
        if not value.is_finite() or value < 0:
            errors.setdefault(name, []).append(_("Enter a number that is zero or more."))
        elif FIGURES[name].unit == PERCENT and value > 100:
            errors.setdefault(name, []).append(_("A share cannot be more than 100 %."))
        elif FIGURES[name].unit == COUNT and value != value.to_integral_value():
            errors.setdefault(name, []).append(_("Enter a whole number."))
        else:
            cleaned[name] = f"{value.normalize():f}"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def case_set_figures(*, actor, case: RecognitionCase, figures: dict, stage: str = AnswerStage.SELF,
                     seen_version: int | None = None) -> RecognitionCase:
    """Replace the entered figures of a stage: the unit's own (self) or the appraiser's (appraisal)."""
    if stage == AnswerStage.SELF:
        case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED))
        if not can_enter(actor, case):
            raise ValidationError(_("You may not enter figures for this unit."))
    else:
        case = _locked(case, seen_version=seen_version, allowed=(CaseStatus.SUBMITTED,))
        if not can_review(actor, case):
            raise ValidationError(_("Only the competent level appraises this case."))
    cleaned = _clean_figures(case, figures)
    field = "figures" if stage == AnswerStage.SELF else "appraised_figures"
    previous = dict(getattr(case, field) or {})
    before = snapshot(case, CASE_FIELDS)
    setattr(case, field, cleaned)
    # The version moves on: the whole set is replaced, so a form built on older figures must not win.
    return _save(case, actor=actor, action=f"recognition.figures.{stage}", before=before,
                 detail={"stage": stage, "before": previous, "after": cleaned})
