"""From the database to the engine: the facts of one case, and its evaluation.

The engine (`engine.py`) is pure; this module gathers what it needs for a case — the answers of
the stage, the incident register, the trend counts, the entered figures, the results of a
commune's sub-units and the province's extra criteria — and calls it. Callers have checked scope.

How the pieces combine into `Facts` (which answer or figure wins) is written once, in `facts_from`;
`bulk_facts.py` gathers the same pieces for a whole area and year with a handful of queries and
hands them to the same function, so a page and a province-wide re-evaluation cannot disagree.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils import translation

from antq.clubs.recognition import effective_model_answers, effective_model_figures
from antq.grassroots.recognition import security_team_answers
from antq.incidents.selectors import incident_facts, trend_counts
from antq.recognition.criteria.catalogue import CriterionSpec, evaluation_period
from antq.recognition.engine import Evaluation, evaluate_facts
from antq.recognition.facts import Answer, Facts, IncidentFact
from antq.recognition.figures import SubUnitOutcome, commune_rollup
from antq.recognition.models import AnswerStage, CaseResult, ProvincialCriterion, RecognitionCase
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import GRASSROOTS_KINDS, ORGANISATION_KINDS, Unit, UnitKind

# The columns of a CaseAnswer row that make an `Answer` (see `answer_from`).
ANSWER_FIELDS = ("met", "note", "not_applicable")


def answer_from(met: bool | None, note: str, not_applicable: bool) -> Answer:
    return Answer(met=met, note=note, not_applicable=not_applicable)


def _answers(case: RecognitionCase, stage: str) -> dict[str, Answer]:
    return {
        criterion_id: answer_from(*row)
        for criterion_id, *row in case.answers.filter(stage=stage).values_list("criterion_id", *ANSWER_FIELDS)
    }


def entered_figures(raw: dict) -> dict[str, Decimal]:
    """The figures a person entered (JSON of the case), as decimals; unreadable values are left out."""
    figures = {}
    for name, value in (raw or {}).items():
        try:
            figures[name] = Decimal(str(value))
        except (InvalidOperation, ValueError):
            continue
    return figures


def _province_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def extra_spec(criterion: ProvincialCriterion) -> CriterionSpec:
    """A province's extra criterion as the criteria catalogue takes it."""
    c = criterion
    return CriterionSpec(
        id=c.code, article=c.article, text_vi=c.text_vi, text_en=c.text_en, kind=c.kind, figure=c.figure,
        op=c.operator, value=c.value, unit_kinds=tuple(c.unit_kinds),
    )


def provincial_extras(*, unit: Unit, year: int) -> list[CriterionSpec]:
    """The extra criteria (TT 124 art. 8.1) the unit's province set for `year`."""
    province = _province_of(unit)
    if province is None:
        return []
    return [extra_spec(c) for c in ProvincialCriterion.objects.filter(province=province, year=year).order_by("code")]


def sub_unit_day(year: int) -> datetime.date:
    """The day on which a commune's sub-units are counted for `year`."""
    return datetime.date(year, 12, 31)


# The Unit columns `outcomes_of_sub_units` reads.
SUB_UNIT_FIELDS = ("id", "kind", *coverage_fields())


def outcomes_of_sub_units(units: Iterable[Mapping], results: Mapping[int, str]) -> list[SubUnitOutcome]:
    """The roll-up's view of a commune's KDC/CQ/DN/CSGD (rows with `SUB_UNIT_FIELDS`) given the result of
    each one's case of the year (`results`: unit id → CaseResult value, "" while undecided; no key when
    the unit did not register). Organisations the standard does not cover (TT 124 art. 1.2) are left out."""
    outcomes = []
    for u in units:
        if u["kind"] in ORGANISATION_KINDS and not coverage_of(kind=u["kind"], attributes=u).covered:
            continue
        result = results.get(u["id"])
        outcomes.append(SubUnitOutcome(
            kind=u["kind"],
            registered=u["id"] in results,
            recognised=None if not result else result == CaseResult.MET,
        ))
    return outcomes


