"""The commendations demo step on conftest's tree (province_a has the code "44")."""

import io

from django.utils import timezone

from antq.commendations.models import Award, AwardStatus
from antq.commendations.report_section import report_section
from antq.commendations.selectors import award_counts
from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.incidents.demo import demo_year
from antq.units.tests.factories import ResidentialAreaFactory

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.commendations.demo"]


def run():
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)


def test_demo_enters_the_seeds_figures_and_is_idempotent(tree, national_admin):
    for n in range(10):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {n}")
    run()
    year = demo_year(timezone.localdate())
    counts = award_counts(actor=national_admin, area=tree.province_a, year_from=year, year_to=year)
    by_key = {i.key: i for i in counts.issuers}
    assert by_key["bo_cong_an"].forms == {"flag": 3, "certificate_of_merit": 7}
    medals = award_counts(actor=national_admin, area=tree.province_a, year_from=year - 1, year_to=year - 1)
    assert medals.form_total("commemorative_medal") == 5
    assert by_key["ubnd_tinh"].forms == {"flag": 2, "certificate_of_merit": 10}
    assert (by_key["giam_doc_cong_an_tinh"].collectives, by_key["giam_doc_cong_an_tinh"].individuals) == (45, 46)
    assert Award.objects.exclude(status=AwardStatus.DECIDED).count() == 6
    assert not Award.objects.filter(unit__path__startswith=tree.province_b.path).exists()
    section = report_section(actor=national_admin, area=tree.province_a, year=year)
    assert section is not None and section.sentences[-1].startswith("From 2008 to date")
    before = (Award.objects.count(), AuditEvent.objects.count())
    assert AuditEvent.objects.filter(action="demo.commendations").count() == 1
    run()
    assert (Award.objects.count(), AuditEvent.objects.count()) == before
