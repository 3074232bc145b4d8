from antq.accounts.models import User
from antq.core.models import AuditEvent
from antq.core.tests.test_demo import demo_tree, run_demo  # noqa: F401 — the demo's fixture tree
from antq.recognition.models import CaseStatus, RecognitionCase


def test_demo_year_of_recognition_is_judged_by_the_engine_and_idempotent(demo_tree):  # noqa: F811
    run_demo()
    cases = RecognitionCase.objects.filter(unit__path__startswith=demo_tree.province_a.path)
    assert cases.filter(unit__kind="commune").exists()
    assert cases.filter(unit__kind="residential_area").count() > 20
    for case in cases.filter(status=CaseStatus.DECIDED):
        expected = "met" if case.appraised_evaluation["outcome"] == "recognised" else "not_met"
        assert case.result == expected and case.decision_number
    reporter_kdc = User.objects.get(username="kdc").roles.get().unit
    assert cases.get(unit=reporter_kdc).status == CaseStatus.DECIDED
    officer_commune = User.objects.get(username="xa").roles.get().unit
    assert cases.filter(unit__parent=officer_commune).exclude(status=CaseStatus.DECIDED).exists()
    count, events = cases.count(), AuditEvent.objects.filter(action="demo.recognition").count()
    run_demo()
    assert (cases.count(), AuditEvent.objects.filter(action="demo.recognition").count()) == (count, events)


def test_demo_submitted_cases_carry_their_signed_dossier(demo_tree, settings, tmp_path):  # noqa: F811
    from antq.recognition.dossier.rules import dossier_missing_kinds

    settings.MEDIA_ROOT = tmp_path
    run_demo()
    officer_commune = User.objects.get(username="xa").roles.get().unit
    submitted = RecognitionCase.objects.filter(unit__parent=officer_commune, status=CaseStatus.SUBMITTED)
    assert submitted.exists()
    for case in submitted:
        assert dossier_missing_kinds(case) == []
        with case.documents.first().file.open("rb") as scan:
            assert scan.read(5) == b"%PDF-"
