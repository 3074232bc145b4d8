from antq.classification.engine import better
from antq.classification.models import Classification, ClassificationScore, ClassificationStatus, ClassificationTally
from antq.classification.tallies import tally_rebuild
from antq.core.models import AuditEvent
from antq.core.tests.test_demo import demo_tree, run_demo  # noqa: F401 — the demo's fixture tree
from antq.recognition.models import CaseStatus, RecognitionCase


def _tallies(year):
    return sorted(ClassificationTally.objects.filter(year=year, count__gt=0).values_list("area", "block", "level",
                                                                                       "count"))


def test_demo_classifies_the_year_consistently_with_recognition_and_is_idempotent(demo_tree):  # noqa: F811
    run_demo()
    year = RecognitionCase.objects.order_by("-year").values_list("year", flat=True).first()
    decided = Classification.objects.filter(year=year, status=ClassificationStatus.DECIDED)
    assert decided.filter(unit__kind="commune").exists() and decided.filter(unit__kind="residential_area").count() > 20
    assert len(set(decided.values_list("level", flat=True))) >= 2
    not_recognised = set(RecognitionCase.objects.filter(year=year, status=CaseStatus.DECIDED, result="not_met")
                         .values_list("unit_id", flat=True))
    for classification in decided:
        assert classification.level == classification.reviewed_level and classification.rules
        if classification.unit_id in not_recognised:
            assert classification.antt_safe == "not_met" and not better(classification.level, "average")
    own = demo_tree.commune_a  # the demo officer's commune: left mid-cycle
    assert Classification.objects.get(unit=own, year=year).status == ClassificationStatus.DRAFT
    assert Classification.objects.filter(unit__parent=own, year=year).exclude(status="decided").exists()
    assert ClassificationScore.objects.filter(stage="review").exists()
    # History: the closed commune of the province has its imported 2011 result.
    history = Classification.objects.get(unit=demo_tree.closed, year=2011)
    assert (history.source, history.level) == ("imported", "good")

    for tally_year in (year, 2011):
        incremental = _tallies(tally_year)
        tally_rebuild(year=tally_year)
        assert _tallies(tally_year) == incremental and incremental
    count, events = Classification.objects.count(), AuditEvent.objects.filter(action="demo.classification").count()
    assert events == 1
    run_demo()
    assert (Classification.objects.count(),
            AuditEvent.objects.filter(action="demo.classification").count()) == (count, events)
