"""Judge one commune for one year against the derived national criteria: pure functions, no database.

`evaluate_derived(rules, facts)` gives one `IndicatorResult` per indicator of the rules, each with a
result per content and an explanation that cites the source:

- an indicator that does not apply to the commune's local kind, or does not cover the year, is
  "not applicable" (and judges no content);
- a content decided `from_recognition` with `decision` is met when the commune's case of the year is
  decided "đạt", not met when decided "chưa đạt" or when the commune never registered (it cannot be
  recognised then), and missing data while the case is undecided;
- a content decided `from_recognition` with `criteria` reads those criteria in the decided case's
  stored evaluation: met (or not applicable) → met; any not met → not met; undecided case, no stored
  evaluation or a criterion absent from it → missing data;
- an `entered` content is the officer's answer; no answer → missing data.

The indicator is met when every content that applies in the year is met; any content not met makes
it not met, and otherwise any missing data leaves it without a verdict ("missing data").
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from antq.recognition.derived.rules import Content, DerivedRules, Indicator
from antq.recognition.engine import CriterionStatus
from antq.recognition.models import CaseResult, CaseStatus

MET, NOT_MET = CriterionStatus.MET.value, CriterionStatus.NOT_MET.value
NOT_APPLICABLE, MISSING_DATA = CriterionStatus.NOT_APPLICABLE.value, CriterionStatus.MISSING_DATA.value
STATUSES = (MET, NOT_MET, MISSING_DATA, NOT_APPLICABLE)


@dataclass(frozen=True)
class CaseFacts:
    """The commune's recognition case of the year, as the derived criteria see it."""

    status: str  # a CaseStatus value
    result: str = ""  # a CaseResult value once decided
    legal_basis: str = ""
    decision_number: str = ""
    decision_date: datetime.date | None = None
    # Criterion id → final status in the decided case's stored evaluation (after the appraiser's
    # changes); empty when no evaluation was stored.
    criteria: Mapping[str, str] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        return self.status == CaseStatus.DECIDED


@dataclass(frozen=True)
class EnteredAnswer:
    met: bool | None  # None: not known yet
    note: str = ""
    answered_by: str = ""
    answered_on: datetime.date | None = None


@dataclass(frozen=True)
class CommuneFacts:
    local_kind: str
    year: int
    case: CaseFacts | None = None  # None: the commune did not register for the year
    answers: Mapping[tuple[str, str], EnteredAnswer] = field(default_factory=dict)  # (indicator, content)


@dataclass(frozen=True)
class ContentResult:
    content: Content
    status: str
    explanation: str
    answer: EnteredAnswer | None = None

    @property
    def status_label(self) -> str:
        return str(CriterionStatus(self.status).label)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    status: str
    explanation: str
    contents: tuple[ContentResult, ...] = ()

    @property
    def status_label(self) -> str:
        return str(CriterionStatus(self.status).label)

    @property
    def applies(self) -> bool:
        return self.status != NOT_APPLICABLE

    def as_dict(self) -> dict:
        i = self.indicator
        return {
            "indicator": i.code, "title_vi": i.title_vi, "title_en": i.title_en, "source": i.source,
            "status_of_definition": i.status, "status": self.status, "explanation": self.explanation,
            "contents": [
                {"code": r.content.code, "text_vi": r.content.text_vi, "text_en": r.content.text_en,
                 "source": r.content.source, "status_of_definition": r.content.status,
                 "decided_by": r.content.decided_by, "criteria": list(r.content.criteria), "status": r.status,
                 "explanation": r.explanation}
                for r in self.contents
            ],
        }


