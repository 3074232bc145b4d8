"""Steps of a movement classification, each an audited service in one transaction (QĐ 510/QĐ-BCA-V05 art. 11).

Who may do what:

* The unit's own side — anyone with data entry on the unit (its reporter, the commune officer, the
  province officer) — starts the classification, scores every item itself (with notes or evidence) and
  submits it.
* The *level above* reviews, returns and decides. It is the unit's ancestor at the review level of the
  reviewer data (`data/*.yaml`, `reviewers`): the commune for a KDC and commune-managed organisations, the
  province for communes (the district before 2025-07-01) and province-managed organisations, the Ministry
  for ministry-followed ones. A reviewer scores each item again where it disagrees (a reason is required
  where the reviewed points differ from the unit's), records the reviewed result and decides the final
  level — no higher than the caps allow, and with a reason where it differs from the reviewed level.
* A decided classification is locked; only the level above the reviewer reopens it, with a reason.

Every step locks the row, checks the state it starts from and the version the actor saw, and writes an
audit event — the mechanics shared with recognition, in `antq.core.review`. Of two decisions taken at the
same moment exactly one succeeds; the other gets a `ConflictError`. The decision and the reopening move
the unit's count in the summary rows (`tallies.tally_move`) in the same transaction.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.classification.applied import AppliedRules, reviewer_unit_for, rules_of
from antq.classification.engine import AnttSafe, Result, better, classify, highest_allowed, level_label, points_problems
from antq.classification.models import Classification, ClassificationScore, ClassificationStatus, ScoreStage, Source
from antq.classification.rules import CLASSIFIED_KINDS, regulation_code_for_year
from antq.classification.tallies import block_of, tally_move
from antq.core.audit import audit_record, snapshot
from antq.core.review import ConflictError, holds_review_role, lock_for_step, save_step
from antq.core.text import nfc
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.units.coverage import coverage_of_unit
from antq.units.models import Unit

__all__ = ["ConflictError", "antt_safe_of", "can_enter", "can_reopen", "can_review", "classification_decide",
           "classification_reopen", "classification_score", "classification_start", "classification_transition",
           "evaluate", "reviewer_unit"]

FIELDS = ["status", "version", "source", "block", "antt_safe", "self_total", "self_level", "reviewed_total",
          "reviewed_level", "level", "level_reason", "returned_reason"]
SUBMITTED, REVIEWED, RETURNED = "submitted", "reviewed", "returned"


# --- who --------------------------------------------------------------------------------------


def reviewer_unit(classification: Classification) -> Unit:
    """The unit whose level reviews and decides this classification."""
    return reviewer_unit_for(classification.unit, rules_of(classification).review_level)


def can_enter(actor, classification: Classification) -> bool:
    return has_capability(actor, classification.unit, Capability.ENTER_DATA)


def can_review(actor, classification: Classification) -> bool:
    return holds_review_role(actor, reviewer_unit(classification), strictly_above=False)


def can_reopen(actor, classification: Classification) -> bool:
    return holds_review_role(actor, reviewer_unit(classification), strictly_above=True)


# --- inputs -----------------------------------------------------------------------------------


def antt_safe_of(unit: Unit, year: int) -> str:
    """The unit's ANTT-safe recognition of `year` as decided in antq.recognition: met, not_met, else unknown."""
    result = (RecognitionCase.objects.filter(unit=unit, year=year, status=CaseStatus.DECIDED)
              .values_list("result", flat=True).first())
    return result if result in (AnttSafe.MET, AnttSafe.NOT_MET) else AnttSafe.UNKNOWN


def stage_points(classification: Classification, stage: str) -> dict[str, Decimal]:
    """The points of a stage by item; the reviewed stage takes the unit's points where it gave none."""
    rows = dict(classification.scores.filter(stage=ScoreStage.SELF).values_list("item_id", "points"))
    if stage == ScoreStage.REVIEW:
        rows.update(classification.scores.filter(stage=ScoreStage.REVIEW).values_list("item_id", "points"))
    return rows


def evaluate(classification: Classification, *, stage: str, rules: AppliedRules | None = None,
             antt_safe: str | None = None, language: str | None = None) -> Result:
    """The engine's result for a stage, with the rules of the classification and its ANTT-safe result."""
    rules = rules or rules_of(classification)
    antt_safe = antt_safe or classification.antt_safe
    with translation.override(language or translation.get_language()):
        return classify(rules.sheet, rules.bands, rules.caps, scores=stage_points(classification, stage),
                        antt_safe=antt_safe, year=classification.year)


# --- steps ------------------------------------------------------------------------------------


def _locked(classification: Classification, *, seen_version: int | None, allowed: tuple[str, ...]) -> Classification:
    return lock_for_step(Classification, classification.pk, seen_version=seen_version, allowed=allowed,
                         locked_status=ClassificationStatus.DECIDED)


def _save(classification: Classification, *, actor, action: str, before: dict,
          detail: dict | None = None) -> Classification:
    return save_step(classification, actor=actor, action=action, before=before, fields=FIELDS, detail=detail)


