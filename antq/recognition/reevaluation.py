"""Re-evaluating every case of an area for a year: the engine run again on today's data, compared with
what is stored.

The engine is a pure function of the criteria and the facts, so the same inputs give the same result
every time. This is how an officer (or the Ministry after a data correction) checks a whole province at
once: each case's live evaluation — at the appraisal stage once a case is appraised, the unit's own
before — against the outcome stored with it (the decision, or the evaluation recorded at the last
step). Nothing is written here.

The facts are gathered for the whole area at once (`bulk_facts.AreaFacts`, a fixed number of queries per
province, the next province read while this one is judged) and give exactly what the case page's
`case_evaluate` gives, case by case. Only the outcome is compared, so the engine judges without writing
the explanations (`engine.outcome`).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import translation

from antq.recognition.bulk_facts import CaseRow, gathered_parts
from antq.recognition.models import AnswerStage, CaseResult, CaseStatus, RecognitionCase
from antq.units.models import Unit

_RESULT_OUTCOME = {CaseResult.MET: "recognised", CaseResult.NOT_MET: "not_recognised"}


@dataclass
class Reevaluation:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)  # live outcome → count
    # case (its pk, status and `unit.name` as on the model), stored outcome, live outcome
    differences: list[tuple[CaseRow, str, str]] = field(default_factory=list)
    shared: int = 0  # cases whose facts equalled an earlier case's, so judged once (see AreaFacts.outcome)


def _stored(status: str, result: str, self_outcome: str | None, appraised_outcome: str | None) -> str | None:
    if status == CaseStatus.DECIDED:
        return _RESULT_OUTCOME.get(result)
    return appraised_outcome if status == CaseStatus.APPRAISED else self_outcome


def stored_outcome(case: RecognitionCase) -> str | None:
    """The outcome stored with the case: its decision, or the evaluation recorded at its last step."""
    return _stored(case.status, case.result, (case.self_evaluation or {}).get("outcome"),
                   (case.appraised_evaluation or {}).get("outcome"))


def live_stage(case: RecognitionCase | CaseRow) -> str:
    """The stage a case is evaluated at again: the appraisal once appraised, the unit's own before."""
    return AnswerStage.APPRAISAL if case.status in (CaseStatus.APPRAISED, CaseStatus.DECIDED) else AnswerStage.SELF


def reevaluate(*, area: Unit, year: int) -> Reevaluation:
    """Evaluate every case of `area`'s subtree for `year` again; the caller has checked who may see it."""
    report = Reevaluation()
    with translation.override("vi"):  # as the stored evaluations were written
        for cases, gathered in gathered_parts(area, year):
            for case in cases:
                live = gathered.outcome(case, stage=live_stage(case))
                report.cases += 1
                report.outcomes[live] += 1
                stored = _stored(case.status, case.result, case.stored_self, case.stored_appraised)
                if stored is not None and stored != live:
                    report.differences.append((case, stored, live))
            report.shared += gathered.shared
    return report
