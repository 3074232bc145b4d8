"""Reads of classifications, always starting from the units the acting user may see."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from antq.accounts.scope import Capability, units_for, visible_units
from antq.classification.applied import rules_of
from antq.classification.models import Classification, ClassificationScore, ClassificationStatus, ScoreStage
from antq.classification.rules import CLASSIFIED_KINDS, Item
from antq.classification.workflow import evaluate
from antq.core.models import AuditEvent
from antq.units.coverage import coverage_of_unit
from antq.units.models import Unit
from antq.units.selectors import current_year  # noqa: F401 — the default year of this module's pages


def classification_list(*, actor, area: Unit | None = None, year: int | None = None,
                        status: str | None = None) -> QuerySet[Classification]:
    """Classifications of the units `actor` may see, in the subtree of `area` (resolved in scope by the caller)."""
    qs = Classification.objects.filter(unit__in=visible_units(actor).values("pk"))
    if area is not None:
        qs = qs.filter(unit__path__startswith=area.path)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit", "unit__parent").order_by("-year", "unit__name_folded", "pk")


def classification_status_counts(*, actor, area: Unit | None = None, year: int | None = None) -> dict[str, int]:
    """How many classifications of the list are in each status (zero when none), in one query."""
    rows = classification_list(actor=actor, area=area, year=year).order_by().values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in ClassificationStatus.values}


def get_classification_for(actor, pk) -> Classification:
    """The classification with id `pk` if its unit is visible to `actor`; 404 otherwise, missing or not."""
    try:
        return classification_list(actor=actor).get(pk=pk)
    except (Classification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def classification_timeline(*, classification: Classification) -> list[AuditEvent]:
    """The audit events of a classification, oldest first. The caller has checked scope."""
    content_type = ContentType.objects.get_for_model(Classification)
    return list(AuditEvent.objects.filter(target_type=content_type, target_id=str(classification.pk))
                .select_related("actor").order_by("at", "id"))


def units_to_start(*, actor, area: Unit, year: int, limit: int = 50) -> tuple[list[Unit], int]:
    """Units in `area` the actor enters data for, classified kinds, existing in `year`, without a classification
    for it yet (organisations only when covered): the first `limit` by name, and how many there are."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = (units_for(actor, Capability.ENTER_DATA).filter(path__startswith=area.path, kind__in=CLASSIFIED_KINDS)
          .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last),
                  Q(valid_to__isnull=True) | Q(valid_to__gte=first))
          .exclude(classifications__year=year).order_by("kind", "name_folded", "pk"))
    units = [u for u in qs[: limit * 2] if not u.is_organisation or coverage_of_unit(u).covered]
    return units[:limit], qs.count()


# --- the score sheet of one classification ------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    item: Item
    depth: int
    self_points: Decimal | None
    review_points: Decimal | None  # the reviewer's own points, None where it kept the unit's
    reviewed_points: Decimal | None  # what counts at review: the reviewer's, else the unit's
    self_note: str
    review_note: str
    self_explanation: str
    review_explanation: str

    @property
    def changed(self) -> bool:
        return self.review_points is not None and self.review_points != self.self_points


@dataclass(frozen=True)
class SheetView:
    rows: list[SheetRow]
    self_result: dict  # the engine's result as a dict (live or as stored)
    review_result: dict | None
    self_live: bool
    review_live: bool


def _items(result: dict | None) -> dict[str, dict]:
    return {item["item_id"]: item for item in (result or {}).get("items", [])}


def classification_sheet(*, classification: Classification) -> SheetView:
    """Every item with the unit's and the reviewer's points side by side, and the engine's explanations.

    The self stage is evaluated live while the unit scores (draft) and shown as stored afterwards; the review
    stage is live while the classification is being reviewed (submitted) and as stored once reviewed.
    """
    rules = rules_of(classification)
    scores: dict[tuple[str, str], ClassificationScore] = {(s.item_id, s.stage): s for s in classification.scores.all()}
    self_live = classification.status == ClassificationStatus.DRAFT or not classification.self_result
    own = evaluate(classification, stage=ScoreStage.SELF, rules=rules).as_dict() if self_live \
        else classification.self_result
    review_live = False
    review = None
    if classification.reviewed_result and classification.status in (ClassificationStatus.REVIEWED,
                                                                    ClassificationStatus.DECIDED):
        review = classification.reviewed_result
    elif classification.status == ClassificationStatus.SUBMITTED:
        review, review_live = evaluate(classification, stage=ScoreStage.REVIEW, rules=rules).as_dict(), True
    own_items, review_items = _items(own), _items(review)
    rows = []
    for item, depth in rules.sheet.walk():
        self_score = scores.get((item.id, ScoreStage.SELF))
        review_score = scores.get((item.id, ScoreStage.REVIEW))
        reviewed = review_items.get(item.id, {}).get("points")
        rows.append(SheetRow(
            item=item, depth=depth,
            self_points=_decimal(own_items.get(item.id, {}).get("points")),
            review_points=review_score.points if review_score else None,
            reviewed_points=_decimal(reviewed),
            self_note=self_score.note if self_score else "", review_note=review_score.note if review_score else "",
            self_explanation=own_items.get(item.id, {}).get("explanation", ""),
            review_explanation=review_items.get(item.id, {}).get("explanation", ""),
        ))
    return SheetView(rows=rows, self_result=own, review_result=review, self_live=self_live, review_live=review_live)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
