"""The lean path of re-evaluation: cases read as rows, the next part read in a thread, outcomes judged
without explanations — each case still gets its case page's outcome.

The varied area of `test_bulk_facts.py` is reused: every source of facts decides something there.
"""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from antq.recognition.bulk_facts import AreaFacts, area_case_rows, area_cases, gathered_parts
from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import AnswerStage
from antq.recognition.reevaluation import live_stage, reevaluate, stored_outcome
from antq.recognition.tests.test_bulk_facts import YEAR, varied_area  # noqa: F401 — the fixture

STAGES = (AnswerStage.SELF, AnswerStage.APPRAISAL)


def test_rows_give_the_facts_and_outcomes_of_model_instances(varied_area):  # noqa: F811
    tree, _cases = varied_area
    for area in (tree.country, tree.province_a, tree.commune_a2):
        instances = {case.pk: case for case in area_cases(area, YEAR)}
        rows = area_case_rows(area, YEAR)
        assert sorted(row.pk for row in rows) == sorted(instances)
        with translation.override("vi"):
            by_instance = AreaFacts(area=area, year=YEAR, cases=list(instances.values()))
            by_row = AreaFacts(area=area, year=YEAR, cases=rows)
            for row in rows:
                case = instances[row.pk]
                assert (row.unit.name, row.status, row.result) == (case.unit.name, case.status, case.result)
                assert (row.stored_self, row.stored_appraised) == (
                    (case.self_evaluation or {}).get("outcome"), (case.appraised_evaluation or {}).get("outcome"))
                for stage in STAGES:
                    assert by_row.facts(row, stage=stage) == by_instance.facts(case, stage=stage)
                    expected = case_evaluate(case, stage=stage, language="vi").outcome
                    assert by_row.outcome(row, stage=stage) == expected
                    assert by_instance.outcome(case, stage=stage) == expected


def test_rows_are_read_in_one_query(varied_area, django_assert_num_queries):  # noqa: F811
    tree, _cases = varied_area
    with django_assert_num_queries(1):
        rows = area_case_rows(tree.country, YEAR)
    assert len(rows) == 9
    # Cases with the same figures share one decoded dict (read only).
    kdc, kdc2 = rows[0], next(r for r in rows[1:] if r.figures == rows[0].figures)
    assert kdc.figures is kdc2.figures


def _report(report):
    return (report.cases, dict(report.outcomes), report.shared,
            sorted((case.pk, stored, live) for case, stored, live in report.differences))


def test_reevaluation_lists_differences_as_the_command_prints_them(varied_area, capsys):  # noqa: F811
    tree, cases = varied_area
    report = reevaluate(area=tree.country, year=YEAR)
    assert report.differences
    for case, stored, live in report.differences:
        model = next(c for c in cases if c.pk == case.pk)
        assert stored == stored_outcome(model) and live == case_evaluate(
            model, stage=live_stage(model), language="vi").outcome
        assert (case.unit.name, case.get_status_display()) == (model.unit.name, model.get_status_display())
    call_command("recognition_evaluate", str(YEAR))
    assert f"{len(report.differences)} cases differ" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_next_part_is_read_in_a_thread_outside_a_transaction(varied_area, monkeypatch):  # noqa: F811
    tree, cases = varied_area
    assert not connection.in_atomic_block
    readers = []
    original = AreaFacts.__init__

    def spy(self, **kwargs):
        readers.append(threading.current_thread().name)
        original(self, **kwargs)

    monkeypatch.setattr(AreaFacts, "__init__", spy)
    threaded = reevaluate(area=tree.country, year=YEAR)
    monkeypatch.undo()
    assert readers and all(name.startswith("area-facts") for name in readers)
    assert not any(t.name.startswith("area-facts") for t in threading.enumerate())  # the reader is gone
    expected = {c.pk: case_evaluate(c, stage=live_stage(c), language="vi").outcome for c in cases[:9]}
    assert threaded.cases == 9 and sorted(threaded.outcomes.elements()) == sorted(expected.values())
    # The same report as read in order, inside a transaction.
    with transaction.atomic():
        in_order = reevaluate(area=tree.country, year=YEAR)
    assert _report(threaded) == _report(in_order)


@pytest.mark.django_db(transaction=True)
def test_a_reader_stopped_early_closes_its_connection(varied_area):  # noqa: F811
    tree, _cases = varied_area
    parts = gathered_parts(tree.country, YEAR)
    cases, _gathered = next(parts)
    assert cases
    parts.close()  # the caller stops after the first part
    assert not any(t.name.startswith("area-facts") for t in threading.enumerate())


@pytest.mark.django_db(transaction=True)
def test_a_failing_reader_fails_the_reevaluation_and_leaves_no_thread(varied_area, monkeypatch):  # noqa: F811
    tree, _cases = varied_area
    original = AreaFacts._read_answers

    def failing(self):
        if self._path == tree.province_b.path:
            raise RuntimeError("the database went away")
        return original(self)

    monkeypatch.setattr(AreaFacts, "_read_answers", failing)
    with pytest.raises(RuntimeError, match="went away"):
        reevaluate(area=tree.country, year=YEAR)
    assert not any(t.name.startswith("area-facts") for t in threading.enumerate())
