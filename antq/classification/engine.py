"""Score a unit on its sheet and give its level: pure functions, no database.

`classify(sheet, bands, caps, scores=…, antt_safe=…, year=…)` adds up the points of the scored items (the
items without sub-items; a group's points are the sum of its sub-items), finds the level from the bands
(the best level whose minimum the total reaches), then applies the caps: a cap whose condition holds for
the unit's ANTT-safe recognition of the year (`met`, `not_met` or `unknown`) lowers a level above its
`max_level` to it. Every item, the band and each cap carry an explanation citing the source in the data,
rendered in the active language (English msgids, Vietnamese catalogue). An item without points makes the
result incomplete: the total is still shown, but there is no level. Same inputs, same result.

`points_problems(sheet, scores)` says which given points are not acceptable (unknown item, a group, below
0, above the maximum, more than two decimals); the services refuse such input before calling `classify`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.classification.rules import LEVELS, Bands, Cap, Sheet


class Level(TextChoices):
    EXCELLENT = "excellent", gettext_lazy("Excellent")
    GOOD = "good", gettext_lazy("Good")
    AVERAGE = "average", gettext_lazy("Average")
    WEAK = "weak", gettext_lazy("Weak")


class AnttSafe(TextChoices):
    """The unit's ANTT-safe recognition of the year, as the classification uses it."""

    MET = "met", gettext_lazy("Recognised ANTT-safe")
    NOT_MET = "not_met", gettext_lazy("Not recognised ANTT-safe")
    UNKNOWN = "unknown", gettext_lazy("Recognition not decided")


# The cap conditions of the data (rules.CAP_CONDITIONS) and the recognition result that triggers each.
_CAP_TRIGGERS = {"not_recognised": AnttSafe.NOT_MET, "not_decided": AnttSafe.UNKNOWN}


def level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else ""


def better(level: str, than: str) -> bool:
    """Is `level` above `than` (excellent above good …)?"""
    return LEVELS.index(level) < LEVELS.index(than)


