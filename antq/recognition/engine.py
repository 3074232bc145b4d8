"""Judge one unit for one evaluation period against its criteria: pure functions, no database.

`evaluate(criteria_set, facts)` gives one `CriterionResult` per criterion of a resolved set (see
`antq.recognition.criteria.criteria_set_for`), each with a status and an explanation that cites the
article and the incident, answer or figure that decided it, and an overall `Outcome`:

- must_have        the unit's answer (`Facts.answers[id]`); no answer → missing data;
- must_not_happen  the incidents of the period of the listed types (of the unit, or of the unit and
                   its sub-units when the criterion's scope says so), at or above the criterion's
                   crime category or discipline level; an incident flagged with an exception the
                   article allows (force majeure; detected in time, mitigated and reported) is
                   excused; one whose category or discipline level is unknown → missing data;
- numeric          `Facts.figures[figure]` compared with the threshold; unknown → missing data;
- trend            met when this period's count is below the previous period's (or zero); either
                   count unknown → missing data.

An appraiser's `Facts.overrides[id]` replaces the computed status; both stay in the result. The unit
is recognised only when every applicable criterion is met; missing data anywhere makes the outcome
"incomplete", which is not a verdict. Explanations are rendered in the active language (English
msgids, Vietnamese catalogue); `text_vi` and articles come verbatim from the data. Same inputs, same
result: incidents are taken in (date, id) order and criteria in the order of the set.

`outcome(criteria_set, facts)` is `evaluate(…).outcome` without the explanations, for re-evaluating
whole areas where only the verdict is compared: the statuses come from the same judges.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

from django.db.models import TextChoices
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.recognition.criteria import (
    EXCEPTION_LABELS,
    OWN_AND_SUB_UNITS,
    SCOPE_LABELS,
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionSpec,
    IncidentCodes,
    criteria_set_for,
    incident_codes,
)
from antq.recognition.facts import Answer, Facts, IncidentFact, Period
from antq.recognition.figures import FIGURES, PERCENT


class CriterionStatus(TextChoices):
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Not applicable")
    MISSING_DATA = "missing_data", gettext_lazy("Missing data")


class Outcome(TextChoices):
    RECOGNISED = "recognised", gettext_lazy("Recognised")
    NOT_RECOGNISED = "not_recognised", gettext_lazy("Not recognised")
    INCOMPLETE = "incomplete", gettext_lazy("Incomplete")


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: str  # a CriterionStatus value, after the appraiser's override if any
    explanation: str
    incident_ids: tuple[int, ...] = ()  # the incidents that decided it (violations, or excused ones)
    computed_status: str = ""  # what the engine computed, before any override
    computed_explanation: str = ""
    overridden: bool = False

    @property
    def status_label(self) -> str:
        return str(CriterionStatus(self.status).label)


@dataclass(frozen=True)
class Evaluation:
    legal_basis_code: str
    legal_basis: str
    unit_kind: str
    year: int
    period: Period
    results: tuple[CriterionResult, ...]
    outcome: str  # an Outcome value

    @property
    def recognised(self) -> bool:
        return self.outcome == Outcome.RECOGNISED

    def result(self, criterion_id: str) -> CriterionResult:
        for r in self.results:
            if r.criterion.id == criterion_id:
                return r
        raise KeyError(criterion_id)

    def with_status(self, status: str) -> tuple[CriterionResult, ...]:
        return tuple(r for r in self.results if r.status == status)

    @property
    def summary(self) -> str:
        if self.outcome == Outcome.INCOMPLETE:
            missing = self.with_status(CriterionStatus.MISSING_DATA)
            return _("Incomplete: %(count)s criteria lack data (%(ids)s); no verdict yet.") % {
                "count": len(missing), "ids": ", ".join(r.criterion.id for r in missing)}
        if self.outcome == Outcome.NOT_RECOGNISED:
            failed = self.with_status(CriterionStatus.NOT_MET)
            return _("Not recognised: %(count)s criteria not met (%(ids)s).") % {
                "count": len(failed), "ids": ", ".join(r.criterion.id for r in failed)}
        met = self.with_status(CriterionStatus.MET)
        return _("Recognised: all %(count)s applicable criteria are met.") % {"count": len(met)}

    def as_dict(self) -> dict:
        """A JSON-ready copy, for storing the result of a case next to its decision."""
        return {
            "legal_basis": self.legal_basis_code,
            "unit_kind": self.unit_kind,
            "year": self.year,
            "period": [self.period.start.isoformat(), self.period.end.isoformat()],
            "outcome": self.outcome,
            "results": [
                {"criterion": r.criterion.id, "status": r.status, "explanation": r.explanation,
                 "computed_status": r.computed_status, "overridden": r.overridden,
                 "incident_ids": list(r.incident_ids)}
                for r in self.results
            ],
        }


# --- Formatting -----------------------------------------------------------------------------------

_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_OPS = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "==": lambda a, b: a == b,
}


@lru_cache(maxsize=4096)
def _day(day: datetime.date) -> str:
    # Memoised: a province's explanations repeat the same few period bounds thousands of times.
    return day.strftime("%d/%m/%Y")


def _number(value: Decimal, figure: str) -> str:
    # Truncated, never rounded up: 69.96 % must not read as 70 %.
    shown = value.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if shown == shown.to_integral_value():
        shown = shown.to_integral_value()
    text = number_format(shown, decimal_pos=None if shown == shown.to_integral_value() else 1)
    return f"{text}\u00a0%" if FIGURES[figure].unit == PERCENT else text


def _describe(incident: IncidentFact, codes: IncidentCodes) -> str:
    title = incident.title or codes.type_label(incident.type)
    detail = ""
    if incident.severity:
        detail = codes.severity_label(incident.severity)
    else:
        known = [d for d in incident.discipline_levels if d in codes.discipline_ranks]
        if known:
            detail = codes.discipline_label(max(known, key=codes.discipline_ranks.__getitem__))
    params = {"id": incident.id, "title": title, "date": _day(incident.occurred_on),
              "place": incident.unit_name or "—", "detail": detail}
    if detail:
        return _("incident #%(id)s ‘%(title)s’ on %(date)s (%(detail)s) in %(place)s") % params
    return _("incident #%(id)s ‘%(title)s’ on %(date)s in %(place)s") % params


def _with_answer_details(text: str, answer: Answer) -> str:
    if answer.note:
        text += " " + _("Note: %(note)s") % {"note": answer.note}
    if answer.evidence:
        text += " " + _("Evidence: %(files)s.") % {"files": ", ".join(answer.evidence)}
    return text


# --- Judging one criterion ------------------------------------------------------------------------
#
# A judge decides the status and says how to explain it: the explanation is a function, called only by
# `evaluate`. `outcome` judges the same way and never calls it, so re-evaluating a whole area, where only
# the verdict is read, skips the translations and the date and number formatting (about three times the cost
# of the judging). The statuses come from one place for both.


@dataclass(frozen=True)
class _Judgement:
    status: str
    explain: Callable[[], str]  # the explanation in the active language, rendered when called
    incident_ids: tuple[int, ...] = ()


def _judge_must_have(c: Criterion, facts: Facts) -> _Judgement:
    answer = facts.answers.get(c.id)
    if answer is None or answer.met is None:
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _(
            "Missing data: %(article)s — not answered yet.") % {"article": c.citation})
    if answer.met:
        return _Judgement(CriterionStatus.MET, lambda: _with_answer_details(_(
            "Met: %(article)s — answered “met”.") % {"article": c.citation}, answer))
    return _Judgement(CriterionStatus.NOT_MET, lambda: _with_answer_details(_(
        "Not met: %(article)s — answered “not met”.") % {"article": c.citation}, answer))


def _undetermined(incident: IncidentFact, lacking: str, codes: IncidentCodes) -> str:
    if lacking == "severity":
        return _("%(incident)s has no crime category recorded") % {"incident": _describe(incident, codes)}
    return _("%(incident)s has no discipline level recorded") % {"incident": _describe(incident, codes)}


def _judge_must_not_happen(c: Criterion, facts: Facts, incidents: Sequence[IncidentFact],
                           codes: IncidentCodes) -> _Judgement:
    violations, excused, undetermined = [], [], []
    min_severity = codes.severity_ranks.get(c.min_severity, 0)
    min_discipline = codes.discipline_ranks.get(c.min_discipline, 0)
    for incident in incidents:
        if incident.type not in c.incident_types:
            continue
        if incident.in_sub_unit and c.scope != OWN_AND_SUB_UNITS:
            continue
        if min_severity and incident.type in codes.severity_types:
            rank = codes.severity_ranks.get(incident.severity)
            if rank is None:
                undetermined.append((incident, "severity"))
                continue
            if rank < min_severity:
                continue
        if min_discipline and incident.type in codes.people_types:
            ranks = [codes.discipline_ranks[d] for d in incident.discipline_levels if d in codes.discipline_ranks]
            if not ranks:
                undetermined.append((incident, "discipline"))
                continue
            if max(ranks) < min_discipline:
                continue
        flags = {"force_majeure": incident.force_majeure,
                 "detected_mitigated_reported": incident.detected_mitigated_reported}
        allowed = next((e for e in c.exceptions if flags.get(e)), None)
        if allowed:
            excused.append((incident, allowed))
        else:
            violations.append(incident)
    if violations:
        return _Judgement(
            CriterionStatus.NOT_MET,
            lambda: _("Not met: %(article)s — %(items)s, not covered by an exception the article allows.") % {
                "article": c.citation, "items": "; ".join(_describe(i, codes) for i in violations)},
            tuple(i.id for i in violations),
        )
    if undetermined:
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _("Missing data: %(article)s — %(items)s.") % {
            "article": c.citation, "items": "; ".join(_undetermined(i, lacking, codes) for i, lacking in undetermined)})
    if excused:
        return _Judgement(CriterionStatus.MET, lambda: _("Met: %(article)s — excused: %(items)s.") % {
            "article": c.citation, "items": "; ".join(
                _("%(incident)s: %(exception)s") % {"incident": _describe(i, codes), "exception": EXCEPTION_LABELS[e]}
                for i, e in excused)}, tuple(i.id for i, _e in excused))
    return _Judgement(
        CriterionStatus.MET,
        lambda: _("Met: %(article)s — no such event in %(scope)s between %(start)s and %(end)s.") % {
            "article": c.citation, "scope": SCOPE_LABELS[c.scope], "start": _day(facts.period.start),
            "end": _day(facts.period.end)},
    )


def _judge_numeric(c: Criterion, facts: Facts) -> _Judgement:
    value = facts.figures.get(c.figure)
    if value is None:
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _(
            "Missing data: %(article)s — %(figure)s is not known yet.") % {
                "article": c.citation, "figure": FIGURES[c.figure].label})
    value = Decimal(value)
    met = _OPS[c.op](value, c.value)

    def explain() -> str:
        params = {"article": c.citation, "figure": FIGURES[c.figure].label, "value": _number(value, c.figure),
                  "op": _OP_SIGNS[c.op], "threshold": _number(c.value, c.figure)}
        if met:
            text = _("Met: %(article)s — %(figure)s: %(value)s (required %(op)s %(threshold)s).") % params
        else:
            text = _("Not met: %(article)s — %(figure)s: %(value)s (required %(op)s %(threshold)s).") % params
        # A numeric criterion has no answer of its own; one is there only when a registry gave the figure
        # (the models registry for XA-1b, CQDN-1d, CSGD-1d), and its note names the source.
        answer = facts.answers.get(c.id)
        return _with_answer_details(text, answer) if answer else text

    return _Judgement(CriterionStatus.MET if met else CriterionStatus.NOT_MET, explain)


def _judge_trend(c: Criterion, facts: Facts) -> _Judgement:
    current, previous = facts.trend_current, facts.trend_previous
    if current is None:
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _(
            "Missing data: %(article)s — the count of crimes, social evils and violations of this period is "
            "not known.") % {"article": c.citation})
    if previous is None:
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _(
            "Missing data: %(article)s — the count of the previous period is not known, so the trend cannot be "
            "judged.") % {"article": c.citation})
    params = {"current": current, "previous": previous}
    # Nothing left to reduce: a period without any case meets "kiềm chế, kéo giảm".
    if current < previous or current == 0:
        return _Judgement(CriterionStatus.MET, lambda: _(
            "Met: %(article)s — %(current)s cases in this period against %(previous)s in the previous one.") % {
                "article": c.citation, **params})
    return _Judgement(CriterionStatus.NOT_MET, lambda: _(
        "Not met: %(article)s — %(current)s cases in this period against %(previous)s in the previous one: no "
        "reduction.") % {"article": c.citation, **params})


def _computed(c: Criterion, facts: Facts, incidents: Sequence[IncidentFact], codes: IncidentCodes) -> _Judgement:
    """What the engine decides for the criterion, before any override by the appraiser."""
    answer = facts.answers.get(c.id)
    if answer is not None and answer.not_applicable:
        if c.applies_when:
            return _Judgement(CriterionStatus.NOT_APPLICABLE, lambda: _with_answer_details(
                _("Not applicable: %(article)s — applies only: %(condition)s.") % {
                    "article": c.citation, "condition": c.applies_when}, answer))
        return _Judgement(CriterionStatus.MISSING_DATA, lambda: _(
            "Missing data: %(article)s — answered “not applicable”, but the criterion applies to every unit."
        ) % {"article": c.citation})
    if c.kind == CriterionKind.MUST_HAVE:
        return _judge_must_have(c, facts)
    if c.kind == CriterionKind.MUST_NOT_HAPPEN:
        return _judge_must_not_happen(c, facts, incidents, codes)
    if c.kind == CriterionKind.NUMERIC:
        return _judge_numeric(c, facts)
    if c.kind == CriterionKind.TREND:
        return _judge_trend(c, facts)
    raise ValueError(f"Criterion {c.id} is {c.kind}: evaluate a resolved set (criteria_set_for)")


def _override(c: Criterion, facts: Facts) -> tuple[Answer, str] | None:
    """The appraiser's decision on the criterion and the status it gives, if the appraiser decided."""
    override = facts.overrides.get(c.id)
    if override is None or (override.met is None and not override.not_applicable):
        return None
    if override.not_applicable:
        return override, CriterionStatus.NOT_APPLICABLE
    return override, CriterionStatus.MET if override.met else CriterionStatus.NOT_MET


