"""The pure eligibility rules, on the shipped data file."""

import datetime

import pytest

from antq.commendations.eligibility import Facts, PriorMedal, Recognition, evaluate, full_years
from antq.commendations.rules import parse
from antq.core import law_data

DAY = datetime.date(2026, 8, 19)


@pytest.fixture
def rules():
    return parse(law_data.file_data("commendations.awards"))


def _collective(**changes) -> Facts:
    values = {"form": "commendation_letter", "kind": "periodic", "issuer": "giam_doc_cong_an_tinh",
              "recipient_type": "collective", "year": 2026, "on_date": DAY, "unit_kind": "residential_area",
              "recognition": Recognition(case_id=77, year=2026, result="met")}
    return Facts(**{**values, **changes})


def _medal(**changes) -> Facts:
    values = {"form": "commemorative_medal", "kind": "long_service", "issuer": "bo_cong_an",
              "recipient_type": "individual", "year": 2026, "on_date": DAY, "unit_kind": "commune",
              "sex": "male", "category": "commune_police", "in_force_since": datetime.date(2010, 1, 1)}
    return Facts(**{**values, **changes})


def _check(result, check_id):
    return next(c for c in result.checks if c.id == check_id)


def test_recognised_collective_is_eligible_and_the_reason_names_the_case(rules):
    result = evaluate(rules, _collective())
    assert result.eligible
    assert "recognition case 77" in _check(result, "antt_safe").reason


def test_collective_not_recognised_that_year_is_refused_naming_case_and_year(rules):
    result = evaluate(rules, _collective(recognition=Recognition(case_id=77, year=2026, result="not_met")))
    assert not result.eligible
    assert "not recognised ANTT-safe in 2026 (recognition case 77)" in result.failures[0]


def test_collective_without_a_decided_recognition_is_refused(rules):
    result = evaluate(rules, _collective(recognition=None))
    assert not result.eligible
    assert "no decided ANTT-safe recognition for 2026" in result.failures[0]


def test_recognition_is_not_needed_for_thematic_awards_or_province_units(rules):
    assert evaluate(rules, _collective(kind="thematic", recognition=None)).eligible
    assert evaluate(rules, _collective(unit_kind="province", recognition=None)).eligible


def test_issuer_must_award_the_form_and_exist_on_the_day(rules):
    assert "does not award this form" in evaluate(rules, _collective(issuer="ubnd_xa", form="flag")).failures[0]
    district = _collective(issuer="ubnd_huyen")
    assert "does not award commendations on 19/08/2026" in evaluate(rules, district).failures[0]
    assert evaluate(rules, _collective(issuer="ubnd_huyen", on_date=datetime.date(2017, 1, 5))).eligible


def test_medal_once_per_person_names_the_first_decision(rules):
    prior = PriorMedal(award_id=1, decision_number="123/QĐ-BCA", decision_date=datetime.date(2020, 8, 10),
                       issuer_name="Bộ Công an")
    result = evaluate(rules, _medal(prior_medal=prior))
    assert not result.eligible
    assert "by decision 123/QĐ-BCA of 10/08/2020 (Bộ Công an)" in result.failures[0]


@pytest.mark.parametrize(("sex", "since", "eligible"), [
    ("male", datetime.date(2011, 8, 19), True),  # 15 years to the day
    ("male", datetime.date(2011, 8, 20), False),
    ("female", datetime.date(2016, 8, 19), True),  # 10 years
    ("female", datetime.date(2016, 8, 20), False),
])
def test_medal_tenure_in_the_force_by_sex(rules, sex, since, eligible):
    result = evaluate(rules, _medal(sex=sex, in_force_since=since))
    assert result.eligible is eligible
    if not eligible:
        assert "years in the force, at least" in result.failures[0]


def test_leader_needs_five_years_in_post_and_a_prior_commendation(rules):
    leader = _medal(category="leader", in_post_since=datetime.date(2022, 1, 1), prior_awards=0)
    failures = evaluate(rules, leader).failures
    assert "4 years in the post, at least 5 needed" in failures[0]
    assert "0 earlier commendations recorded, at least 1 needed" in failures[0]
    ok = _medal(category="leader", in_post_since=datetime.date(2020, 1, 1), prior_awards=1)
    assert evaluate(rules, ok).eligible


def test_medal_is_for_individuals_only(rules):
    result = evaluate(rules, _collective(form="commemorative_medal", issuer="bo_cong_an", kind="long_service"))
    assert "individuals only" in result.failures[0]


def test_full_years():
    assert full_years(datetime.date(2000, 2, 29), datetime.date(2015, 2, 28)) == 14
    assert full_years(datetime.date(2000, 3, 1), datetime.date(2015, 3, 1)) == 15


def test_broken_data_is_refused(rules):
    data = law_data.file_data("commendations.awards")
    data["workflow"].pop("ministry")
    with pytest.raises(ValueError, match="ministry"):
        parse(data)