def _num(value: Decimal) -> str:
    """Points as written in the active language: "10", "2,5" (Vietnamese) or "2.5"."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}".replace(".", get_format("DECIMAL_SEPARATOR"))


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    depth: int
    is_leaf: bool
    max_points: Decimal
    points: Decimal | None  # None: not scored (for a group: some sub-item not scored)
    explanation: str


@dataclass(frozen=True)
class Result:
    sheet_code: str
    total: Decimal  # the points given so far
    max_total: Decimal
    missing: tuple[str, ...]  # leaf items without points
    level_before_cap: str  # "" while incomplete
    level: str  # after the caps; "" while incomplete
    cap_id: str  # the cap that lowered the level, "" when none did
    band_explanation: str
    cap_explanations: tuple[str, ...]
    items: tuple[ItemResult, ...]
    antt_safe: str

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def capped(self) -> bool:
        return bool(self.cap_id)

    @property
    def summary(self) -> str:
        return " ".join((self.band_explanation, *self.cap_explanations)).strip()

    def as_dict(self) -> dict:
        """JSON-ready, to freeze the result of a stage on the classification."""
        return {
            "sheet_code": self.sheet_code, "total": str(self.total), "max_total": str(self.max_total),
            "missing": list(self.missing), "level_before_cap": self.level_before_cap, "level": self.level,
            "cap_id": self.cap_id, "band_explanation": self.band_explanation,
            "cap_explanations": list(self.cap_explanations), "antt_safe": self.antt_safe,
            "items": [{"item_id": i.item_id, "depth": i.depth, "is_leaf": i.is_leaf, "max_points": str(i.max_points),
                       "points": None if i.points is None else str(i.points), "explanation": i.explanation}
                      for i in self.items],
        }


def points_problems(sheet: Sheet, scores: Mapping[str, object]) -> dict[str, str]:
    """The given points that cannot be accepted, by item id, with the reason (empty when all are fine)."""
    leaves = {item.id: item for item in sheet.leaves()}
    problems: dict[str, str] = {}
    for item_id, raw in scores.items():
        item = leaves.get(item_id)
        if item is None:
            problems[item_id] = _("This item is not scored on this sheet.")
            continue
        try:
            points = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            problems[item_id] = _("Enter a number.")
            continue
        if not points.is_finite() or points.as_tuple().exponent < -2:  # type: ignore[operator]
            problems[item_id] = _("Enter a number with at most two decimals.")
        elif points < 0 or points > item.max_points:
            problems[item_id] = _("Enter between 0 and %(max)s points.") % {"max": _num(item.max_points)}
    return problems


def level_for(bands: Bands, total: Decimal) -> str:
    """The best level whose minimum `total` reaches (the last band starts at 0)."""
    for band in bands.levels:
        if total >= band.min_points:
            return band.level
    return bands.levels[-1].level


def _leaf_explanation(item, points: Decimal | None) -> str:
    if points is None:
        return _("%(id)s (%(source)s): not scored yet.") % {"id": item.id, "source": item.source}
    return _("%(id)s (%(source)s): %(points)s of %(max)s points.") % {
        "id": item.id, "source": item.source, "points": _num(points), "max": _num(item.max_points)}


def _item_results(sheet: Sheet, scores: Mapping[str, Decimal]) -> list[ItemResult]:
    results: list[ItemResult] = []

    def visit(item, depth) -> Decimal | None:
        position = len(results)
        results.append(None)  # type: ignore[arg-type]  # filled below, after the sub-items
        if item.is_leaf:
            points = scores.get(item.id)
            results[position] = ItemResult(item.id, depth, True, item.max_points, points,
                                           _leaf_explanation(item, points))
            return points
        parts = [visit(child, depth + 1) for child in item.children]
        points = None if any(p is None for p in parts) else sum(parts, Decimal(0))
        given = sum((p for p in parts if p is not None), Decimal(0))
        if points is None:
            explanation = _("%(id)s: %(points)s of %(max)s points so far; some sub-items are not scored.") % {
                "id": item.id, "points": _num(given), "max": _num(item.max_points)}
        else:
            explanation = _("%(id)s: %(points)s of %(max)s points, the sum of its %(n)s sub-items.") % {
                "id": item.id, "points": _num(points), "max": _num(item.max_points), "n": len(item.children)}
        results[position] = ItemResult(item.id, depth, False, item.max_points, points, explanation)
        return points

    for item in sheet.items:
        visit(item, 0)
    return results


def _apply_caps(caps: Sequence[Cap], bands: Bands, level: str, antt_safe: str,
                year: int | None) -> tuple[str, str, list[str]]:
    """The level after the caps, the id of the cap that lowered it, and one explanation per relevant cap."""
    capped_by, explanations = "", []
    year_text = str(year) if year else _("the year")
    for cap in caps:
        trigger = _CAP_TRIGGERS[cap.when]
        if antt_safe != trigger:
            if cap.when == "not_recognised" and antt_safe == AnttSafe.UNKNOWN:
                explanations.append(_("The ANTT-safe recognition of %(year)s is not decided: the cap %(id)s does not "
                                      "apply (%(source)s).") % {"year": year_text, "id": cap.id, "source": cap.source})
            continue
        reason = (_("Not recognised ANTT-safe in %(year)s") if trigger == AnttSafe.NOT_MET
                  else _("ANTT-safe recognition of %(year)s not decided")) % {"year": year_text}
        if not level:
            explanations.append(_("%(reason)s: once every item is scored, the level will be at most %(max)s (%(id)s, "
                                  "%(source)s).") % {"reason": reason, "max": level_label(cap.max_level),
                                                     "id": cap.id, "source": cap.source})
        elif better(level, cap.max_level):
            explanations.append(_("%(reason)s: %(rule)s (%(id)s, %(source)s). %(before)s → %(after)s.") % {
                "reason": reason, "rule": cap.text, "id": cap.id, "source": cap.source,
                "before": level_label(level), "after": level_label(cap.max_level)})
            level, capped_by = cap.max_level, cap.id
        else:
            explanations.append(_("%(reason)s: the level is not above %(max)s, the cap %(id)s changes nothing "
                                  "(%(source)s).") % {"reason": reason, "max": level_label(cap.max_level),
                                                      "id": cap.id, "source": cap.source})
    return level, capped_by, explanations


def classify(sheet: Sheet, bands: Bands, caps: Sequence[Cap], *, scores: Mapping[str, Decimal],
             antt_safe: str = AnttSafe.UNKNOWN, year: int | None = None) -> Result:
    """Total, level before and after the caps, and why, for `scores` (item id → points) on `sheet`."""
    items = _item_results(sheet, scores)
    missing = tuple(r.item_id for r in items if r.is_leaf and r.points is None)
    total = sum((r.points for r in items if r.is_leaf and r.points is not None), Decimal(0))
    level_before = level = ""
    if missing:
        band_explanation = _("%(total)s of %(max)s points so far; %(n)s items are not scored, so there is no level "
                             "yet.") % {"total": _num(total), "max": _num(sheet.max_total), "n": len(missing)}
    else:
        level_before = level_for(bands, total)
        minimum = next(b.min_points for b in bands.levels if b.level == level_before)
        band_explanation = _("Total %(total)s of %(max)s points: %(level)s (from %(min)s points; %(source)s).") % {
            "total": _num(total), "max": _num(sheet.max_total), "level": level_label(level_before),
            "min": _num(minimum), "source": bands.source}
    level, cap_id, cap_explanations = _apply_caps(caps, bands, level_before, antt_safe, year)
    return Result(sheet_code=sheet.code, total=total, max_total=sheet.max_total, missing=missing,
                  level_before_cap=level_before, level=level, cap_id=cap_id if level_before else "",
                  band_explanation=band_explanation, cap_explanations=tuple(cap_explanations), items=tuple(items),
                  antt_safe=str(antt_safe))


def highest_allowed(caps: Sequence[Cap], antt_safe: str) -> str:
    """The best level a decision may give under the caps that hold ("excellent" when none holds)."""
    best = LEVELS[0]
    for cap in caps:
        if antt_safe == _CAP_TRIGGERS[cap.when] and better(best, cap.max_level):
            best = cap.max_level
    return best