def _judge(c: Criterion, facts: Facts, incidents: Sequence[IncidentFact], codes: IncidentCodes) -> CriterionResult:
    judgement = _computed(c, facts, incidents, codes)
    computed = judgement.explain()
    decided = _override(c, facts)
    if decided is None:
        return CriterionResult(criterion=c, status=str(judgement.status), explanation=computed,
                               incident_ids=judgement.incident_ids, computed_status=str(judgement.status),
                               computed_explanation=computed)
    override, status = decided
    explanation = _("Appraiser's decision: %(status)s — %(note)s (computed: %(computed)s)") % {
        "status": CriterionStatus(status).label, "note": override.note or _("no reason given"),
        "computed": computed}
    return CriterionResult(criterion=c, status=str(status), explanation=explanation,
                           incident_ids=judgement.incident_ids, computed_status=str(judgement.status),
                           computed_explanation=computed, overridden=True)


def _incidents_judged(criteria_set: CriteriaSet, facts: Facts) -> list[IncidentFact]:
    """The incidents of the period in (date, id) order, once the set and the facts are checked to belong
    together (ValueError when they do not)."""
    if not criteria_set.resolved:
        raise ValueError("Evaluate a resolved criteria set (criteria_set_for), not a declared one")
    if facts.unit_kind not in criteria_set.unit_kinds:
        raise ValueError(f"The criteria of {criteria_set.article} do not apply to a {facts.unit_kind}")
    if criteria_set.year is not None and criteria_set.year != facts.year:
        raise ValueError(f"The criteria set is for {criteria_set.year}, the facts for {facts.year}")
    return sorted((i for i in facts.incidents if i.occurred_on in facts.period), key=lambda i: (i.occurred_on, i.id))


