"""The dossier of a case: drafts, filed papers (who, when, what), scoped downloads, the certificate PDF."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from docx import Document

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.dossier import build_templates, rules
from antq.recognition.dossier.certificate import issued_certificate, render_certificate
from antq.recognition.dossier.drafts import PAPERS, render_draft
from antq.recognition.dossier.services import (
    case_certificate_issue,
    case_document_delete,
    case_document_upload,
    dossier_missing_kinds,
)
from antq.recognition.models import CaseDocument, CaseDocumentKind, CaseStatus
from antq.recognition.workflow import (
    case_answer,
    case_decide,
    case_register,
    case_reopen,
    case_set_figures,
    case_transition,
)
from antq.units.tests.factories import ResidentialAreaFactory

YEAR = 2026
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\0" * 64
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def other_commune_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


def _pdf(name="to-trinh.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def _must_haves(kind="residential_area"):
    return [c.id for c in criteria_set_for(kind, YEAR).criteria if c.kind == CriterionKind.MUST_HAVE]


def _self_assessed(unit, reporter, *, failing: str = ""):
    case = case_register(actor=reporter, unit=unit, year=YEAR, note="Có nghị quyết chi bộ")
    for criterion_id in _must_haves():
        met = criterion_id != failing
        case_answer(actor=reporter, case=case, criterion_id=criterion_id, met=met,
                    note="Có biên bản họp chi bộ" if met else "Chưa xây dựng kế hoạch")
    case_set_figures(actor=reporter, case=case, figures={"households_registered_percent": "100"})
    return case_transition(actor=reporter, case=case, to=CaseStatus.SELF_ASSESSED)


def _file_dossier(case, actor):
    for kind in rules.SUBMISSION_KINDS:
        case_document_upload(actor=actor, case=case, kind=kind, file=_pdf(f"{kind}.pdf"))


def _decided(unit, reporter, reviewer, *, result="met", number="15/QĐ-UBND"):
    case = _self_assessed(unit, reporter)
    _file_dossier(case, reporter)
    case_transition(actor=reporter, case=case, to=CaseStatus.SUBMITTED)
    case_transition(actor=reviewer, case=case, to=CaseStatus.APPRAISED)
    return case_decide(actor=reviewer, case=case, result=result, decision_number=number,
                       decision_date=datetime.date(YEAR, 11, 10), signer="Nguyễn Văn Hùng")


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run scripts/install-test-system-deps.sh (as root)", pytrace=False)
    return path


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    return subprocess.run([_tool("pdftotext"), "-layout", str(path), "-"], check=True,  # noqa: S603
                          capture_output=True, text=True).stdout


def _pdf_fonts(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    lines = subprocess.run([_tool("pdffonts"), str(path)], check=True,  # noqa: S603
                           capture_output=True, text=True).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


# --- what the dossier needs ---------------------------------------------------------------------


def test_missing_kinds_lists_the_signed_papers_not_yet_filed():
    assert rules.missing_kinds([]) == ["submission", "results_report", "minutes"]
    assert rules.missing_kinds(["minutes", "evidence", "submission"]) == ["results_report"]
    assert rules.missing_kinds(rules.SUBMISSION_KINDS) == []


def test_dossier_missing_kinds_of_a_case(tree, unit_reporter):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    assert dossier_missing_kinds(case) == ["submission", "results_report", "minutes"]
    case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.RESULTS_REPORT, file=_pdf())
    case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.EVIDENCE, file=_pdf())
    assert dossier_missing_kinds(case) == ["submission", "minutes"]
    _file_dossier(case, unit_reporter)
    assert dossier_missing_kinds(case) == []


@pytest.mark.parametrize(("kind", "status", "enters", "reviews", "allowed"), [
    ("party_resolution", "registered", True, False, True),
    ("registration", "self_assessed", True, False, True),
    ("evidence", "submitted", True, True, False),
    ("submission", "self_assessed", True, False, True),
    ("minutes", "submitted", True, False, False),
    ("minutes", "decided", True, True, False),
    ("decision", "decided", True, False, False),
    ("decision", "decided", False, True, True),
    ("decision", "self_assessed", False, True, False),
    ("plan", "registered", False, True, False),
    ("unknown", "registered", True, True, False),
])
def test_who_files_which_paper_when(kind, status, enters, reviews, allowed):
    assert rules.may_file(kind, status, enters=enters, reviews=reviews) is allowed


# --- drafts -------------------------------------------------------------------------------------


def test_drafts_open_in_word_and_hold_the_unit_and_each_criterion(tree, unit_reporter):
    case = _self_assessed(tree.kdc_a, unit_reporter, failing="KDC-2")
    for paper in PAPERS:
        with translation.override("en"):  # a document is Vietnamese whatever the interface language
            text = _docx_text(render_draft(case, paper))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "Tổ dân phố Trúc Bạch" in text and "TỔ DÂN PHỐ TRÚC BẠCH" in text
        assert "Ba Đình, ngày …… tháng …… năm 2026" in text
        assert "{{" not in text and "{%" not in text
        assert unicodedata.is_normalized("NFC", text)
    report = _docx_text(render_draft(case, CaseDocumentKind.RESULTS_REPORT))
    assert "Thông tư số 124/2021/TT-BCA" in report and "Phường Ba Đình, Tỉnh Quảng Trị" in report
    assert "từ ngày 01/11/2025 đến ngày 31/10/2026" in report
    for result in case.self_evaluation["results"]:
        assert result["criterion"] in report and result["explanation"] in report
    assert "Không đạt" in report and "Chưa xây dựng kế hoạch" in report  # KDC-2, answered not met
    assert "Tỷ lệ hộ gia đình đăng ký: 100 %" in report
    assert "chưa đạt tiêu chuẩn" in report and "KDC-2" in report
    submission = _docx_text(render_draft(case, CaseDocumentKind.SUBMISSION))
    assert "TỜ TRÌNH" in submission and "Kính gửi: Công an phường Ba Đình." in submission
    assert "(Có nghị quyết chi bộ)" in submission and "TỔ TRƯỞNG TỔ DÂN PHỐ" in submission
    minutes = _docx_text(render_draft(case, CaseDocumentKind.MINUTES))
    assert "BIÊN BẢN" in minutes and "THƯ KÝ" in minutes and "CHỦ TRÌ" in minutes


def test_draft_of_a_recognised_case_proposes_recognition_by_the_decider(tree, unit_reporter):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    text = _docx_text(render_draft(case, CaseDocumentKind.SUBMISSION))
    assert "trình Chủ tịch Ủy ban nhân dân phường Ba Đình xem xét, công nhận Tổ dân phố Trúc Bạch" in text


def test_draft_of_a_2020_case_cites_tt_23_2012(tree, unit_reporter):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2020)
    text = _docx_text(render_draft(case, CaseDocumentKind.RESULTS_REPORT))
    assert "Thông tư số 23/2012/TT-BCA" in text and "124/2021" not in text


def test_drafts_use_times_new_roman_13(tree, unit_reporter):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    document = Document(io.BytesIO(render_draft(case, CaseDocumentKind.SUBMISSION)))
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 13)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_committed_templates_are_what_the_build_script_makes():
    for name, content in build_templates.built().items():
        committed = (build_templates.OUTPUT_DIR / name).read_bytes()
        assert build_templates.entries(committed) == build_templates.entries(content), (
            f"{name} is stale: run python -m antq.recognition.dossier.build_templates")


def test_draft_download_in_scope_only(tree, unit_reporter, viewer, other_commune_officer, client_for):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    for kind in PAPERS:
        url = reverse(f"recognition:dossier_draft_{kind}", args=[case.pk])
        response = client_for(viewer).get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert "truc-bach-2026.docx" in response["Content-Disposition"]
        assert client_for(other_commune_officer).get(url).status_code == 404


# --- filing papers ------------------------------------------------------------------------------


def test_upload_stores_the_file_under_a_random_name_with_the_nfc_name_audited(tree, unit_reporter, media_in_tmp):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    decomposed = unicodedata.normalize("NFD", "Nghị quyết chi bộ.pdf")
    document = case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.PARTY_RESOLUTION,
                                    file=_pdf(decomposed))
    assert document.original_name == "Nghị quyết chi bộ.pdf"
    assert unicodedata.is_normalized("NFC", document.original_name)
    assert re.fullmatch(r"recognition/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    event = AuditEvent.objects.get(action="recognition.document_upload")
    assert event.target_id == str(case.pk) and event.actor == unit_reporter
    assert event.detail["kind"] == "party_resolution" and event.detail["file_name"] == "Nghị quyết chi bộ.pdf"


@pytest.mark.parametrize(("name", "content"), [
    ("scan.pdf", PDF_BYTES), ("anh-chup.JPG", JPEG_BYTES), ("anh.jpeg", JPEG_BYTES), ("so-do.png", PNG_BYTES),
])
def test_upload_accepts_pdf_jpeg_png(tree, unit_reporter, name, content):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.EVIDENCE,
                         file=SimpleUploadedFile(name, content), criterion_id="KDC-2")
    assert case.documents.get().criterion_id == "KDC-2"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00" + b"\0" * 32, "PDF, JPEG or PNG"),
    ("ban-nhap.docx", b"PK\x03\x04" + b"\0" * 32, "PDF, JPEG or PNG"),
    ("renamed.pdf", PNG_BYTES, "does not match"),
    ("fake.png", b"<html>not an image</html>", "PDF, JPEG or PNG"),
    ("empty.pdf", b"", "empty"),
])
def test_upload_refuses_other_types_by_content_with_nothing_stored(tree, unit_reporter, media_in_tmp, name,
                                                                   content, message):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.SUBMISSION,
                             file=SimpleUploadedFile(name, content))
    assert message in " ".join(caught.value.messages)
    assert not CaseDocument.objects.exists() and not _stored_files(media_in_tmp)
    assert not AuditEvent.objects.filter(action="recognition.document_upload").exists()


def test_upload_refuses_more_than_20_mb(tree, unit_reporter, media_in_tmp):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    assert rules.max_bytes() == 20 * 1024 * 1024
    too_big = _pdf("to-trinh.pdf", PDF_BYTES + b"\0" * (rules.max_bytes() + 1 - len(PDF_BYTES)))
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.SUBMISSION, file=too_big)
    assert "20.0\xa0MB" in caught.value.messages[0]
    assert not CaseDocument.objects.exists() and not _stored_files(media_in_tmp)


def test_upload_refused_out_of_scope_or_without_data_entry(tree, unit_reporter, viewer, other_commune_officer,
                                                           media_in_tmp):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    for actor in (other_commune_officer, viewer):
        with pytest.raises(ValidationError):
            case_document_upload(actor=actor, case=case, kind=CaseDocumentKind.SUBMISSION, file=_pdf())
    assert not CaseDocument.objects.exists() and not _stored_files(media_in_tmp)


def test_upload_refused_on_a_locked_case_and_after_submission(tree, unit_reporter, commune_officer, media_in_tmp):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    _file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    stored = len(_stored_files(media_in_tmp))
    with pytest.raises(ValidationError, match="cannot be filed"), translation.override("en"):
        case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.MINUTES, file=_pdf())
    case_transition(actor=commune_officer, case=case, to=CaseStatus.APPRAISED)
    case_decide(actor=commune_officer, case=case, result="met", decision_number="15/QĐ-UBND",
                decision_date=datetime.date(YEAR, 11, 10), signer="Nguyễn Văn Hùng")
    for kind in (CaseDocumentKind.EVIDENCE, CaseDocumentKind.DECISION):
        with pytest.raises(ValidationError):
            case_document_upload(actor=unit_reporter, case=case, kind=kind, file=_pdf())
    assert case.documents.count() == 3 and len(_stored_files(media_in_tmp)) == stored


def test_decision_is_filed_by_the_competent_level(tree, unit_reporter, commune_officer):
    case = _decided(tree.kdc_a, unit_reporter, commune_officer)
    document = case_document_upload(actor=commune_officer, case=case, kind=CaseDocumentKind.DECISION,
                                    file=_pdf("quyet-dinh.pdf"))
    assert document.kind == "decision"
    with pytest.raises(ValidationError, match="locked"), translation.override("en"):
        case_document_upload(actor=commune_officer, case=case, kind=CaseDocumentKind.MINUTES, file=_pdf())
    assert case.documents.filter(kind=CaseDocumentKind.DECISION).count() == 1


def test_evidence_criterion_must_belong_to_the_case(tree, unit_reporter):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError):
        case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.EVIDENCE, file=_pdf(),
                             criterion_id="XA-9")
    with pytest.raises(ValidationError):
        case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.MINUTES, file=_pdf(),
                             criterion_id="KDC-2")
    assert not CaseDocument.objects.exists()


def test_delete_while_preparing_removes_the_file_after_commit(tree, unit_reporter, commune_officer, media_in_tmp,
                                                              django_capture_on_commit_callbacks):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    document = case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.PLAN, file=_pdf())
    with django_capture_on_commit_callbacks(execute=True):
        case_document_delete(actor=commune_officer, document=document)
    assert not CaseDocument.objects.exists() and not _stored_files(media_in_tmp)
    event = AuditEvent.objects.get(action="recognition.document_delete")
    assert event.actor == commune_officer and event.before["kind"] == "plan"


def test_delete_refused_after_submission(tree, unit_reporter):
    case = _self_assessed(tree.kdc_a, unit_reporter)
    _file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        case_document_delete(actor=unit_reporter, document=case.documents.first())
    assert case.documents.count() == 3


# --- pages --------------------------------------------------------------------------------------


def test_upload_and_remove_through_the_pages(tree, unit_reporter, client_for, media_in_tmp):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    client = client_for(unit_reporter)
    page = client.get(reverse("recognition:case", args=[case.pk])).content.decode()
    assert 'id="case-dossier"' in page and 'id="form-dossier-upload"' in page and 'id="dossier-missing"' in page
    url = reverse("recognition:dossier_upload", args=[case.pk])
    response = client.post(url, {"kind": "submission", "file": _pdf("Tờ trình.pdf")})
    assert response.status_code == 302 and response.url.endswith("#case-dossier")
    document = case.documents.get()
    page = client.get(reverse("recognition:case", args=[case.pk])).content.decode()
    assert "Tờ trình.pdf" in page and f'data-delete-document="{document.pk}"' in page

    response = client.post(url, {"kind": "minutes", "file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True)
    assert "alert-danger" in response.content.decode() and case.documents.count() == 1
    response = client.post(url, {"kind": "minutes"}, follow=True)
    assert "alert-danger" in response.content.decode() and case.documents.count() == 1

    response = client.post(reverse("recognition:dossier_document_delete", args=[document.pk]))
    assert response.status_code == 302 and not case.documents.exists()


def test_viewer_sees_the_papers_but_no_upload_form(tree, unit_reporter, viewer, client_for):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.PLAN, file=_pdf("ke-hoach.pdf"))
    page = client_for(viewer).get(reverse("recognition:case", args=[case.pk])).content.decode()
    assert "ke-hoach.pdf" in page and 'data-draft="submission"' in page
    assert 'id="form-dossier-upload"' not in page and "data-delete-document" not in page
    response = client_for(viewer).post(reverse("recognition:dossier_upload", args=[case.pk]),
                                       {"kind": "minutes", "file": _pdf()})
    assert response.status_code == 302 and case.documents.count() == 1


def test_document_download_only_for_those_who_see_the_case(tree, unit_reporter, province_officer,
                                                          other_commune_officer, client, client_for):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    document = case_document_upload(actor=unit_reporter, case=case, kind=CaseDocumentKind.PLAN,
                                    file=_pdf("Kế hoạch.pdf"))
    url = reverse("recognition:dossier_document", args=[document.pk])
    assert client.get(url).status_code == 302  # to the login page
    response = client_for(province_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(other_commune_officer).get(url).status_code == 404
    delete = reverse("recognition:dossier_document_delete", args=[document.pk])
    assert client_for(other_commune_officer).post(delete).status_code == 404
    assert case.documents.count() == 1


# --- the certificate ----------------------------------------------------------------------------


def test_certificate_only_for_a_decided_recognised_case_once_issued(tree, unit_reporter, commune_officer,
                                                                   client_for):
    client = client_for(commune_officer)
    case = _self_assessed(tree.kdc_a, unit_reporter)
    url = reverse("recognition:certificate", args=[case.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        case_certificate_issue(actor=commune_officer, case=case)
    not_met = _decided(ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Hạ"), _colleague(tree),
                       commune_officer, result="not_met")
    with pytest.raises(ValidationError):
        case_certificate_issue(actor=commune_officer, case=not_met)
    assert client.get(reverse("recognition:certificate", args=[not_met.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="recognition.certificate_issue").exists()


def _colleague(tree):
    """Another commune officer of commune A, entering data for its other KDC."""
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_a)
    return user


def test_certificate_numbers_run_per_issuer_and_are_given_once(tree, unit_reporter, commune_officer):
    first = _decided(tree.kdc_a, unit_reporter, commune_officer)
    with pytest.raises(ValidationError):
        case_certificate_issue(actor=unit_reporter, case=first)  # the unit does not certify itself
    case_certificate_issue(actor=commune_officer, case=first)
    first.refresh_from_db()
    assert first.certificate_number == "1/GCN-ANTT"
    case_certificate_issue(actor=commune_officer, case=first)  # again: nothing changes
    assert AuditEvent.objects.filter(action="recognition.certificate_issue").count() == 1
    second = _decided(ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Thượng"), _colleague(tree),
                      commune_officer, number="16/QĐ-UBND")
    case_certificate_issue(actor=commune_officer, case=second)
    second.refresh_from_db()
    assert second.certificate_number == "2/GCN-ANTT"
    content = issued_certificate(first)
    assert content["heading"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"
    assert content["date_line"] == "Ba Đình, ngày 10 tháng 11 năm 2026"
    assert content["unit_name"] == "Tổ dân phố Trúc Bạch" and content["signer"] == "Nguyễn Văn Hùng"


def test_certificate_pdf_reads_vietnamese_in_liberation_serif(tree, unit_reporter, commune_officer, viewer,
                                                             other_commune_officer, client_for, tmp_path):
    case = _decided(tree.kdc_a, unit_reporter, commune_officer)
    case_certificate_issue(actor=commune_officer, case=case)
    url = reverse("recognition:certificate", args=[case.pk])
    assert client_for(other_commune_officer).get(url).status_code == 404
    response = client_for(viewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="giay-cong-nhan-to-dan-pho-truc-bach-2026.pdf"' in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CÔNG NHẬN",
                     "Tổ dân phố Trúc Bạch", "AN TOÀN VỀ AN NINH, TRẬT TỰ", "NĂM 2026",
                     "Quyết định số 15/QĐ-UBND ngày 10/11/2026", "Ba Đình, ngày 10 tháng 11 năm 2026",
                     "Nguyễn Văn Hùng", "Số: 1/GCN-ANTT"):
        assert expected in text, expected
    fonts = _pdf_fonts(response.content, tmp_path)
    assert fonts and all("Liberation-Serif" in f or "LiberationSerif" in f for f in fonts), fonts


def test_certificate_renders_the_same_after_a_rename_and_goes_with_a_reopening(
        tree, unit_reporter, commune_officer, province_officer, client_for):
    case = _decided(tree.kdc_a, unit_reporter, commune_officer)
    case_certificate_issue(actor=commune_officer, case=case)
    case.refresh_from_db()
    before = render_certificate(issued_certificate(case))
    tree.kdc_a.name = "Tổ dân phố Trúc Bạch Mới"
    tree.kdc_a.save(update_fields=["name"])
    case.refresh_from_db()
    assert render_certificate(issued_certificate(case)) == before

    case_reopen(actor=province_officer, case=case, reason="Xem xét lại vụ việc")
    case.refresh_from_db()
    assert issued_certificate(case) is None
    assert client_for(province_officer).get(reverse("recognition:certificate", args=[case.pk])).status_code == 404
    case_decide(actor=commune_officer, case=case, result="met", decision_number="20/QĐ-UBND",
                decision_date=datetime.date(YEAR, 11, 12), signer="Nguyễn Văn Hùng")
    case.refresh_from_db()
    assert issued_certificate(case) is None  # the old wording belongs to the old decision
    case_certificate_issue(actor=commune_officer, case=case)
    case.refresh_from_db()
    content = issued_certificate(case)
    assert case.certificate_number == "1/GCN-ANTT" and content["decision_number"] == "20/QĐ-UBND"
    assert content["unit_name"] == "Tổ dân phố Trúc Bạch Mới"


def test_panel_offers_the_certificate_to_the_decider_then_links_it(tree, unit_reporter, commune_officer,
                                                                   client_for):
    case = _decided(tree.kdc_a, unit_reporter, commune_officer)
    case_url = reverse("recognition:case", args=[case.pk])
    assert 'id="form-certificate-issue"' not in client_for(unit_reporter).get(case_url).content.decode()
    client = client_for(commune_officer)
    assert 'id="form-certificate-issue"' in client.get(case_url).content.decode()
    response = client.post(reverse("recognition:certificate_issue", args=[case.pk]))
    assert response.status_code == 302
    page = client.get(case_url).content.decode()
    assert 'id="certificate-download"' in page and 'id="form-certificate-issue"' not in page


def test_papers_of_an_agency_and_of_a_commune_name_their_own_bodies(tree, commune_officer, province_officer):
    agency = case_register(actor=commune_officer, unit=tree.agency_a, year=YEAR)
    text = _docx_text(render_draft(agency, CaseDocumentKind.SUBMISSION))
    assert "TRUNG TÂM Y TẾ BA ĐÌNH" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text and "(Ký tên, đóng dấu)" in text
    commune = case_register(actor=province_officer, unit=tree.commune_a2, year=YEAR)
    text = _docx_text(render_draft(commune, CaseDocumentKind.SUBMISSION))
    assert "ỦY BAN NHÂN DÂN" in text and "XÃ ĐÔNG HÀ" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "Đông Hà, ngày …… tháng …… năm 2026" in text
    assert "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị" in text
    minutes = _docx_text(render_draft(commune, CaseDocumentKind.MINUTES))
    assert "Thường trực Ban Chỉ đạo" in minutes and "xã Đông Hà" in minutes


def test_certificate_of_an_agency_is_signed_for_the_peoples_committee(tree, commune_officer, tmp_path):
    case = case_register(actor=commune_officer, unit=tree.agency_a, year=YEAR)
    case_transition(actor=commune_officer, case=case, to=CaseStatus.SELF_ASSESSED)
    _file_dossier(case, commune_officer)
    case_transition(actor=commune_officer, case=case, to=CaseStatus.SUBMITTED)
    case_transition(actor=commune_officer, case=case, to=CaseStatus.APPRAISED)
    case_decide(actor=commune_officer, case=case, result="met", decision_number="3/QĐ-UBND",
                decision_date=datetime.date(YEAR, 2, 5), signer="Trần Thị Lan")
    case_certificate_issue(actor=commune_officer, case=case)
    case.refresh_from_db()
    content = issued_certificate(case)
    assert content["heading"] == "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"
    assert (content["sign_top"], content["sign_title"]) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert content["date_line"] == "Ba Đình, ngày 05 tháng 02 năm 2026"  # NĐ 30/2020: leading zeros
    text = " ".join(_pdf_text(render_certificate(content), tmp_path).split())
    assert "Trung tâm Y tế Ba Đình" in text and "TM. ỦY BAN NHÂN DÂN" in text
