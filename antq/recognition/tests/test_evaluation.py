"""A case judged from the database: answers, the incident register, sub-units and provincial extras."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from antq.incidents.tests.factories import CrimeFactory, IncidentFactory, YearlyTrendFigureFactory
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.evaluation import case_evaluate, sub_unit_outcomes
from antq.recognition.models import AnswerStage, CaseAnswer, ProvincialCriterion
from antq.recognition.tests.factories import GOOD_FIGURES, RecognitionCaseFactory
from antq.units.tests.factories import EnterpriseFactory, ResidentialAreaFactory

YEAR = 2025  # KDC period 01/11/2024 – 31/10/2025


def _complete_case(unit, year=YEAR, **kwargs):
    """A case whose every must-have is answered "met" and every figure meets its threshold."""
    case = RecognitionCaseFactory(unit=unit, year=year, figures={k: str(v) for k, v in GOOD_FIGURES.items()},
                                  **kwargs)
    for criterion in criteria_set_for(unit.kind, year).criteria:
        if criterion.kind == CriterionKind.MUST_HAVE:
            CaseAnswer.objects.create(case=case, criterion_id=criterion.id, stage=AnswerStage.SELF, met=True,
                                      note="Có biên bản")
    return case


def _result(evaluation, criterion_id):
    return next(r for r in evaluation.results if r.criterion.id == criterion_id)


def test_clean_kdc_is_recognised(tree):
    evaluation = case_evaluate(_complete_case(tree.kdc_a), language="vi")
    assert evaluation.outcome == "recognised", [(r.criterion.id, r.status) for r in evaluation.results]


def test_very_serious_crime_detected_and_reported_keeps_the_kdc_recognised(tree):
    # Three cases the year before, so the one crime of this year is still a reduction (điểm a).
    YearlyTrendFigureFactory(unit=tree.kdc_a, year=YEAR - 1, count=3)
    CrimeFactory(unit=tree.kdc_a, severity="very_serious", occurred_on=datetime.date(2025, 5, 3),
                 detected_mitigated_reported=True)
    evaluation = case_evaluate(_complete_case(tree.kdc_a), language="vi")
    assert _result(evaluation, "KDC-4b").status == "met"
    assert evaluation.outcome == "recognised"


def test_very_serious_crime_without_the_flag_fails_citing_article_4_clause_4(tree):
    crime = CrimeFactory(unit=tree.kdc_a, severity="very_serious", occurred_on=datetime.date(2025, 5, 3))
    evaluation = case_evaluate(_complete_case(tree.kdc_a), language="vi")
    result = _result(evaluation, "KDC-4b")
    assert result.status == "not_met" and crime.pk in result.incident_ids
    assert "Điều 4 khoản 4" in result.explanation
    assert evaluation.outcome == "not_recognised"


def test_incident_outside_the_period_does_not_count(tree):
    CrimeFactory(unit=tree.kdc_a, severity="very_serious", occurred_on=datetime.date(2024, 10, 31))
    assert case_evaluate(_complete_case(tree.kdc_a)).outcome == "recognised"


def test_new_person_with_a_social_evil_fails_the_kdc(tree):
    IncidentFactory(unit=tree.kdc_a, type="new_social_evil_person", occurred_on=datetime.date(2025, 2, 1))
    evaluation = case_evaluate(_complete_case(tree.kdc_a))
    assert _result(evaluation, "KDC-4c2").status == "not_met"
    assert evaluation.outcome == "not_recognised"


def test_a_kdc_incident_counts_for_its_commune(tree):
    CrimeFactory(unit=tree.kdc_a, severity="serious", occurred_on=datetime.date(2025, 5, 3))
    commune_case = _complete_case(tree.commune_a)
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="met")
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR, status="decided", result="met")
    evaluation = case_evaluate(commune_case)
    assert _result(evaluation, "XA-2.KDC-4b").status == "not_met"


@pytest.mark.parametrize(("recognised", "expected"), [(9, "not_met"), (10, "met")])
def test_commune_needs_70_percent_of_registered_units_recognised(tree, recognised, expected):
    # 13 registered units: 9 recognised is 69.2 %, 10 is 76.9 %.
    units = [tree.kdc_a, tree.agency_a] + [ResidentialAreaFactory(parent=tree.commune_a) for _ in range(11)]
    for index, unit in enumerate(units):
        RecognitionCaseFactory(unit=unit, year=YEAR, status="decided",
                               result="met" if index < recognised else "not_met")
    EnterpriseFactory(parent=tree.commune_a, enterprise_size="micro")  # not covered: not counted
    evaluation = case_evaluate(_complete_case(tree.commune_a))
    assert _result(evaluation, "XA-4a").status == "met"
    assert _result(evaluation, "XA-4b").status == expected
    outcomes = sub_unit_outcomes(commune=tree.commune_a, year=YEAR)
    assert len(outcomes) == 13


def test_commune_with_an_unregistered_unit_fails_the_registration_share(tree):
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="met")
    evaluation = case_evaluate(_complete_case(tree.commune_a))  # the agency did not register
    assert _result(evaluation, "XA-4a").status == "not_met"


def test_a_2020_case_is_judged_by_tt23_2012_and_a_2023_case_by_tt124_2021(tree):
    old = case_evaluate(_complete_case(tree.kdc_a, year=2020))
    new = case_evaluate(_complete_case(tree.kdc_b, year=2023))
    assert old.legal_basis_code == "tt23_2012"
    assert new.legal_basis_code == "tt124_2021"


def test_a_provincial_extra_criterion_applies_only_in_its_province(tree):
    ProvincialCriterion.objects.create(
        province=tree.province_a, year=YEAR, code="QT-1", unit_kinds=["residential_area"],
        article="Quyết định 15/2025/QĐ-UBND tỉnh Quảng Trị, Điều 2", kind="numeric",
        text_vi="Tỷ lệ hộ gia đình lắp camera an ninh đạt từ 30% trở lên", figure="households_registered_percent",
        operator=">=", value=Decimal(30),
    )
    ProvincialCriterion.objects.create(
        province=tree.province_a, year=YEAR, code="QT-2", unit_kinds=["residential_area"],
        article="Quyết định 15/2025/QĐ-UBND tỉnh Quảng Trị, Điều 3", kind="must_have",
        text_vi="Có mô hình camera an ninh", )
    in_a = case_evaluate(_complete_case(tree.kdc_a))
    in_b = case_evaluate(_complete_case(tree.kdc_b))
    assert {"QT-1", "QT-2"} <= {r.criterion.id for r in in_a.results}
    assert not {"QT-1", "QT-2"} & {r.criterion.id for r in in_b.results}
    assert _result(in_a, "QT-2").status == "missing_data" and in_a.outcome == "incomplete"
    assert in_b.outcome == "recognised"


def test_appraisal_override_replaces_the_self_result_and_keeps_both(tree):
    case = _complete_case(tree.kdc_a)
    CaseAnswer.objects.create(case=case, criterion_id="KDC-2", stage=AnswerStage.APPRAISAL, met=False,
                              note="Chưa triển khai quy định của địa phương")
    self_result = case_evaluate(case, stage=AnswerStage.SELF)
    appraised = case_evaluate(case, stage=AnswerStage.APPRAISAL)
    assert _result(self_result, "KDC-2").status == "met"
    assert _result(appraised, "KDC-2").status == "not_met" and _result(appraised, "KDC-2").overridden
    assert appraised.outcome == "not_recognised"


def test_explanations_follow_the_requested_language(tree):
    CrimeFactory(unit=tree.kdc_a, severity="very_serious", occurred_on=datetime.date(2025, 5, 3))
    case = _complete_case(tree.kdc_a)
    with translation.override("en"):
        vi = _result(case_evaluate(case, language="vi"), "KDC-4b").explanation
    assert "Chưa đạt" in vi or "chưa đạt" in vi.lower() or "Điều 4" in vi
