import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from antq.recognition.criteria import CriterionSpec, criteria_set_for, evaluation_period, legal_basis
from antq.recognition.engine import CriterionStatus, Outcome, evaluate, evaluate_facts
from antq.recognition.facts import Answer
from antq.recognition.figures import SubUnitOutcome, commune_rollup
from antq.recognition.tests.factories import IncidentFactFactory, good_facts

MET, NOT_MET = CriterionStatus.MET, CriterionStatus.NOT_MET
NOT_APPLICABLE, MISSING = CriterionStatus.NOT_APPLICABLE, CriterionStatus.MISSING_DATA


@pytest.fixture(autouse=True)
def english():
    # Explanations are rendered in the active language; English shows the msgids, whatever the catalogue holds.
    with translation.override("en"):
        yield


def _with(facts, **changes):
    return dataclasses.replace(facts, **changes)


@pytest.mark.parametrize(("kind", "year"), [
    ("residential_area", 2023), ("commune", 2023), ("agency", 2023), ("enterprise", 2023), ("school", 2023),
    ("residential_area", 2020), ("commune", 2020), ("agency", 2020), ("school", 2020),
])
def test_good_facts_are_recognised(kind, year):
    evaluation = evaluate_facts(good_facts(kind, year))
    assert evaluation.outcome == Outcome.RECOGNISED, evaluation.summary
    assert evaluation.recognised


# --- Acceptance: serious crime and its exceptions -------------------------------------------------


def test_very_serious_crime_detected_and_reported_keeps_a_kdc_recognised():
    crime = IncidentFactFactory(id=12, severity="very_serious", title="Trộm cắp tài sản",
                                detected_mitigated_reported=True)
    evaluation = evaluate_facts(good_facts("residential_area", 2023, incidents=(crime,)))
    assert evaluation.outcome == Outcome.RECOGNISED
    result = evaluation.result("KDC-4b")
    assert result.status == MET and result.incident_ids == (12,)
    assert "Điều 4 khoản 4 điểm b" in result.explanation
    assert "#12 ‘Trộm cắp tài sản’ on 03/05/2023" in result.explanation
    assert "detected in time, mitigated and reported at once" in result.explanation


def test_very_serious_crime_without_the_flag_fails_citing_article_4_clause_4():
    crime = IncidentFactFactory(id=12, severity="very_serious", title="Trộm cắp tài sản")
    evaluation = evaluate_facts(good_facts("residential_area", 2023, incidents=(crime,)))
    assert evaluation.outcome == Outcome.NOT_RECOGNISED
    result = evaluation.result("KDC-4b")
    assert result.status == NOT_MET and result.incident_ids == (12,)
    assert result.explanation.startswith("Not met: Điều 4 khoản 4 điểm b — incident #12 ‘Trộm cắp tài sản’")
    assert "in Thôn Đông" in result.explanation
    assert "KDC-4b" in evaluation.summary


def test_explanations_cite_vietnamese_labels_under_vietnamese():
    crime = IncidentFactFactory(id=12, severity="very_serious")
    with translation.override("vi"):
        explanation = evaluate_facts(good_facts("residential_area", 2023, incidents=(crime,))).result(
            "KDC-4b").explanation
    assert "Rất nghiêm trọng" in explanation and "Điều 4 khoản 4 điểm b" in explanation
    assert "‘Tội phạm’" in explanation  # the type's Vietnamese label stands in for a missing title


def test_less_serious_crime_does_not_count():
    crime = IncidentFactFactory(severity="less_serious")
    assert evaluate_facts(good_facts("residential_area", 2023, incidents=(crime,))).result("KDC-4b").status == MET


def test_crime_without_a_category_is_missing_data_not_a_verdict():
    crime = IncidentFactFactory(id=7, severity="")
    evaluation = evaluate_facts(good_facts("residential_area", 2023, incidents=(crime,)))
    assert evaluation.result("KDC-4b").status == MISSING
    assert "#7" in evaluation.result("KDC-4b").explanation
    assert evaluation.outcome == Outcome.INCOMPLETE


def test_force_majeure_excuses_a_fire_but_only_the_allowed_exception_counts():
    fire = IncidentFactFactory(id=3, type="fire_explosion_accident", force_majeure=True)
    result = evaluate_facts(good_facts("residential_area", 2023, incidents=(fire,))).result("KDC-4d")
    assert result.status == MET and "force majeure" in result.explanation
    # Art. 4.4.d allows force majeure only: "detected and reported" does not excuse a fire.
    reported_fire = IncidentFactFactory(type="fire_explosion_accident", detected_mitigated_reported=True)
    result = evaluate_facts(good_facts("residential_area", 2023, incidents=(reported_fire,))).result("KDC-4d")
    assert result.status == NOT_MET


