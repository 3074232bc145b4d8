"""The facts gathered for a whole area at once are exactly those `case_facts` gathers case by case.

A varied province: KDC, communes with sub-units (one covered school, one small enterprise the standard
leaves out), organisations; incidents that veto, excused ones, withdrawn ones, one outside the period, one
of a former commune merged into a current one (under a former province, outside the area's subtree), one
with disciplined people; entered trend figures and register counts; team ratings (two teams on one KDC);
effective and not effective models at a commune, its KDC and an agency; answers and figures at both
stages; a provincial extra criterion; registered, appraised and decided cases.
"""

import datetime

import pytest
from django.utils import translation

from antq.clubs.tests.factories import ModelEvaluationFactory, MovementModelFactory
from antq.grassroots.models import RatingLevel, TeamRating
from antq.grassroots.tests.factories import SecurityTeamFactory
from antq.incidents.tests.factories import (
    CrimeFactory,
    DisciplineIncidentFactory,
    IncidentFactory,
    IncidentPersonFactory,
    YearlyTrendFigureFactory,
)
from antq.recognition.bulk_facts import AreaFacts, area_cases
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.evaluation import case_evaluate, case_facts
from antq.recognition.models import AnswerStage, CaseAnswer, CaseStatus, ProvincialCriterion
from antq.recognition.reevaluation import live_stage, reevaluate, stored_outcome
from antq.recognition.tests.factories import GOOD_FIGURES, RecognitionCaseFactory
from antq.units.models import Unit
from antq.units.tests.factories import (
    CommuneFactory,
    EnterpriseFactory,
    ProvinceFactory,
    ResidentialAreaFactory,
    SchoolFactory,
)

YEAR = 2025
LEGACY_END = datetime.date(2025, 6, 30)
FIGURES = {k: str(v) for k, v in GOOD_FIGURES.items()}


def _answer_all(case, stage, *, met=True, note="Có biên bản", but=None):
    """Answer every must-have criterion of the case at `stage`; `but` maps criterion ids to other answers."""
    for criterion in criteria_set_for(case.unit.kind, case.year).criteria:
        if criterion.kind == CriterionKind.MUST_HAVE:
            values = {"met": met, "note": note, **(but or {}).get(criterion.id, {})}
            CaseAnswer.objects.create(case=case, criterion_id=criterion.id, stage=stage, **values)


