"""From the database to the engine: the facts of one case, and its evaluation.

The engine (`engine.py`) is pure; this module gathers what it needs for a case — the answers of
the stage, the incident register, the trend counts, the entered figures, the results of a
commune's sub-units and the province's extra criteria — and calls it. Callers have checked scope.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation

from antq.clubs.recognition import effective_model_answers, effective_model_figures
from antq.grassroots.recognition import security_team_answers
from antq.incidents.selectors import incident_facts, trend_counts
from antq.recognition.criteria.catalogue import CriterionSpec, evaluation_period
from antq.recognition.engine import Evaluation, evaluate_facts
from antq.recognition.facts import Answer, Facts
from antq.recognition.figures import SubUnitOutcome, commune_rollup
from antq.recognition.models import AnswerStage, CaseResult, ProvincialCriterion, RecognitionCase
from antq.units.coverage import coverage_of_unit
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind


def _answers(case: RecognitionCase, stage: str) -> dict[str, Answer]:
    return {
        a.criterion_id: Answer(met=a.met, note=a.note, not_applicable=a.not_applicable)
        for a in case.answers.filter(stage=stage)
    }


def _entered_figures(raw: dict) -> dict[str, Decimal]:
    figures = {}
    for name, value in (raw or {}).items():
        try:
            figures[name] = Decimal(str(value))
        except (InvalidOperation, ValueError):
            continue
    return figures


def _province_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def provincial_extras(*, unit: Unit, year: int) -> list[CriterionSpec]:
    """The extra criteria (TT 124 art. 8.1) the unit's province set for `year`."""
    province = _province_of(unit)
    if province is None:
        return []
    return [
        CriterionSpec(
            id=c.code, article=c.article, text_vi=c.text_vi, text_en=c.text_en, kind=c.kind, figure=c.figure,
            op=c.operator, value=c.value, unit_kinds=tuple(c.unit_kinds),
        )
        for c in ProvincialCriterion.objects.filter(province=province, year=year).order_by("code")
    ]


def sub_unit_outcomes(*, commune: Unit, year: int) -> list[SubUnitOutcome]:
    """Each KDC/CQ/DN/CSGD of the commune covered by the standard in `year`, with its case result."""
    day = datetime.date(year, 12, 31)
    units = [
        u for u in Unit.objects.filter(parent=commune, kind__in=GRASSROOTS_KINDS).valid_on(day)
        if not u.is_organisation or coverage_of_unit(u).covered
    ]
    cases = dict(RecognitionCase.objects.filter(unit__in=units, year=year).values_list("unit_id", "result"))
    return [
        SubUnitOutcome(
            kind=u.kind,
            registered=u.pk in cases,
            recognised=None if not cases.get(u.pk) else cases[u.pk] == CaseResult.MET,
        )
        for u in units
    ]


def registry_answers(*, unit: Unit, year: int) -> dict[str, Answer]:
    """Answers other registries give for the unit and year, replacing the unit's own: KDC-5a from the
    security team's rating (antq.grassroots); XA-1b, CQDN-1d, CSGD-1d only when the models registry
    (antq.clubs) holds an effective model — without one the officer answers as before. The case page
    offers no answer form for them."""
    return security_team_answers(unit=unit, year=year) | effective_model_answers(unit=unit, year=year)


def case_facts(case: RecognitionCase, *, stage: str = AnswerStage.SELF) -> Facts:
    """Everything the engine is told about `case` at `stage` (the appraisal adds overrides)."""
    unit = case.unit
    period = evaluation_period(unit.kind, case.year)
    previous = evaluation_period(unit.kind, case.year - 1)
    with_sub_units = unit.kind == UnitKind.COMMUNE
    current_count, previous_count = trend_counts(unit=unit, period=period, previous_period=previous,
                                                 include_sub_units=with_sub_units)
    # The models registry's count of effective models replaces the entered one when it has any.
    figures = _entered_figures(case.figures) | effective_model_figures(unit=unit, year=case.year)
    if stage == AnswerStage.APPRAISAL:
        figures |= _entered_figures(case.appraised_figures)
    if unit.kind == UnitKind.COMMUNE:
        figures |= commune_rollup(sub_unit_outcomes(commune=unit, year=case.year))
    province = _province_of(unit)
    return Facts(
        unit_kind=unit.kind,
        year=case.year,
        period=period,
        province_code=province.code if province else "",
        # KDC-5a is decided by the team registry's rating of the year when there is one.
        answers=_answers(case, AnswerStage.SELF) | registry_answers(unit=unit, year=case.year),
        overrides=_answers(case, AnswerStage.APPRAISAL) if stage == AnswerStage.APPRAISAL else {},
        incidents=incident_facts(unit=unit, period=period, include_sub_units=with_sub_units),
        figures=figures,
        trend_current=current_count,
        trend_previous=previous_count,
    )


def case_evaluate(case: RecognitionCase, *, stage: str = AnswerStage.SELF, language: str | None = None) -> Evaluation:
    """Run the engine on the case; explanations in `language` (default: the active one)."""
    extras = provincial_extras(unit=case.unit, year=case.year)
    if language is None:
        return evaluate_facts(case_facts(case, stage=stage), extras)
    with translation.override(language):  # the facts too: registry notes are written in the language
        return evaluate_facts(case_facts(case, stage=stage), extras)
