"""The tips demo step on conftest's tree (province_a has the code "44")."""

import io

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.tips.models import Tip, TipState

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.tips.demo"]


def run():
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)


def test_demo_makes_tips_in_several_states_and_is_idempotent(tree):
    run()
    tips = Tip.objects.all()
    assert tips.count() == 5
    assert not tips.filter(commune__path__startswith=tree.province_b.path).exists()
    assert {t.state for t in tips} == set(TipState.values)
    counts = (Tip.objects.count(), AuditEvent.objects.count())
    run()
    assert (Tip.objects.count(), AuditEvent.objects.count()) == counts