@pytest.fixture
def varied_area(tree):
    t = tree
    day = datetime.date(2025, 5, 3)
    # More units: a second KDC, a covered school, a small enterprise (not covered), a KDC in commune_a2.
    kdc_a2 = ResidentialAreaFactory(parent=t.commune_a, name="Tổ dân phố Quán Thánh")
    school = SchoolFactory(parent=t.commune_a, name="Trường THCS Ba Đình")
    small = EnterpriseFactory(parent=t.commune_a, name="Công ty TNHH Nhỏ", enterprise_size="small")
    kdc_c2 = ResidentialAreaFactory(parent=t.commune_a2, name="Thôn Đông Hà 1")
    # A former commune under a former province, wholly merged into commune_a2, and one split in two.
    old_province = ProvinceFactory(parent=t.country, name="Tỉnh Cũ", code="45", valid_from=None, valid_to=LEGACY_END)
    merged = CommuneFactory(parent=old_province, name="Xã Cũ", valid_from=None, valid_to=LEGACY_END)
    split = CommuneFactory(parent=old_province, name="Xã Chia Đôi", valid_from=None, valid_to=LEGACY_END)
    old_kdc = ResidentialAreaFactory(parent=merged, name="Thôn Cũ")
    t.commune_a2.predecessors.add(merged, split)
    t.commune_a.predecessors.add(split)

    # The register.
    CrimeFactory(unit=t.kdc_a, severity="very_serious", occurred_on=day)  # vetoes KDC-4b and the commune's
    CrimeFactory(unit=kdc_a2, severity="very_serious", occurred_on=day, detected_mitigated_reported=True)
    CrimeFactory(unit=kdc_a2, occurred_on=datetime.date(2024, 3, 1))  # previous period: trend
    CrimeFactory(unit=kdc_a2, occurred_on=datetime.date(2025, 2, 1), withdrawn_at=datetime.datetime(
        2025, 3, 1, tzinfo=datetime.UTC), withdrawn_by=None, withdrawal_reason="Nhập nhầm")
    IncidentFactory(unit=t.kdc_a, type="new_social_evil_person", occurred_on=datetime.date(2023, 1, 1))  # too old
    CrimeFactory(unit=merged, occurred_on=datetime.date(2025, 3, 1), severity="serious")  # before the merger
    CrimeFactory(unit=old_kdc, occurred_on=datetime.date(2025, 4, 1))
    CrimeFactory(unit=split, occurred_on=datetime.date(2025, 3, 1))  # split: counts for neither
    disciplined = DisciplineIncidentFactory(unit=t.agency_a, occurred_on=day)
    IncidentPersonFactory(incident=disciplined, discipline="reprimand")
    IncidentPersonFactory(incident=disciplined, discipline="dismissal")
    DisciplineIncidentFactory(unit=school, occurred_on=day)  # no people: discipline level unknown
    IncidentFactory(unit=t.kdc_b, type="new_social_evil_person", occurred_on=day)  # another province
    YearlyTrendFigureFactory(unit=t.kdc_a, year=YEAR - 1, count=3)
    YearlyTrendFigureFactory(unit=t.commune_a, year=YEAR, count=2)

    # Registries: two teams on kdc_a (the worst rating decides), one on kdc_a2; models.
    worse = SecurityTeamFactory(commune=t.commune_a, areas=[t.kdc_a], name="Tổ bảo vệ ANTT Trúc Bạch")
    better = SecurityTeamFactory(commune=t.commune_a, areas=[t.kdc_a, kdc_a2], name="Tổ bảo vệ ANTT liên khu")
    TeamRating.objects.create(team=better, year=YEAR, level=RatingLevel.GOOD)
    TeamRating.objects.create(team=worse, year=YEAR, level=RatingLevel.NOT_COMPLETED)
    TeamRating.objects.create(team=worse, year=YEAR - 1, level=RatingLevel.EXCELLENT)  # another year
    for site, effective in ((t.commune_a, True), (t.kdc_a, True), (kdc_a2, False), (t.agency_a, True)):
        ModelEvaluationFactory(model=MovementModelFactory(site=site), year=YEAR, effective=effective)
    ModelEvaluationFactory(model=MovementModelFactory(site=school), year=YEAR - 1, effective=True)
    ProvincialCriterion.objects.create(
        province=t.province_a, year=YEAR, code="QT-1", unit_kinds=["residential_area"], article="Điều 1",
        text_vi="Có camera an ninh", kind="must_have")

    # Cases.
    cases = [
        RecognitionCaseFactory(unit=t.kdc_a, year=YEAR, status=CaseStatus.DECIDED, result="met", figures=FIGURES,
                               appraised_figures={"households_registered_percent": "69.96"}),
        RecognitionCaseFactory(unit=kdc_a2, year=YEAR, status=CaseStatus.APPRAISED, figures=FIGURES,
                               appraised_evaluation={"outcome": "recognised"}, self_evaluation={"outcome": "x"}),
        RecognitionCaseFactory(unit=t.agency_a, year=YEAR, status=CaseStatus.DECIDED, result="not_met",
                               figures={"staff_briefed_percent": "80", "effective_models": "x"}),
        RecognitionCaseFactory(unit=school, year=YEAR, status=CaseStatus.SELF_ASSESSED, figures=FIGURES,
                               self_evaluation={"outcome": "incomplete"}),
        RecognitionCaseFactory(unit=small, year=YEAR, status=CaseStatus.REGISTERED),
        RecognitionCaseFactory(unit=t.commune_a, year=YEAR, status=CaseStatus.SUBMITTED, figures=FIGURES),
        RecognitionCaseFactory(unit=t.commune_a2, year=YEAR, status=CaseStatus.DECIDED, result="met",
                               figures=FIGURES),
        RecognitionCaseFactory(unit=kdc_c2, year=YEAR, status=CaseStatus.DECIDED, result="met"),
        RecognitionCaseFactory(unit=t.kdc_b, year=YEAR, status=CaseStatus.SELF_ASSESSED, figures=FIGURES),
        RecognitionCaseFactory(unit=t.kdc_a, year=YEAR - 1, status=CaseStatus.DECIDED, result="met"),  # other year
    ]
    kdc, kdc2, agency, school_case, _small, commune, commune2, kdc_c2_case, other, _old = cases
    for case in (kdc, kdc2, agency, school_case, commune, commune2, other):
        _answer_all(case, AnswerStage.SELF, but={"KDC-2": {"met": False, "note": "Chưa họp"},
                                                 "KDC-3a": {"met": None, "note": ""}})
    _answer_all(kdc_c2_case, AnswerStage.SELF, but={"KDC-5a": {"not_applicable": True}})
    CaseAnswer.objects.create(case=kdc, criterion_id="QT-1", stage=AnswerStage.SELF, met=True, note="Có 3 camera")
    for case in (kdc, kdc2, agency, commune2):
        _answer_all(case, AnswerStage.APPRAISAL, note="Đã kiểm tra")
    CaseAnswer.objects.create(case=kdc, criterion_id="KDC-4b", stage=AnswerStage.APPRAISAL, met=True,
                              note="Đã xác minh: không thuộc địa bàn")
    CaseAnswer.objects.create(case=agency, criterion_id="CQDN-1d", stage=AnswerStage.APPRAISAL,
                              not_applicable=True, note="")
    return tree, cases