def _existed_in(unit: Unit, year: int) -> bool:
    return unit.is_valid_on(datetime.date(year, 12, 31)) or unit.is_valid_on(datetime.date(year, 1, 1))


@transaction.atomic
def classification_start(*, actor, unit: Unit, year: int) -> Classification:
    """Open the classification of `unit` for `year`, for the unit's side to score (data entry on the unit)."""
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not start a classification for this unit."))
    if unit.kind not in CLASSIFIED_KINDS:
        raise ValidationError(_("Only residential areas, communes, agencies, enterprises, schools and districts are "
                                "classified."))
    if not _existed_in(unit, year):
        raise ValidationError(_("This unit did not exist in %(year)s.") % {"year": year})
    if unit.is_organisation:
        coverage = coverage_of_unit(unit)
        if not coverage.covered:
            raise ValidationError(
                _("%(reasons)s (%(basis)s).") % {"reasons": "; ".join(coverage.reasons), "basis": coverage.legal_basis})
    try:
        code = regulation_code_for_year(year)
    except LookupError:
        raise ValidationError(_("No score sheet covers %(year)s.") % {"year": year}) from None
    if Classification.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("This unit already has a classification for %(year)s.") % {"year": year})
    classification = Classification(unit=unit, year=year, regulation=code, started_by=actor,
                                     started_at=timezone.now(), antt_safe=antt_safe_of(unit, year))
    classification.full_clean()
    classification.save()
    audit_record(actor=actor, action="classification.start", target=classification,
                 after=snapshot(classification, FIELDS))
    return classification


def _clean_scores(rules: AppliedRules, scores: Mapping[str, Mapping]) -> tuple[dict[str, Decimal | None], dict]:
    """Points (None: cleared) and notes by item, or a ValidationError naming each bad item."""
    given = {item_id: entry.get("points") for item_id, entry in scores.items()}
    entered = {k: v for k, v in given.items() if v is not None and str(v).strip() != ""}
    problems = points_problems(rules.sheet, {**entered, **{k: "0" for k in given if k not in entered}})
    if problems:
        raise ValidationError({item_id: [message] for item_id, message in problems.items()})
    points = {k: (Decimal(str(entered[k]).strip().replace(",", ".")) if k in entered else None) for k in given}
    notes = {item_id: nfc(str(entry.get("note") or "")) for item_id, entry in scores.items()}
    return points, notes


@transaction.atomic
def classification_score(*, actor, classification: Classification, stage: str, scores: Mapping[str, Mapping],
                         seen_version: int | None = None) -> Classification:
    """Record points per item: the unit's own (self stage) or the reviewer's (review stage).

    `scores` maps item ids to {"points": …, "note": …}; empty points clear the item (for the reviewer:
    back to the unit's points). A reviewer's points that differ from the unit's need a reason in the note.
    """
    if stage == ScoreStage.SELF:
        classification = _locked(classification, seen_version=seen_version, allowed=(ClassificationStatus.DRAFT,))
        if not can_enter(actor, classification):
            raise ValidationError(_("You may not score for this unit."))
    elif stage == ScoreStage.REVIEW:
        classification = _locked(classification, seen_version=seen_version,
                                 allowed=(ClassificationStatus.SUBMITTED,))
        if not can_review(actor, classification):
            raise ValidationError(_("Only the level above reviews this classification."))
    else:
        raise ValidationError(_("Unknown stage."))
    points, notes = _clean_scores(rules_of(classification), scores)
    own = stage_points(classification, ScoreStage.SELF)
    if stage == ScoreStage.REVIEW:
        missing_reason = {item_id: [_("Give the reason why the reviewed points differ from the unit's.")]
                          for item_id, value in points.items()
                          if value is not None and value != own.get(item_id) and not notes[item_id]}
        if missing_reason:
            raise ValidationError(missing_reason)
    existing = {s.item_id: s for s in classification.scores.filter(stage=stage, item_id__in=list(points))}
    changed = {}
    for item_id, value in points.items():
        row = existing.get(item_id)
        if value is None or (stage == ScoreStage.REVIEW and value == own.get(item_id) and not notes[item_id]):
            if row is not None:
                row.delete()
                changed[item_id] = {"points": None, "note": ""}
            continue
        if row is not None and row.points == value and row.note == notes[item_id]:
            continue
        row = row or ClassificationScore(classification=classification, item_id=item_id, stage=stage)
        row.points, row.note, row.entered_by = value, notes[item_id], actor
        row.full_clean()
        row.save()
        changed[item_id] = {"points": str(value), "note": notes[item_id]}
    before = snapshot(classification, FIELDS)
    return _save(classification, actor=actor, action=f"classification.score.{stage}", before=before,
                 detail={"stage": stage, "items": changed})


def _record(result: Result) -> dict:
    return result.as_dict()