def test_a_crime_needs_one_of_the_flags_of_its_article():
    unflagged = IncidentFactFactory(severity="serious")
    assert evaluate_facts(good_facts("residential_area", 2023, incidents=(unflagged,))).result(
        "KDC-4b").status == NOT_MET
    majeure = IncidentFactFactory(severity="serious", force_majeure=True)
    assert evaluate_facts(good_facts("residential_area", 2023, incidents=(majeure,))).result(
        "KDC-4b").status == MET


def test_one_excused_and_one_unexcused_crime_fail_on_the_unexcused_one():
    excused = IncidentFactFactory(id=1, detected_mitigated_reported=True)
    unexcused = IncidentFactFactory(id=2, occurred_on=datetime.date(2023, 6, 1))
    result = evaluate_facts(good_facts("residential_area", 2023, incidents=(excused, unexcused))).result("KDC-4b")
    assert result.status == NOT_MET and result.incident_ids == (2,)


# --- Acceptance: social evils, communes, legal bases, provinces -----------------------------------


def test_a_new_person_with_a_social_evil_fails_a_kdc():
    person = IncidentFactFactory(type="new_social_evil_person", title="Nguyễn Văn A sử dụng ma túy")
    evaluation = evaluate_facts(good_facts("residential_area", 2023, incidents=(person,)))
    assert evaluation.outcome == Outcome.NOT_RECOGNISED
    assert evaluation.result("KDC-4c2").status == NOT_MET
    assert [r.criterion.id for r in evaluation.with_status(NOT_MET)] == ["KDC-4c2"]


@pytest.mark.parametrize(("recognised", "outcome"), [(69, Outcome.NOT_RECOGNISED), (70, Outcome.RECOGNISED)])
def test_commune_needs_70_percent_of_its_registered_units_recognised(recognised, outcome):
    sub_units = [SubUnitOutcome(kind="residential_area", registered=True, recognised=i < recognised)
                 for i in range(100)]
    facts = good_facts("commune", 2023)
    facts = _with(facts, figures={**facts.figures, **commune_rollup(sub_units)})
    evaluation = evaluate_facts(facts)
    assert evaluation.outcome == outcome
    result = evaluation.result("XA-4b")
    assert "Điều 5 khoản 4" in result.explanation and f"{recognised}\u00a0%" in result.explanation


def test_commune_with_an_undecided_sub_unit_is_incomplete():
    sub_units = [SubUnitOutcome(kind="school", registered=True, recognised=None)]
    facts = good_facts("commune", 2023)
    figures = {k: v for k, v in facts.figures.items() if k != "recognised_percent"}
    evaluation = evaluate_facts(_with(facts, figures={**figures, **commune_rollup(sub_units)}))
    assert evaluation.result("XA-4b").status == MISSING and evaluation.outcome == Outcome.INCOMPLETE


def test_a_2020_case_is_judged_by_tt23_and_a_2023_case_by_tt124():
    crime = IncidentFactFactory(occurred_on=datetime.date(2020, 5, 3))
    old = evaluate_facts(good_facts("residential_area", 2020, incidents=(crime,)))
    assert old.legal_basis_code == "tt23_2012" and old.legal_basis == "Thông tư 23/2012/TT-BCA"
    assert "Điều 5 khoản 4" in old.result("KDC-4b").explanation
    new = evaluate_facts(good_facts("residential_area", 2023, incidents=(_with(crime, occurred_on=datetime.date(
        2023, 5, 3)),)))
    assert new.legal_basis_code == "tt124_2021"
    assert "Điều 4 khoản 4 điểm b" in new.result("KDC-4b").explanation
    # The 2020 commune needs 70 % of all its KDCs (TT 23 art. 6.4), not the TT 124 registration share.
    commune_2020 = good_facts("commune", 2020)
    figures = {**commune_2020.figures, "kdc_recognised_percent": Decimal(60), "registered_percent": Decimal(10)}
    evaluation = evaluate_facts(_with(commune_2020, figures=figures))
    assert [r.criterion.id for r in evaluation.with_status(NOT_MET)] == ["XA-4"]
    assert "Điều 6 khoản 4" in evaluation.result("XA-4").explanation


def test_a_provincial_extra_criterion_changes_the_result_only_where_it_is_passed():
    extra = CriterionSpec(id="TINH-1", article="Quyết định 15/2023/QĐ-UBND, Điều 2", kind="numeric",
                          text_vi="Có ít nhất 02 mô hình tự quản về an ninh, trật tự hoạt động hiệu quả.",
                          figure="effective_models", op=">=", value=2)
    facts = good_facts("residential_area", 2023, figures={"households_registered_percent": Decimal(100),
                                                           "effective_models": Decimal(1)})
    assert evaluate_facts(facts).outcome == Outcome.RECOGNISED  # another province
    with_extra = evaluate_facts(facts, extra=[extra])
    assert with_extra.outcome == Outcome.NOT_RECOGNISED
    assert with_extra.result("TINH-1").status == NOT_MET
    assert "Quyết định 15/2023/QĐ-UBND, Điều 2" in with_extra.result("TINH-1").explanation
    assert evaluate_facts(_with(facts, figures={**facts.figures, "effective_models": Decimal(2)}),
                          extra=[extra]).outcome == Outcome.RECOGNISED


