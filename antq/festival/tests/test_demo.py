"""The festival and outreach demo steps on conftest's tree (province_a has the code "44")."""

import io

from django.utils import timezone

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.festival.models import FestivalEvent
from antq.festival.selectors import coverage
from antq.incidents.demo import demo_year
from antq.outreach.models import OutreachActivity
from antq.outreach.selectors import outreach_totals
from antq.units.tests.factories import ResidentialAreaFactory

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.festival.demo", "antq.outreach.demo"]


def run():
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)


def test_demo_fills_the_window_and_the_totals_and_is_idempotent(tree, national_admin):
    for n in range(5):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {n}")
    run()
    year = demo_year(timezone.localdate())
    events = FestivalEvent.objects.filter(year=year)
    assert events.exists() and not events.filter(unit__path__startswith=tree.province_b.path).exists()
    assert all(e.held_on.year == year and e.is_held for e in events)
    first = coverage(actor=national_admin, area=tree.commune_a, year=year)
    assert first.of("residential_area").share == 100
    totals = outreach_totals(actor=national_admin, area=tree.province_a)
    assert 4000 < totals.pages <= 4150 and totals.clips == 12
    counts = (FestivalEvent.objects.count(), OutreachActivity.objects.count(), AuditEvent.objects.count())
    assert AuditEvent.objects.filter(action="demo.festival").count() == 1
    assert AuditEvent.objects.filter(action="demo.outreach").count() == 1
    run()
    assert (FestivalEvent.objects.count(), OutreachActivity.objects.count(), AuditEvent.objects.count()) == counts
