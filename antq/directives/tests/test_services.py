import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.core.models import AuditEvent
from antq.directives.models import Document, ReportSubmission
from antq.directives.schedule import add_months, due_dates
from antq.directives.services import (
    document_create,
    document_delete,
    document_update,
    obligation_create,
    report_submission_create,
)
from antq.directives.tests.factories import DocumentFactory, ObligationFactory

PDF = b"%PDF-1.4\n" + b"0" * 100


def pdf(name="bao-cao.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def national(tree, **kwargs):
    return DocumentFactory(unit=tree.country, **kwargs)


def test_national_documents_only_by_the_national_administrator(tree, national_admin, province_officer):
    values = {"kind": "conclusion", "number": "44-KL/TW", "issued_on": datetime.date(2019, 1, 22),
              "issuer": "Ban Bí thư", "title": "Về tiếp tục thực hiện Chỉ thị 09"}
    with pytest.raises(ValidationError, match="Only the national administrator"):
        document_create(actor=province_officer, unit=tree.country, **values)
    assert not Document.objects.exists()
    document = document_create(actor=national_admin, unit=tree.country, **values)
    assert document.year == 2019 and document.search_folded.startswith("ket luan 44-kl/tw ve tiep tuc")
    assert AuditEvent.objects.filter(action="directives.document_create").count() == 1
    with pytest.raises(ValidationError, match="already has a document numbered"):
        document_create(actor=national_admin, unit=tree.country, **values)


def test_a_plan_implements_a_document_of_its_unit_or_above(tree, province_officer, commune_officer):
    directive = national(tree)
    plan = document_create(actor=province_officer, unit=tree.province_a, kind="plan", number="35/KH-UBND",
                           issued_on=datetime.date(2025, 2, 10), issuer="UBND tỉnh", title="Thực hiện",
                           parent=directive)
    with pytest.raises(ValidationError, match="Name the document"):
        document_create(actor=commune_officer, unit=tree.commune_a, kind="plan", number="1/KH-UBND",
                        issued_on=datetime.date(2025, 3, 1), issuer="UBND xã", title="Triển khai")
    commune_plan = document_create(actor=commune_officer, unit=tree.commune_a, kind="plan", number="1/KH-UBND",
                                   issued_on=datetime.date(2025, 3, 1), issuer="UBND xã", title="Triển khai",
                                   parent=plan)
    # A province's plan cannot implement a commune's plan, and nothing implements itself.
    with pytest.raises(ValidationError, match="cannot implement itself or one of its own plans"):
        document_update(actor=province_officer, document=plan, parent=commune_plan)
    commune_directive = DocumentFactory(unit=tree.commune_a, number="5/CT-UBND", issued_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="own unit or of a unit above"):
        document_update(actor=province_officer, document=plan, parent=commune_directive)
    with pytest.raises(ValidationError, match="before the document it implements"):
        document_update(actor=commune_officer, document=commune_plan, issued_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="may not enter documents"):
        document_create(actor=commune_officer, unit=tree.commune_a2, kind="plan", number="2/KH-UBND",
                        issued_on=datetime.date(2025, 3, 1), issuer="UBND xã", title="Triển khai", parent=plan)
    with pytest.raises(ValidationError, match="Plans implement this document"):
        document_delete(actor=province_officer, document=plan)


def test_schedule_of_recurring_reports():
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert due_dates(first=datetime.date(2025, 6, 15), recurrence="half_yearly", ends_on=None,
                     until=datetime.date(2026, 12, 31)) == [datetime.date(2025, 6, 15), datetime.date(2025, 12, 15),
                                                            datetime.date(2026, 6, 15), datetime.date(2026, 12, 15)]
    assert due_dates(first=datetime.date(2025, 6, 15), recurrence="yearly", ends_on=datetime.date(2026, 1, 1),
                     until=datetime.date(2030, 1, 1)) == [datetime.date(2025, 6, 15)]


def test_obligations_go_to_units_below_the_issuer(tree, national_admin, province_officer):
    plan = DocumentFactory(unit=tree.province_a, kind="plan", number="35/KH-UBND", parent=national(tree))
    with pytest.raises(ValidationError, match="Only units below"):
        obligation_create(actor=province_officer, document=plan, subject="Báo cáo", reporter_kind="province",
                          first_due_on=datetime.date(2025, 11, 15))
    obligation = obligation_create(actor=province_officer, document=plan, subject="Báo cáo",
                                   reporter_kind="commune", first_due_on=datetime.date(2025, 11, 15),
                                   recurrence="yearly")
    assert obligation.document == plan


def test_a_submission_is_checked_and_locked_once_recorded(tree, commune_officer, settings):
    obligation = ObligationFactory(document=national(tree))
    values = {"obligation": obligation, "unit": tree.commune_a, "due_on": datetime.date(2025, 11, 15),
              "submitted_on": datetime.date(2025, 11, 20), "number": "15/BC-UBND"}
    with pytest.raises(ValidationError) as caught:
        report_submission_create(actor=commune_officer, upload=pdf("bao-cao.exe"), **values)
    assert "file" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        report_submission_create(actor=commune_officer, upload=pdf("bao-cao.docx", PDF), **values)
    assert "does not match" in caught.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as caught:
        report_submission_create(actor=commune_officer, upload=pdf(),
                                 **{**values, "due_on": datetime.date(2025, 11, 16)})
    assert "due_on" in caught.value.message_dict
    with pytest.raises(ValidationError, match="may not enter data"):
        report_submission_create(actor=commune_officer, upload=pdf(), **{**values, "unit": tree.commune_b})
    submission = report_submission_create(actor=commune_officer, upload=pdf(), **values)
    assert submission.is_late and submission.original_name == "bao-cao.pdf"
    with pytest.raises(ValidationError, match="a submitted report is locked"):
        report_submission_create(actor=commune_officer, upload=pdf(), **values)
    assert ReportSubmission.objects.count() == 1
    assert AuditEvent.objects.filter(action="directives.report_submit").count() == 1


def test_an_obligation_keeps_the_due_dates_already_reported(tree, commune_officer, province_officer):
    from antq.directives.services import obligation_update

    plan = DocumentFactory(unit=tree.province_a, kind="plan", number="35/KH-UBND", parent=national(tree))
    obligation = ObligationFactory(document=plan, first_due_on=datetime.date(2025, 6, 15), recurrence="yearly")
    report_submission_create(actor=commune_officer, obligation=obligation, unit=tree.commune_a,
                             due_on=datetime.date(2025, 6, 15), submitted_on=datetime.date(2025, 6, 1),
                             number="1/BC", upload=pdf())
    with pytest.raises(ValidationError, match="due dates this change would remove"):
        obligation_update(actor=province_officer, obligation=obligation, first_due_on=datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError, match="may not enter documents"):
        obligation_update(actor=commune_officer, obligation=obligation, subject="Khác")
    obligation_update(actor=province_officer, obligation=obligation, subject="Báo cáo sơ kết", ends_on=None)
    obligation.refresh_from_db()
    assert obligation.subject == "Báo cáo sơ kết"
    assert AuditEvent.objects.filter(action="directives.obligation_update").count() == 1
