import io

from django.utils import timezone

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.exemplars.models import Exemplar, ExemplarCategory
from antq.exemplars.report_section import report_section
from antq.exemplars.selectors import exemplar_public_list
from antq.exemplars.services import exemplar_problems
from antq.exemplars.tests.factories import ExemplarFactory
from antq.incidents.demo import demo_year
from antq.units.tests.factories import ResidentialAreaFactory

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.exemplars.demo"]


def test_report_section_counts_and_handovers(national_admin, tree):
    assert report_section(actor=national_admin, area=tree.province_a, year=2025) is None
    ExemplarFactory(unit=tree.kdc_a)
    ExemplarFactory(unit=tree.kdc_a, category=ExemplarCategory.HANDED_OVER_WEAPONS, guns=3)
    section = report_section(actor=national_admin, area=tree.province_a, year=2025)
    text = " ".join(section.sentences)
    assert "1 individuals" in text and "3 guns" in text
    assert section.tables[0].total[-1] == "2"


def test_demo_is_valid_and_idempotent(tree, national_admin):
    for n in range(4):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {n}")
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)
    year = demo_year(timezone.localdate())
    made = list(Exemplar.objects.filter(year=year))
    assert made and all(not exemplar_problems(e) for e in made)
    assert exemplar_public_list(province=tree.province_a)
    count = (Exemplar.objects.count(), AuditEvent.objects.count())
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)
    assert (Exemplar.objects.count(), AuditEvent.objects.count()) == count
    assert AuditEvent.objects.filter(action="demo.exemplars").count() == 1