def _differences(area, year):
    """(case id, stage, field) for every case of the area whose bulk facts or evaluation differ."""
    cases = list(area_cases(area, year))
    found = []
    with translation.override("vi"):
        gathered = AreaFacts(area=area, year=year, cases=cases)
        for case in cases:
            for stage in (AnswerStage.SELF, AnswerStage.APPRAISAL):
                one, bulk = case_facts(case, stage=stage), gathered.facts(case, stage=stage)
                found += [(case.pk, stage, name) for name in one.__dataclass_fields__
                          if getattr(one, name) != getattr(bulk, name)]
                by_case = case_evaluate(case, stage=stage, language="vi")
                at_once = gathered.evaluate(case, stage=stage)
                if by_case.as_dict() != at_once.as_dict() or by_case.results != at_once.results:
                    found.append((case.pk, stage, "evaluation"))
    return cases, found


def test_bulk_facts_equal_case_facts_for_every_case_of_a_varied_province(varied_area):
    tree, cases = varied_area
    in_area, differences = _differences(tree.province_a, YEAR)
    assert differences == []
    assert {c.pk for c in in_area} == {c.pk for c in cases[:8]}

    # The area really is varied: each source decides something somewhere.
    kdc, kdc2, agency, school_case, small, commune, commune2, _kdc_c2 = cases[:8]
    with translation.override("vi"):
        gathered = AreaFacts(area=tree.province_a, year=YEAR, cases=in_area)
        kdc_eval = gathered.evaluate(kdc, stage=AnswerStage.APPRAISAL)
        assert kdc_eval.result("KDC-4b").computed_status == "not_met" and kdc_eval.result("KDC-4b").overridden
        assert "Trúc Bạch" in kdc_eval.result("KDC-5a").explanation  # the worse team's rating
        assert kdc_eval.result("KDC-5a").computed_status == "not_met"  # before the appraiser's answer
        assert kdc_eval.result("QT-1").status == "met"
        assert "69,9" in kdc_eval.result("KDC-1b").computed_explanation  # the appraised figure replaces 100 %
        facts_kdc = gathered.facts(kdc)
        assert (facts_kdc.trend_current, facts_kdc.trend_previous) == (1, 3)
        kdc2_eval = gathered.evaluate(kdc2, stage=AnswerStage.APPRAISAL)
        assert kdc2_eval.result("KDC-4b").status == "met"  # excused: detected, mitigated, reported
        assert "liên khu" in kdc2_eval.result("KDC-5a").explanation
        assert gathered.facts(kdc2).trend_previous == 1
        commune_facts = gathered.facts(commune)
        assert len(commune_facts.incidents) == 4 and commune_facts.trend_current == 2  # entered figure wins
        assert commune_facts.figures["effective_models"] == 2  # the commune's model and its KDC's
        assert commune_facts.figures["registered_percent"] == 100  # the small enterprise is left out
        commune2_facts = gathered.facts(commune2)
        assert commune2_facts.figures["kdc_recognised_percent"] == 100
        assert [(i.unit_name, i.in_sub_unit) for i in commune2_facts.incidents] == [
            ("Xã Cũ", False), ("Thôn Cũ", True)]
        assert gathered.evaluate(agency, stage=AnswerStage.APPRAISAL).result("CQDN-1d").status == "not_applicable"
        agency_incident = gathered.facts(agency).incidents[0]
        assert agency_incident.discipline_levels == ("reprimand", "dismissal")
        assert "CSGD-1d" not in gathered.facts(school_case).answers  # last year's model only: its own figure
        assert {gathered.evaluate(c).outcome for c in in_area} >= {"incomplete", "not_recognised"}


def test_bulk_facts_equal_case_facts_for_a_commune_and_for_the_country(varied_area):
    tree, _cases = varied_area
    assert _differences(tree.commune_a2, YEAR)[1] == []
    assert _differences(tree.country, YEAR)[1] == []
    assert _differences(tree.country, YEAR - 1)[1] == []


def test_a_province_is_gathered_in_a_fixed_number_of_queries(varied_area, django_assert_max_num_queries):
    tree, _cases = varied_area
    cases = list(area_cases(tree.province_a, YEAR))
    with django_assert_max_num_queries(12):
        gathered = AreaFacts(area=tree.province_a, year=YEAR, cases=cases)
    with django_assert_max_num_queries(0):
        first = [gathered.evaluate(case, stage=live_stage(case)) for case in cases]
        again = [gathered.evaluate(case, stage=live_stage(case)) for case in cases]
    assert gathered.shared == len(cases) and again == first  # the same facts are judged once


def test_reevaluating_the_country_gives_each_case_its_case_page_outcome(varied_area):
    tree, cases = varied_area
    report = reevaluate(area=tree.country, year=YEAR)
    expected = {c.pk: case_evaluate(c, stage=live_stage(c), language="vi").outcome for c in cases[:9]}
    assert report.cases == 9 and sorted(report.outcomes.elements()) == sorted(expected.values())
    # The stored outcome is read from the JSON in the query; it must be what `stored_outcome` reads.
    stored = {c.pk: stored_outcome(c) for c in cases[:9]}
    assert {stored[cases[1].pk], stored[cases[3].pk]} == {"recognised", "incomplete"}
    assert {(case.pk, was, now) for case, was, now in report.differences} == {
        (pk, stored[pk], live) for pk, live in expected.items() if stored[pk] is not None and stored[pk] != live}
    assert Unit.objects.filter(kind="province").count() == 3  # the former province is walked too