def _outcome_of(statuses: set[str]) -> str:
    if CriterionStatus.MISSING_DATA in statuses:
        return str(Outcome.INCOMPLETE)
    if CriterionStatus.NOT_MET in statuses:
        return str(Outcome.NOT_RECOGNISED)
    return str(Outcome.RECOGNISED)


def evaluate(criteria_set: CriteriaSet, facts: Facts) -> Evaluation:
    """Judge `facts` against a resolved criteria set; raises ValueError when they do not belong together."""
    incidents = _incidents_judged(criteria_set, facts)
    codes = incident_codes()
    results = tuple(_judge(c, facts, incidents, codes) for c in criteria_set.criteria)
    return Evaluation(
        legal_basis_code=criteria_set.legal_basis_code, legal_basis=criteria_set.legal_basis,
        unit_kind=facts.unit_kind, year=facts.year, period=facts.period, results=results,
        outcome=_outcome_of({r.status for r in results}),
    )


def outcome(criteria_set: CriteriaSet, facts: Facts) -> str:
    """`evaluate(criteria_set, facts).outcome`, judged the same way without rendering any explanation: for
    checking many units at once, where only the verdict is read. Raises ValueError as `evaluate` does."""
    incidents = _incidents_judged(criteria_set, facts)
    codes = incident_codes()
    statuses = set()
    for c in criteria_set.criteria:
        computed = _computed(c, facts, incidents, codes).status  # judged even when overridden, as in `evaluate`
        decided = _override(c, facts)
        statuses.add(computed if decided is None else decided[1])
    return _outcome_of(statuses)


def evaluate_facts(facts: Facts, extra: Sequence[CriterionSpec] = ()) -> Evaluation:
    """Pick the criteria of the unit's kind and year (with the province's `extra`) and evaluate."""
    return evaluate(criteria_set_for(facts.unit_kind, facts.year, extra), facts)