# --- Period, scope, trend -------------------------------------------------------------------------


def test_only_incidents_inside_the_period_count():
    period = evaluation_period("residential_area", 2023)
    before = IncidentFactFactory(occurred_on=period.start - datetime.timedelta(days=1))
    after = IncidentFactFactory(occurred_on=period.end + datetime.timedelta(days=1))
    assert evaluate_facts(good_facts("residential_area", 2023, incidents=(before, after))).recognised
    first_day = IncidentFactFactory(occurred_on=period.start)
    last_day = IncidentFactFactory(occurred_on=period.end)
    for incident in (first_day, last_day):
        assert not evaluate_facts(good_facts("residential_area", 2023, incidents=(incident,))).recognised


def test_a_commune_counts_the_incidents_of_its_sub_units_for_inherited_criteria():
    crime_in_kdc = IncidentFactFactory(id=21, in_sub_unit=True, unit_name="Thôn Bắc")
    commune = evaluate_facts(good_facts("commune", 2023, incidents=(crime_in_kdc,)))
    result = commune.result("XA-2.KDC-4b")
    assert result.status == NOT_MET and result.incident_ids == (21,)
    assert "Điều 4 khoản 4 điểm b, applied per Điều 5 khoản 2" in result.explanation
    assert "in Thôn Bắc" in result.explanation
    # A KDC evaluated on its own ignores what the services flag as happening below it.
    kdc = evaluate_facts(good_facts("residential_area", 2023, incidents=(crime_in_kdc,)))
    assert kdc.result("KDC-4b").status == MET


def test_commune_police_discipline_counts_only_in_the_commune_itself():
    disciplined = IncidentFactFactory(type="police_officer_disciplined", discipline_levels=("reprimand",))
    commune = evaluate_facts(good_facts("commune", 2023, incidents=(disciplined,)))
    assert commune.result("XA-3b").status == NOT_MET  # any discipline (Art. 5.3)
    below = _with(disciplined, in_sub_unit=True)
    assert evaluate_facts(good_facts("commune", 2023, incidents=(below,))).result("XA-3b").status == MET


def test_discipline_counts_from_warning_up_where_the_article_says_so():
    reprimand = IncidentFactFactory(type="staff_sanctioned", discipline_levels=("reprimand",))
    warning = IncidentFactFactory(type="staff_sanctioned", discipline_levels=("reprimand", "warning"))
    unknown = IncidentFactFactory(type="staff_sanctioned", discipline_levels=())
    results = {
        name: evaluate_facts(good_facts("enterprise", 2023, incidents=(incident,))).result("CQDN-3h").status
        for name, incident in (("reprimand", reprimand), ("warning", warning), ("unknown", unknown))
    }
    assert results == {"reprimand": MET, "warning": NOT_MET, "unknown": MISSING}


def test_a_school_inherits_serious_crime_but_not_strikes():
    strike = IncidentFactFactory(type="unlawful_strike")
    assert evaluate_facts(good_facts("school", 2023, incidents=(strike,))).recognised
    assert not evaluate_facts(good_facts("enterprise", 2023, incidents=(strike,))).recognised
    crime = IncidentFactFactory()
    school = evaluate_facts(good_facts("school", 2023, incidents=(crime,)))
    assert school.result("CSGD-3.CQDN-3dd").status == NOT_MET
    assert "Điều 6 khoản 3 điểm đ, applied per Điều 7 khoản 3" in school.result("CSGD-3.CQDN-3dd").explanation


@pytest.mark.parametrize(("current", "previous", "status"), [
    (2, 5, MET), (5, 5, NOT_MET), (6, 5, NOT_MET), (0, 0, MET), (3, None, MISSING), (None, 3, MISSING),
])
def test_trend_compares_with_the_previous_period(current, previous, status):
    evaluation = evaluate_facts(good_facts("residential_area", 2023, trend_current=current, trend_previous=previous))
    assert evaluation.result("KDC-4a").status == status
    if status == MISSING:
        assert evaluation.outcome == Outcome.INCOMPLETE


def test_unknown_previous_count_explains_itself():
    evaluation = evaluate_facts(good_facts("residential_area", 2023, trend_previous=None))
    assert "previous period is not known" in evaluation.result("KDC-4a").explanation
    assert "KDC-4a" in evaluation.summary and "no verdict" in evaluation.summary


