"""Re-evaluating every case of an area for a year: the engine run again on today's data, compared with
what is stored.

The engine is a pure function of the criteria and the facts, so the same inputs give the same result
every time. This is how an officer (or the Ministry after a data correction) checks a whole province at
once: each case's live evaluation — at the appraisal stage once a case is appraised, the unit's own
before — against the outcome stored with it (the decision, or the evaluation recorded at the last
step). Nothing is written here.

The facts are gathered for the whole area at once (`bulk_facts.AreaFacts`, a fixed number of queries per
province) and give exactly what the case page's `case_evaluate` gives, case by case.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models.fields.json import KT
from django.utils import translation

from antq.recognition.bulk_facts import AreaFacts, area_cases, area_parts
from antq.recognition.models import AnswerStage, CaseResult, CaseStatus, RecognitionCase
from antq.units.models import Unit

_RESULT_OUTCOME = {CaseResult.MET: "recognised", CaseResult.NOT_MET: "not_recognised"}


@dataclass
class Reevaluation:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)  # live outcome → count
    differences: list[tuple[RecognitionCase, str, str]] = field(default_factory=list)  # case, stored, live
    shared: int = 0  # cases whose facts equalled an earlier case's, so judged once (see AreaFacts.evaluate)


def _stored(status: str, result: str, self_outcome: str | None, appraised_outcome: str | None) -> str | None:
    if status == CaseStatus.DECIDED:
        return _RESULT_OUTCOME.get(result)
    return appraised_outcome if status == CaseStatus.APPRAISED else self_outcome


def stored_outcome(case: RecognitionCase) -> str | None:
    """The outcome stored with the case: its decision, or the evaluation recorded at its last step."""
    return _stored(case.status, case.result, (case.self_evaluation or {}).get("outcome"),
                   (case.appraised_evaluation or {}).get("outcome"))


def live_stage(case: RecognitionCase) -> str:
    """The stage a case is evaluated at again: the appraisal once appraised, the unit's own before."""
    return AnswerStage.APPRAISAL if case.status in (CaseStatus.APPRAISED, CaseStatus.DECIDED) else AnswerStage.SELF


def reevaluate(*, area: Unit, year: int) -> Reevaluation:
    """Evaluate every case of `area`'s subtree for `year` again; the caller has checked who may see it."""
    report = Reevaluation()
    with translation.override("vi"):  # as the stored evaluations were written
        for part in area_parts(area):
            # Only the stored outcomes of the JSON evaluations are read: decoding them whole costs more
            # than evaluating the case.
            cases = list(area_cases(part, year).annotate(
                stored_self=KT("self_evaluation__outcome"), stored_appraised=KT("appraised_evaluation__outcome"),
            ).order_by("unit__path"))
            if not cases:
                continue
            gathered = AreaFacts(area=part, year=year, cases=cases)
            for case in cases:
                live = gathered.evaluate(case, stage=live_stage(case)).outcome
                report.cases += 1
                report.outcomes[live] += 1
                stored = _stored(case.status, case.result, case.stored_self, case.stored_appraised)
                if stored is not None and stored != live:
                    report.differences.append((case, stored, live))
            report.shared += gathered.shared
    return report
