"""Re-evaluating a whole province for a year is one command, and the same inputs give the same result."""

import datetime
from io import StringIO

from django.core.management import call_command

from antq.incidents.tests.factories import IncidentFactory
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.models import AnswerStage, CaseAnswer, CaseStatus
from antq.recognition.reevaluation import reevaluate
from antq.recognition.tests.factories import RecognitionCaseFactory


def _answered(case):
    """Every must-have criterion answered "met", at both stages, with the figures a KDC reports."""
    must_have = [c.id for c in criteria_set_for(case.unit.kind, case.year).criteria
                 if c.kind == CriterionKind.MUST_HAVE]
    CaseAnswer.objects.bulk_create([CaseAnswer(case=case, criterion_id=cid, stage=stage, met=True, note="Có")
                                    for cid in must_have for stage in (AnswerStage.SELF, AnswerStage.APPRAISAL)])
    return case


def test_a_province_is_re_evaluated_and_changes_since_the_decision_are_listed(tree):
    figures = {"households_registered_percent": "100", "effective_models": "1"}
    decided = _answered(RecognitionCaseFactory(unit=tree.kdc_a, year=2026, status=CaseStatus.DECIDED, result="met",
                                               figures=figures, appraised_figures=figures))
    RecognitionCaseFactory(unit=tree.agency_a, year=2026)
    first = reevaluate(area=tree.province_a, year=2026)
    assert first.cases == 2 and first.outcomes["recognised"] == 1 and first.differences == []
    again = reevaluate(area=tree.province_a, year=2026)
    assert again.outcomes == first.outcomes  # same inputs, same result

    # A new person with a social evil entered after the decision: the live result no longer agrees.
    IncidentFactory(unit=tree.kdc_a, type="new_social_evil_person", occurred_on=datetime.date(2026, 5, 1))
    later = reevaluate(area=tree.province_a, year=2026)
    assert [(case.pk, stored, live) for case, stored, live in later.differences] == [
        (decided.pk, "recognised", "not_recognised")]

    out = StringIO()
    call_command("recognition_evaluate", "2026", "--province", tree.province_a.code, stdout=out)
    text = out.getvalue()
    assert "2 cases evaluated" in text and "1 cases differ" in text and tree.kdc_a.name in text
    assert reevaluate(area=tree.province_b, year=2026).cases == 0