# --- Answers, applicability, overrides ------------------------------------------------------------


def test_unanswered_must_have_is_missing_data_and_a_no_is_not_met():
    facts = good_facts("residential_area", 2023)
    unanswered = _with(facts, answers={k: v for k, v in facts.answers.items() if k != "KDC-2"})
    assert evaluate_facts(unanswered).result("KDC-2").status == MISSING
    no = _with(facts, answers={**facts.answers, "KDC-2": Answer(met=False, note="Chưa triển khai")})
    result = evaluate_facts(no).result("KDC-2")
    assert result.status == NOT_MET and "Chưa triển khai" in result.explanation


def test_not_applicable_only_where_the_criterion_has_a_condition():
    facts = good_facts("enterprise", 2023)
    no_force = _with(facts, answers={**facts.answers, "CQDN-4a": Answer(met=None, not_applicable=True)})
    evaluation = evaluate_facts(no_force)
    assert evaluation.result("CQDN-4a").status == NOT_APPLICABLE and evaluation.recognised
    no_subunits = _with(facts, answers={"CQDN-5a": Answer(met=None, not_applicable=True), **facts.answers},
                        figures={k: v for k, v in facts.figures.items() if k != "sub_units_good_percent"})
    assert evaluate_facts(no_subunits).result("CQDN-5a").status == NOT_APPLICABLE
    refused = _with(facts, answers={**facts.answers, "CQDN-2": Answer(met=None, not_applicable=True)})
    assert evaluate_facts(refused).result("CQDN-2").status == MISSING


def test_an_appraiser_override_replaces_the_computed_status_and_keeps_both():
    crime = IncidentFactFactory(id=12)
    note = "Vụ việc do người ngoài địa bàn gây ra, đã được xác minh"
    facts = good_facts("residential_area", 2023, incidents=(crime,),
                       overrides={"KDC-4b": Answer(met=True, note=note)})
    evaluation = evaluate_facts(facts)
    result = evaluation.result("KDC-4b")
    assert (result.status, result.computed_status, result.overridden) == (MET, NOT_MET, True)
    assert note in result.explanation and "#12" in result.computed_explanation
    assert evaluation.outcome == Outcome.RECOGNISED
    failing = evaluate_facts(good_facts("residential_area", 2023, overrides={"KDC-2": Answer(met=False, note="x")}))
    assert failing.result("KDC-2").status == NOT_MET and failing.outcome == Outcome.NOT_RECOGNISED


def test_an_empty_override_changes_nothing():
    facts = good_facts("residential_area", 2023, overrides={"KDC-2": Answer(met=None)})
    result = evaluate_facts(facts).result("KDC-2")
    assert result.status == MET and not result.overridden


# --- Contract -------------------------------------------------------------------------------------


def test_same_inputs_give_the_same_result_whatever_the_order():
    incidents = tuple(IncidentFactFactory(id=i, occurred_on=datetime.date(2023, 1 + i, 1)) for i in range(1, 5))
    first = evaluate_facts(good_facts("residential_area", 2023, incidents=incidents))
    second = evaluate_facts(good_facts("residential_area", 2023, incidents=tuple(reversed(incidents))))
    assert first.as_dict() == second.as_dict()
    assert first.result("KDC-4b").incident_ids == (1, 2, 3, 4)


def test_results_follow_the_order_of_the_set():
    evaluation = evaluate_facts(good_facts("commune", 2023))
    assert [r.criterion.id for r in evaluation.results] == list(criteria_set_for("commune", 2023).ids)


def test_evaluate_refuses_facts_that_do_not_belong_to_the_set():
    facts = good_facts("residential_area", 2023)
    with pytest.raises(ValueError, match="do not apply"):
        evaluate(criteria_set_for("commune", 2023), facts)
    with pytest.raises(ValueError, match="for 2022"):
        evaluate(criteria_set_for("residential_area", 2022), facts)
    with pytest.raises(ValueError, match="resolved"):
        evaluate(legal_basis("tt124_2021").set_for("residential_area"), facts)


def test_as_dict_is_plain_data():
    evaluation = evaluate_facts(good_facts("residential_area", 2023, incidents=(IncidentFactFactory(id=5),)))
    data = evaluation.as_dict()
    assert data["outcome"] == "not_recognised" and data["legal_basis"] == "tt124_2021"
    assert data["period"] == ["2022-11-01", "2023-10-31"]
    kdc_4b = next(r for r in data["results"] if r["criterion"] == "KDC-4b")
    assert kdc_4b["status"] == "not_met" and kdc_4b["incident_ids"] == [5]
    assert type(kdc_4b["status"]) is str
