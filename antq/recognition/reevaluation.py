"""Re-evaluating every case of an area for a year: the engine run again on today's data, compared with
what is stored.

The engine is a pure function of the criteria and the facts, so the same inputs give the same result
every time. This is how an officer (or the Ministry after a data correction) checks a whole province at
once: each case's live evaluation — at the appraisal stage once a case is appraised, the unit's own
before — against the outcome stored with it (the decision, or the evaluation recorded at the last
step). Nothing is written here.
"""

from collections import Counter
from dataclasses import dataclass, field

from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import AnswerStage, CaseResult, CaseStatus, RecognitionCase
from antq.units.models import Unit

_RESULT_OUTCOME = {CaseResult.MET: "recognised", CaseResult.NOT_MET: "not_recognised"}


@dataclass
class Reevaluation:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)  # live outcome → count
    differences: list[tuple[RecognitionCase, str, str]] = field(default_factory=list)  # case, stored, live


def stored_outcome(case: RecognitionCase) -> str | None:
    if case.status == CaseStatus.DECIDED:
        return _RESULT_OUTCOME.get(case.result)
    stored = case.appraised_evaluation if case.status == CaseStatus.APPRAISED else case.self_evaluation
    return (stored or {}).get("outcome")


def reevaluate(*, area: Unit, year: int) -> Reevaluation:
    """Evaluate every case of `area`'s subtree for `year` again; the caller has checked who may see it."""
    report = Reevaluation()
    cases = (RecognitionCase.objects.filter(unit__path__startswith=area.path, year=year)
             .select_related("unit").order_by("unit__path"))
    for case in cases.iterator(chunk_size=500):
        stage = AnswerStage.APPRAISAL if case.status in (CaseStatus.APPRAISED, CaseStatus.DECIDED) \
            else AnswerStage.SELF
        live = case_evaluate(case, stage=stage, language="vi").outcome
        report.cases += 1
        report.outcomes[live] += 1
        stored = stored_outcome(case)
        if stored is not None and stored != live:
            report.differences.append((case, stored, live))
    return report
