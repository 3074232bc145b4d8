"""The demo step of the derived criteria, on the demo's small factory tree."""

import pytest
from django.utils import timezone

from antq.core.models import AuditEvent
from antq.core.tests.test_demo import demo_tree, run_demo  # noqa: F401 — the demo's fixture tree
from antq.recognition.demo import demo_year
from antq.recognition.derived.selectors import commune_results, derived_counts
from antq.recognition.models import DerivedContentAnswer, RecognitionCase
from antq.units.models import LocalKind
from antq.units.tests.factories import CommuneFactory


@pytest.fixture
def wards(demo_tree):  # noqa: F811
    demo_tree.ward_2 = CommuneFactory(parent=demo_tree.province_a, name="Phường Đông Lễ", code="19996",
                                      local_kind=LocalKind.PHUONG)
    return demo_tree


def test_demo_answers_the_wards_and_is_idempotent(wards):
    run_demo()
    year = demo_year(timezone.localdate())
    decided_ward = DerivedContentAnswer.objects.filter(commune=wards.ward_2, year=year)
    assert sorted(decided_ward.values_list("content_code", flat=True)) == ["2", "3", "4", "5", "6"]
    assert all(a.note for a in decided_ward)
    case = RecognitionCase.objects.get(unit=wards.ward_2, year=year)
    assert decided_ward.get(content_code="6").met is (case.result == "met")
    # The officer's own ward, still open, is half answered: work left for the officer.
    assert DerivedContentAnswer.objects.filter(commune=wards.commune_a, year=year).count() == 2
    assert not DerivedContentAnswer.objects.exclude(commune__local_kind=LocalKind.PHUONG).exists()
    urban = next(r for r in commune_results(commune=wards.ward_2, year=year) if r.indicator.code == "urban_4")
    assert urban.status in ("met", "not_met")
    counts = {c.indicator.code: c for c in derived_counts(area=wards.province_a, year=year)}
    assert counts["urban_4"].eligible == 2 and counts["urban_4"].met + counts["urban_4"].not_met >= 1

    answers, events = DerivedContentAnswer.objects.count(), AuditEvent.objects.filter(action="derived.answer").count()
    run_demo()
    assert (DerivedContentAnswer.objects.count(),
            AuditEvent.objects.filter(action="derived.answer").count()) == (answers, events)