def _day(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _decision(case: CaseFacts) -> str:
    if case.decision_number and case.decision_date:
        return _("decision %(number)s of %(date)s") % {"number": case.decision_number,
                                                       "date": _day(case.decision_date)}
    if case.decision_number:
        return _("decision %(number)s") % {"number": case.decision_number}
    return _("decision without number")


def _undecided(content: Content, case: CaseFacts, year: int) -> ContentResult:
    return ContentResult(content, MISSING_DATA, _(
        "Missing data: %(source)s — the recognition of %(year)s is not decided yet (%(status)s).") % {
        "source": content.source, "year": year, "status": CaseStatus(case.status).label})


def _judge_decision(content: Content, facts: CommuneFacts) -> ContentResult:
    case, year = facts.case, facts.year
    if case is None:
        return ContentResult(content, NOT_MET, _(
            "Not met: %(source)s — the commune did not register for the ANTT-safe standard of %(year)s, so it "
            "cannot be recognised.") % {"source": content.source, "year": year})
    if not case.decided:
        return _undecided(content, case, year)
    params = {"source": content.source, "year": year, "decision": _decision(case)}
    if case.result == CaseResult.MET:
        return ContentResult(content, MET, _(
            "Met: %(source)s — recognised ANTT-safe for %(year)s (%(decision)s).") % params)
    return ContentResult(content, NOT_MET, _(
        "Not met: %(source)s — not recognised ANTT-safe for %(year)s (%(decision)s).") % params)


def _judge_criteria(content: Content, facts: CommuneFacts) -> ContentResult:
    case, year = facts.case, facts.year
    ids = ", ".join(content.criteria)
    if case is None:
        return ContentResult(content, MISSING_DATA, _(
            "Missing data: %(source)s — the commune did not register for %(year)s, so %(ids)s were not "
            "evaluated.") % {"source": content.source, "year": year, "ids": ids})
    if not case.decided:
        return _undecided(content, case, year)
    if not case.criteria:
        return ContentResult(content, MISSING_DATA, _(
            "Missing data: %(source)s — the decided case of %(year)s has no stored evaluation of %(ids)s.") % {
            "source": content.source, "year": year, "ids": ids})
    statuses = {cid: case.criteria.get(cid) for cid in content.criteria}
    failed = [cid for cid, s in statuses.items() if s == NOT_MET]
    params = {"source": content.source, "year": year, "decision": _decision(case)}
    if failed:
        return ContentResult(content, NOT_MET, _(
            "Not met: %(source)s — %(ids)s not met in the evaluation of %(year)s (%(decision)s).") % {
            **params, "ids": ", ".join(failed)})
    absent = [cid for cid, s in statuses.items() if s is None]
    if absent:
        return ContentResult(content, MISSING_DATA, _(
            "Missing data: %(source)s — %(ids)s are not among the criteria of the case of %(year)s (%(basis)s).") % {
            **params, "ids": ", ".join(absent), "basis": case.legal_basis})
    unknown = [cid for cid, s in statuses.items() if s not in (MET, NOT_APPLICABLE)]
    if unknown:
        return ContentResult(content, MISSING_DATA, _(
            "Missing data: %(source)s — %(ids)s lack data in the evaluation of %(year)s.") % {
            **params, "ids": ", ".join(unknown)})
    return ContentResult(content, MET, _(
        "Met: %(source)s — %(ids)s met in the evaluation of %(year)s (%(decision)s).") % {**params, "ids": ids})


def _judge_entered(content: Content, indicator: Indicator, facts: CommuneFacts) -> ContentResult:
    answer = facts.answers.get((indicator.code, content.code))
    if answer is None or answer.met is None:
        return ContentResult(content, MISSING_DATA, _(
            "Missing data: %(source)s — not answered for %(year)s yet.") % {
            "source": content.source, "year": facts.year}, answer)
    params = {"source": content.source, "by": answer.answered_by or "—", "date": _day(answer.answered_on) or "—",
              "note": answer.note or "—"}
    if answer.met:
        text = _("Met: %(source)s — answered “met” by %(by)s on %(date)s. Note: %(note)s") % params
        return ContentResult(content, MET, text, answer)
    text = _("Not met: %(source)s — answered “not met” by %(by)s on %(date)s. Note: %(note)s") % params
    return ContentResult(content, NOT_MET, text, answer)


def judge_content(content: Content, indicator: Indicator, facts: CommuneFacts) -> ContentResult:
    if content.entered:
        return _judge_entered(content, indicator, facts)
    if content.decision:
        return _judge_decision(content, facts)
    return _judge_criteria(content, facts)


def judge_indicator(indicator: Indicator, facts: CommuneFacts) -> IndicatorResult:
    """The result of one indicator for the commune and year, with each content's result."""
    if not indicator.applies_to(facts.local_kind):
        return IndicatorResult(indicator, NOT_APPLICABLE, _(
            "Not applicable: %(source)s — applies to %(kinds)s only.") % {
            "source": indicator.source, "kinds": indicator.kinds_label})
    if not indicator.covers(facts.year):
        return IndicatorResult(indicator, NOT_APPLICABLE, _(
            "Not applicable: %(source)s — defined for the years %(years)s only, not for %(year)s.") % {
            "source": indicator.source, "years": indicator.years_label, "year": facts.year})
    contents = tuple(judge_content(c, indicator, facts) for c in indicator.contents_in(facts.year))
    if not contents:
        return IndicatorResult(indicator, NOT_APPLICABLE, _(
            "Not applicable: %(source)s — no content applies in %(year)s.") % {
            "source": indicator.source, "year": facts.year})
    by_status = {s: [r.content.code for r in contents if r.status == s] for s in STATUSES}
    params = {"source": indicator.source, "year": facts.year}
    if by_status[NOT_MET]:
        return IndicatorResult(indicator, NOT_MET, _(
            "Not met: %(source)s — in %(year)s, contents not met: %(codes)s.") % {
            **params, "codes": ", ".join(by_status[NOT_MET])}, contents)
    if by_status[MISSING_DATA]:
        return IndicatorResult(indicator, MISSING_DATA, _(
            "Missing data: %(source)s — in %(year)s, contents without data: %(codes)s; no verdict yet.") % {
            **params, "codes": ", ".join(by_status[MISSING_DATA])}, contents)
    return IndicatorResult(indicator, MET, _(
        "Met: %(source)s — in %(year)s, all %(count)s contents are met.") % {**params, "count": len(contents)},
        contents)


def evaluate_derived(rules: DerivedRules, facts: CommuneFacts) -> tuple[IndicatorResult, ...]:
    """One result per indicator of `rules`, in their order (not applicable ones included)."""
    return tuple(judge_indicator(indicator, facts) for indicator in rules.indicators)
