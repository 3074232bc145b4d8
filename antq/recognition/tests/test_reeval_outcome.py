"""`engine.outcome` (the verdict alone, for re-evaluating whole areas) is `evaluate(…).outcome` for any facts.

The two share the judging and differ only in writing the explanations, so the check is generative: answers,
not-applicable claims, overrides, figures, trend counts and incidents (any type, category, discipline,
exception flag, own or sub-unit) drawn at random for every kind and legal basis, with a provincial extra
criterion.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq.recognition.criteria import CriterionKind, CriterionSpec, criteria_set_for, evaluation_period, incident_codes
from antq.recognition.engine import evaluate, outcome
from antq.recognition.facts import Answer, Facts, IncidentFact
from antq.recognition.tests.factories import GOOD_FIGURES

KINDS_AND_YEARS = [(kind, year) for year in (2020, 2025) for kind in
                   ("residential_area", "commune", "agency", "enterprise", "school")
                   if (kind, year) != ("enterprise", 2020)]
EXTRA = (CriterionSpec(id="QT-1", unit_kinds=("residential_area", "commune"), article="Điều 1",
                       text_vi="Có camera an ninh", kind="must_have"),)

answers = st.one_of(
    st.none(),
    st.builds(Answer, met=st.sampled_from([True, False, None]), note=st.sampled_from(["", "Có biên bản"]),
              evidence=st.sampled_from([(), ("bien-ban.pdf",)]), not_applicable=st.booleans()),
)


@st.composite
def facts_and_criteria(draw):
    kind, year = draw(st.sampled_from(KINDS_AND_YEARS))
    criteria = criteria_set_for(kind, year, EXTRA if draw(st.booleans()) else ())
    period = evaluation_period(kind, year)
    codes = incident_codes()
    # Mostly the answers and figures of a recognised unit, a few changed: otherwise nearly every draw lacks
    # some datum and every outcome is "incomplete".
    rarely = st.integers(0, 9).map(lambda n: n == 0)
    given_answers = {}
    for c in criteria.criteria:
        if draw(rarely):
            if (answer := draw(answers)) is not None:
                given_answers[c.id] = answer
        elif c.kind == CriterionKind.MUST_HAVE:
            given_answers[c.id] = Answer(met=True, note="Có biên bản")
    overrides = {c.id: a for c in criteria.criteria if draw(rarely) and (a := draw(answers)) is not None}
    figures = {name: draw(st.sampled_from([Decimal(0), Decimal("69.96"), Decimal(70), Decimal(3)]))
               if draw(rarely) else value for name, value in GOOD_FIGURES.items() if not draw(rarely)}
    incidents = tuple(draw(st.lists(st.builds(
        IncidentFact,
        id=st.integers(1, 50),
        type=st.sampled_from(sorted(codes.type_labels)),
        occurred_on=st.dates(period.start - datetime.timedelta(days=30), period.end + datetime.timedelta(days=30)),
        unit_name=st.just("Thôn Đông"),
        severity=st.sampled_from(["", "unknown", *sorted(codes.severity_ranks)]),
        force_majeure=st.booleans(),
        detected_mitigated_reported=st.booleans(),
        discipline_levels=st.lists(st.sampled_from(["x", *sorted(codes.discipline_ranks)]), max_size=2).map(tuple),
        in_sub_unit=st.booleans(),
    ), max_size=3)))
    trend = st.one_of(st.none(), st.integers(0, 3))
    current, previous = (draw(trend), draw(trend)) if draw(rarely) else (1, 3)
    facts = Facts(unit_kind=kind, year=year, period=period, answers=given_answers, incidents=incidents,
                  figures=figures, trend_current=current, trend_previous=previous, overrides=overrides)
    return criteria, facts


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_and_criteria())
def test_outcome_is_the_evaluations_outcome(drawn):
    criteria, facts = drawn
    with translation.override("vi"):
        assert outcome(criteria, facts) == evaluate(criteria, facts).outcome


def test_outcome_refuses_what_evaluate_refuses():
    facts = Facts(unit_kind="school", year=2025, period=evaluation_period("school", 2025))
    for criteria in (criteria_set_for("residential_area", 2025), criteria_set_for("school", 2024)):
        with pytest.raises(ValueError, match="criteria"):
            evaluate(criteria, facts)
        with pytest.raises(ValueError, match="criteria"):
            outcome(criteria, facts)
