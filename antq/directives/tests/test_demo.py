import io

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.directives.models import Document, ReportSubmission
from antq.units.tests.factories import CommuneFactory

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.directives.demo"]


def test_demo_is_realistic_and_idempotent(tree, national_admin):
    for n in range(6):
        CommuneFactory(parent=tree.province_a, name=f"Xã {n}", code=f"9{n}")
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)
    assert Document.objects.get(number="09-CT/TW").issued_on.isoformat() == "2011-12-01"
    assert Document.objects.get(number="44-KL/TW").parent.number == "09-CT/TW"
    assert Document.objects.filter(unit=tree.province_a, kind="plan").exists()
    assert ReportSubmission.objects.exists()
    counts = (Document.objects.count(), ReportSubmission.objects.count(), AuditEvent.objects.count())
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)
    assert (Document.objects.count(), ReportSubmission.objects.count(), AuditEvent.objects.count()) == counts