def sub_unit_outcomes(*, commune: Unit, year: int) -> list[SubUnitOutcome]:
    """Each KDC/CQ/DN/CSGD of the commune covered by the standard in `year`, with its case result."""
    units = list(Unit.objects.filter(parent=commune, kind__in=GRASSROOTS_KINDS).valid_on(sub_unit_day(year))
                 .values(*SUB_UNIT_FIELDS))
    results = dict(RecognitionCase.objects.filter(unit__in=[u["id"] for u in units], year=year)
                   .values_list("unit_id", "result"))
    return outcomes_of_sub_units(units, results)


def registry_answers(*, unit: Unit, year: int) -> dict[str, Answer]:
    """Answers other registries give for the unit and year, replacing the unit's own: KDC-5a from the
    security team's rating (antq.grassroots); XA-1b, CQDN-1d, CSGD-1d only when the models registry
    (antq.clubs) holds an effective model — without one the officer answers as before. The case page
    offers no answer form for them."""
    return security_team_answers(unit=unit, year=year) | effective_model_answers(unit=unit, year=year)


def facts_from(
    *,
    case: RecognitionCase,
    stage: str,
    province_code: str,
    self_answers: dict[str, Answer],
    appraisal_answers: dict[str, Answer],
    registry: dict[str, Answer],
    model_figures: dict[str, Decimal],
    sub_units: list[SubUnitOutcome] | None,
    incidents: tuple[IncidentFact, ...],
    trend: tuple[int, int],
) -> Facts:
    """The `Facts` of `case` at `stage` from the pieces gathered for it (one case at a time in `case_facts`,
    a whole area at once in `bulk_facts`). `sub_units` is None for a unit that is not a commune."""
    unit = case.unit
    # The models registry's count of effective models replaces the entered one when it has any.
    figures = entered_figures(case.figures) | model_figures
    if stage == AnswerStage.APPRAISAL:
        figures |= entered_figures(case.appraised_figures)
    if sub_units is not None:
        figures |= commune_rollup(sub_units)
    return Facts(
        unit_kind=unit.kind,
        year=case.year,
        period=evaluation_period(unit.kind, case.year),
        province_code=province_code,
        # KDC-5a is decided by the team registry's rating of the year when there is one.
        answers=self_answers | registry,
        overrides=appraisal_answers if stage == AnswerStage.APPRAISAL else {},
        incidents=incidents,
        figures=figures,
        trend_current=trend[0],
        trend_previous=trend[1],
    )


def case_facts(case: RecognitionCase, *, stage: str = AnswerStage.SELF) -> Facts:
    """Everything the engine is told about `case` at `stage` (the appraisal adds overrides)."""
    unit = case.unit
    period = evaluation_period(unit.kind, case.year)
    previous = evaluation_period(unit.kind, case.year - 1)
    with_sub_units = unit.kind == UnitKind.COMMUNE
    province = _province_of(unit)
    return facts_from(
        case=case,
        stage=stage,
        province_code=province.code if province else "",
        self_answers=_answers(case, AnswerStage.SELF),
        appraisal_answers=_answers(case, AnswerStage.APPRAISAL) if stage == AnswerStage.APPRAISAL else {},
        registry=registry_answers(unit=unit, year=case.year),
        model_figures=effective_model_figures(unit=unit, year=case.year),
        sub_units=sub_unit_outcomes(commune=unit, year=case.year) if with_sub_units else None,
        incidents=incident_facts(unit=unit, period=period, include_sub_units=with_sub_units),
        trend=trend_counts(unit=unit, period=period, previous_period=previous, include_sub_units=with_sub_units),
    )


def case_evaluate(case: RecognitionCase, *, stage: str = AnswerStage.SELF, language: str | None = None) -> Evaluation:
    """Run the engine on the case; explanations in `language` (default: the active one)."""
    extras = provincial_extras(unit=case.unit, year=case.year)
    if language is None:
        return evaluate_facts(case_facts(case, stage=stage), extras)
    with translation.override(language):  # the facts too: registry notes are written in the language
        return evaluate_facts(case_facts(case, stage=stage), extras)