@transaction.atomic
def classification_transition(*, actor, classification: Classification, to: str, seen_version: int | None = None,
                              reason: str = "") -> Classification:
    """Submit (the unit's side), record the review or return (the level above, with a reason)."""
    if to == RETURNED:
        classification = _locked(classification, seen_version=seen_version,
                                 allowed=(ClassificationStatus.SUBMITTED, ClassificationStatus.REVIEWED))
        if not can_review(actor, classification):
            raise ValidationError(_("Only the level above returns a classification."))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for returning the classification.")})
        before = snapshot(classification, FIELDS)
        classification.status, classification.returned_reason = ClassificationStatus.DRAFT, nfc(reason)
        classification.reviewed_total, classification.reviewed_level, classification.reviewed_result = None, "", None
        return _save(classification, actor=actor, action="classification.return", before=before,
                     detail={"reason": nfc(reason)})
    if to == SUBMITTED:
        classification = _locked(classification, seen_version=seen_version, allowed=(ClassificationStatus.DRAFT,))
        if not can_enter(actor, classification):
            raise ValidationError(_("You may not submit this classification."))
        stage = ScoreStage.SELF
    elif to == REVIEWED:
        classification = _locked(classification, seen_version=seen_version,
                                 allowed=(ClassificationStatus.SUBMITTED,))
        if not can_review(actor, classification):
            raise ValidationError(_("Only the level above reviews this classification."))
        stage = ScoreStage.REVIEW
    else:
        raise ValidationError(_("Unknown step."))
    before = snapshot(classification, FIELDS)
    classification.antt_safe = antt_safe_of(classification.unit, classification.year)
    result = evaluate(classification, stage=stage, language="vi")
    if not result.complete:
        raise ValidationError(_("Score every item first; not scored: %(items)s.") % {
            "items": ", ".join(result.missing)})
    if to == SUBMITTED:
        classification.status, classification.returned_reason = ClassificationStatus.SUBMITTED, ""
        classification.self_total, classification.self_level = result.total, result.level
        classification.self_result = _record(result)
    else:
        classification.status = ClassificationStatus.REVIEWED
        classification.reviewed_total, classification.reviewed_level = result.total, result.level
        classification.reviewed_result = _record(result)
    return _save(classification, actor=actor, action=f"classification.{to}", before=before)


@transaction.atomic
def classification_decide(*, actor, classification: Classification, level: str = "", reason: str = "",
                          seen_version: int | None = None) -> Classification:
    """Decide the final level (the reviewed one unless `level` says otherwise, with a reason); lock it."""
    classification = _locked(classification, seen_version=seen_version, allowed=(ClassificationStatus.REVIEWED,))
    if not can_review(actor, classification):
        raise ValidationError(_("Only the level above decides this classification."))
    rules = rules_of(classification)
    before = snapshot(classification, FIELDS)
    # The recognition may have been decided since the review: the caps use the result of now.
    classification.antt_safe = antt_safe_of(classification.unit, classification.year)
    if classification.source == Source.ENTERED:
        result = evaluate(classification, stage=ScoreStage.REVIEW, rules=rules, language="vi")
        classification.reviewed_total, classification.reviewed_level = result.total, result.level
        classification.reviewed_result = _record(result)
    final = level or classification.reviewed_level
    if final not in ("excellent", "good", "average", "weak"):
        raise ValidationError({"level": _("Choose the level.")})
    allowed = highest_allowed(rules.caps, classification.antt_safe)
    if better(final, allowed):
        cap = next(c for c in rules.caps if c.max_level == allowed)
        raise ValidationError({"level": _("The level cannot be above %(max)s: %(rule)s (%(source)s).") % {
            "max": level_label(allowed), "rule": cap.text, "source": cap.source}})
    if final != classification.reviewed_level and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for a level other than the reviewed one.")})
    classification.status, classification.level, classification.level_reason = (
        ClassificationStatus.DECIDED, final, nfc(reason))
    classification.block = block_of(classification.unit.kind, classification.unit.managing_level)
    classification.decided_by, classification.decided_at = actor, timezone.now()
    classification.rules = rules.frozen()
    tally_move(unit=classification.unit, year=classification.year, old=None,
               new=(classification.block, classification.level))
    return _save(classification, actor=actor, action="classification.decide", before=before,
                 detail={"reason": nfc(reason)} if reason.strip() else None)


@transaction.atomic
def classification_reopen(*, actor, classification: Classification, reason: str,
                          seen_version: int | None = None) -> Classification:
    """Unlock a decided classification; only the level above the reviewer, always with a reason."""
    classification = _locked(classification, seen_version=seen_version, allowed=(ClassificationStatus.DECIDED,))
    if not can_reopen(actor, classification):
        raise ValidationError(_("Only the level above the reviewer may reopen a decided classification."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the classification.")})
    before = snapshot(classification, FIELDS)
    tally_move(unit=classification.unit, year=classification.year,
               old=(classification.block, classification.level), new=None)
    if classification.is_imported and not classification.reviewed_level:
        # An imported result has no reviewed stage: its imported level stands as the reviewed one.
        classification.reviewed_level, classification.reviewed_total = (
            classification.imported_level, classification.imported_score)
    classification.status, classification.level, classification.level_reason = ClassificationStatus.REVIEWED, "", ""
    classification.block, classification.rules = "", None
    classification.decided_by, classification.decided_at = None, None
    return _save(classification, actor=actor, action="classification.reopen", before=before,
                 detail={"reason": nfc(reason)})
