"""Reads of the derived national criteria: one commune's results per year, and counts per area.

`get_commune_for` starts from what the actor may see (404 for a missing unit, one out of scope, or
one that is not a commune); the other functions take a commune or an area the caller resolved in scope.
The facts of many communes are read in three queries (communes, their cases, the answers), so the
statistics of a whole province cost the same as those of one commune plus the engine's work.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from antq.accounts.scope import Capability, get_unit_for
from antq.core.law_data import current_version
from antq.core.numbers import share
from antq.recognition.derived.engine import (
    MET,
    MISSING_DATA,
    NOT_MET,
    CaseFacts,
    CommuneFacts,
    EnteredAnswer,
    IndicatorResult,
    evaluate_derived,
    judge_indicator,
)
from antq.recognition.derived.rules import KEY, DerivedRules, Indicator, current_rules
from antq.recognition.models import CaseStatus, DerivedContentAnswer, RecognitionCase
from antq.units.models import Unit, UnitKind


def get_commune_for(actor, pk, capability: Capability = Capability.VIEW) -> Unit:
    """The commune with id `pk` if `actor` holds `capability` on it; 404 otherwise (missing, out of scope, not a
    commune)."""
    unit = get_unit_for(actor, pk, capability)
    if unit.kind != UnitKind.COMMUNE:
        raise Http404
    return unit


def _criteria_statuses(case: dict) -> dict[str, str]:
    stored = case.get("appraised_evaluation") or case.get("self_evaluation") or {}
    return {r["criterion"]: r["status"] for r in stored.get("results", []) if "criterion" in r}


def _case_facts(case: dict) -> CaseFacts:
    decided = case["status"] == CaseStatus.DECIDED
    return CaseFacts(
        status=case["status"], result=case["result"], legal_basis=case["legal_basis"],
        decision_number=case["decision_number"], decision_date=case["decision_date"],
        criteria=_criteria_statuses(case) if decided else {},
    )


def _facts_of(communes: list[tuple[int, str]], year: int, *, ids=None) -> dict[int, CommuneFacts]:
    """The facts of each (commune id, local kind) for `year`: their case and the entered answers.

    `ids` selects the same communes as a subquery (a whole country's communes would be too many
    parameters for one query on SQLite); by default the ids of `communes`.
    """
    ids = ids if ids is not None else [pk for pk, _kind in communes]
    cases = {
        c["unit_id"]: _case_facts(c)
        for c in RecognitionCase.objects.filter(unit_id__in=ids, year=year).values(
            "unit_id", "status", "result", "legal_basis", "decision_number", "decision_date",
            "appraised_evaluation", "self_evaluation")
    }
    answers: dict[int, dict[tuple[str, str], EnteredAnswer]] = {pk: {} for pk, _kind in communes}
    rows = (DerivedContentAnswer.objects.filter(commune_id__in=ids, year=year)
            .select_related("answered_by").order_by())
    for a in rows:
        answers[a.commune_id][(a.indicator, a.content_code)] = EnteredAnswer(
            met=a.met, note=a.note, answered_by=str(a.answered_by) if a.answered_by else "",
            answered_on=timezone.localdate(a.answered_at))
    return {pk: CommuneFacts(local_kind=kind, year=year, case=cases.get(pk), answers=answers[pk])
            for pk, kind in communes}


def commune_facts(*, commune: Unit, year: int) -> CommuneFacts:
    """What the engine is told about `commune` for `year`. The caller has checked scope."""
    return _facts_of([(commune.pk, commune.local_kind)], year)[commune.pk]


def commune_results(*, commune: Unit, year: int, rules: DerivedRules | None = None) -> tuple[IndicatorResult, ...]:
    """Every indicator's result for `commune` and `year` (not applicable ones included)."""
    rules = rules or current_rules()
    return evaluate_derived(rules, commune_facts(commune=commune, year=year))


def commune_years(*, commune: Unit, current: int) -> list[int]:
    """The years worth showing for `commune`, newest first: those with a case or an answer, and `current`."""
    years = set(RecognitionCase.objects.filter(unit=commune).values_list("year", flat=True))
    years |= set(DerivedContentAnswer.objects.filter(commune=commune).values_list("year", flat=True))
    return sorted(years | {current}, reverse=True)


# --- counts per area ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedCount:
    """How the communes of the indicator's kinds in an area fare on it for a year."""

    indicator: Indicator
    year: int
    eligible: int  # communes of the indicator's local kinds existing on 31 December
    met: int = 0
    not_met: int = 0
    missing_data: int = 0

    @property
    def defined(self) -> bool:
        """False when the indicator does not cover the year: nothing was judged."""
        return self.indicator.covers(self.year)

    def share(self, count: int) -> Decimal | None:
        return share(count, self.eligible)  # the rounding of every recognition statistic

    @property
    def shares(self) -> dict[str, Decimal | None]:
        return {name: self.share(getattr(self, name)) for name in ("met", "not_met", "missing_data")}

    def as_dict(self) -> dict:
        shares = self.shares
        return {
            "indicator": self.indicator.code, "title_vi": self.indicator.title_vi,
            "title_en": self.indicator.title_en, "source": self.indicator.source,
            "local_kinds": list(self.indicator.local_kinds), "defined_for_year": self.defined,
            "eligible": self.eligible, "met": self.met, "not_met": self.not_met, "missing_data": self.missing_data,
            "shares": {k: None if v is None else str(v) for k, v in shares.items()},
        }


def derived_counts(*, area: Unit, year: int, rules: DerivedRules | None = None) -> list[DerivedCount]:
    """Per indicator, the communes of its kinds under `area` (itself included) on 31 December of `year`, and how
    many meet it, do not, or lack data. `area` is resolved in the caller's scope."""
    rules = rules or current_rules()
    kinds = {k for i in rules.indicators for k in i.local_kinds}
    selected = (Unit.objects.filter(path__startswith=area.path, kind=UnitKind.COMMUNE, local_kind__in=kinds)
                .valid_on(datetime.date(year, 12, 31)).order_by())
    communes = list(selected.values_list("pk", "local_kind"))
    facts = {}
    if any(i.covers(year) for i in rules.indicators):
        facts = _facts_of(communes, year, ids=selected.values("pk"))
    counts = []
    for indicator in rules.indicators:
        eligible = [(pk, kind) for pk, kind in communes if indicator.applies_to(kind)]
        tally = {MET: 0, NOT_MET: 0, MISSING_DATA: 0}
        if indicator.covers(year):
            for pk, _kind in eligible:
                status = judge_indicator(indicator, facts[pk]).status
                if status in tally:
                    tally[status] += 1
        counts.append(DerivedCount(indicator=indicator, year=year, eligible=len(eligible), met=tally[MET],
                                   not_met=tally[NOT_MET], missing_data=tally[MISSING_DATA]))
    return counts


# --- the definitions' versions ---------------------------------------------------------------------


def rules_version_number() -> int:
    """The number of the version in force (0: the shipped file)."""
    version = current_version(KEY)
    return version.number if version else 0
