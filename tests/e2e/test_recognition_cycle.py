"""One full ANTT-safe cycle for a KDC in Chromium, each step by the role the workflow gives it.

The unit's reporter registers the KDC, answers its criteria, enters its figure, finishes the
self-assessment, downloads a draft, files the three signed scans and submits the dossier. The commune
officer (the commune is the competent level for a KDC) changes one criterion's result with a reason,
appraises, records the decision and issues the certificate, whose PDF is downloaded, read as text
and rendered to an image. Screenshots of every step go to test-artifacts/recognition-cycle-*.png.
"""

import io
import re
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image
from playwright.sync_api import expect

from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.dossier.services import case_document_upload
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.recognition.selectors import current_year
from antq.recognition.workflow import case_register
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OVERRIDDEN = "KDC-2"


def _log_in_as(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("#login-submit").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _success(page):
    return expect(page.locator("main [role=alert].alert-success"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run scripts/install-test-system-deps.sh (as root)", pytrace=False)
    return path


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_kdc_cycle_from_registration_to_certificate(page, live_server, tree, unit_reporter, commune_officer,
                                                    media_in_tmp, artifacts_dir):
    year = current_year()
    shot = 0

    def screenshot(name: str) -> None:
        nonlocal shot
        shot += 1
        page.screenshot(path=artifacts_dir / f"recognition-cycle-{shot}-{name}.png", full_page=True)

    # 1. The KDC's reporter registers it from the unit page.
    _log_in_as(page, unit_reporter.username)
    page.goto(f"/units/{tree.kdc_a.pk}/")
    page.locator("#unit-register").click()
    page.locator("#id_note").fill("Chi bộ đã ra nghị quyết ngày 15/01")
    page.locator("#register-submit").click()
    expect(page.locator("#case-header")).to_be_visible()
    case = RecognitionCase.objects.get(unit=tree.kdc_a, year=year)
    expect(page).to_have_url(f"{live_server.url}/recognition/cases/{case.pk}/")
    expect(page.locator('[data-case-status="registered"]')).to_be_visible()
    screenshot("registered")

    # 2. It answers every criterion the unit answers, enters its figure, and finishes the self-assessment.
    must_haves = [c.id for c in criteria_set_for(tree.kdc_a.kind, year).criteria if c.kind == CriterionKind.MUST_HAVE]
    for criterion_id in must_haves:
        item = page.locator(f"#criterion-{criterion_id}")
        item.locator("details:has(form[data-form=answer]) > summary").click()
        item.locator(f"#id_answer_{criterion_id}_met_0").check()
        item.locator(f"#id_answer_{criterion_id}_note").fill("Có biên bản, nghị quyết lưu tại khu dân cư")
        item.locator("form[data-form=answer] button[type=submit]").click()
        _success(page).to_be_visible()
    page.locator("#details-self_figures > summary").click()
    page.locator("#id_self_figures_households_registered_percent").fill("100")
    page.locator("#form-self_figures button[type=submit]").click()
    _success(page).to_be_visible()
    page.locator("#form-self-assess button[type=submit]").click()
    _success(page).to_be_visible()
    expect(page.locator('[data-case-status="self_assessed"]')).to_be_visible()
    expect(page.locator("#outcome-self")).to_have_attribute("data-outcome", "recognised")
    screenshot("self-assessed")

    # 3. It downloads the drafted results report, files the three signed scans and submits.
    dossier = page.locator("#case-dossier")
    expect(dossier.locator("#dossier-missing")).to_be_visible()
    with page.expect_download() as download:
        dossier.locator('[data-draft="results_report"]').click()
    draft = Document(io.BytesIO(download.value.path().read_bytes()))
    draft_text = "\n".join(p.text for p in draft.paragraphs)
    assert "BÁO CÁO" in draft_text and f"năm {year} của Tổ dân phố Trúc Bạch" in draft_text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in draft.tables[0].cell(0, 1).text
    for kind, name in (("submission", "Tờ trình đã ký.pdf"), ("results_report", "Báo cáo kết quả.pdf"),
                       ("minutes", "Biên bản họp.pdf")):
        page.locator("#id_dossier_kind").select_option(kind)
        page.locator("#id_dossier_file").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES})
        page.locator("#dossier-upload-submit").click()
        _success(page).to_be_visible()
        expect(page.locator(f'#case-dossier [data-document-kind="{kind}"]')).to_contain_text(name)
    expect(page.locator("#dossier-missing")).to_have_count(0)
    page.locator("#form-submit button[type=submit]").click()
    _success(page).to_be_visible()
    expect(page.locator('[data-case-status="submitted"]')).to_be_visible()
    expect(page.locator("#form-dossier-upload")).to_have_count(0)  # the dossier is fixed now
    screenshot("submitted")

    # 4. The commune officer appraises: one criterion's result changed, with the reason.
    _log_in_as(page, commune_officer.username)
    page.goto(f"/recognition/cases/{case.pk}/")
    item = page.locator(f"#criterion-{OVERRIDDEN}")
    item.locator("details:has(form[data-form=override]) > summary").click()
    item.locator(f"#id_override_{OVERRIDDEN}_met_0").check()
    item.locator(f"#id_override_{OVERRIDDEN}_note").fill("Đã kiểm tra nghị quyết chi bộ tại chỗ")
    item.locator("form[data-form=override] button[type=submit]").click()
    _success(page).to_be_visible()
    page.locator("#form-appraise button[type=submit]").click()
    _success(page).to_be_visible()
    expect(page.locator('[data-case-status="appraised"]')).to_be_visible()
    expect(page.locator("#outcome-appraised")).to_have_attribute("data-outcome", "recognised")
    expect(page.locator("#case-timeline")).to_contain_text("Đã kiểm tra nghị quyết chi bộ tại chỗ")
    screenshot("appraised")

    # 5. It records the decision of the commune chairman.
    page.locator("#id_decide_result_0").check()
    page.locator("#id_decide_decision_number").fill("15/QĐ-UBND")
    page.locator("#id_decide_decision_date").fill(f"10/11/{year}")
    page.locator("#id_decide_signer").fill("Nguyễn Văn Hùng")
    page.locator("#form-decide button[type=submit]").click()
    _success(page).to_be_visible()
    expect(page.locator('[data-case-status="decided"]')).to_be_visible()
    expect(page.locator("#case-decision")).to_contain_text(f"15/QĐ-UBND · 10/11/{year} · Nguyễn Văn Hùng")
    screenshot("decided")

    # 6. It issues the certificate and downloads the PDF.
    page.locator("#form-certificate-issue button[type=submit]").click()
    _success(page).to_be_visible()
    expect(page.locator("#certificate-download")).to_have_attribute("data-certificate-number", "1/GCN-ANTT")
    screenshot("certificate-issued")
    with page.expect_download() as download:
        page.locator("#certificate-download").click()
    assert download.value.suggested_filename == f"giay-cong-nhan-to-dan-pho-truc-bach-{year}.pdf"
    pdf_path = artifacts_dir / "recognition-certificate.pdf"
    download.value.save_as(pdf_path)

    case.refresh_from_db()
    assert (case.status, case.result, case.certificate_number) == (CaseStatus.DECIDED, "met", "1/GCN-ANTT")
    assert set(case.documents.values_list("kind", flat=True)) == {"submission", "results_report", "minutes"}

    # The PDF reads as Vietnamese text, in Liberation Serif …
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf_path), "-"],  # noqa: S603
                          check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", "CÔNG NHẬN",
                     "Tổ dân phố Trúc Bạch", f"ĐẠT TIÊU CHUẨN “AN TOÀN VỀ AN NINH, TRẬT TỰ” NĂM {year}",
                     f"Quyết định số 15/QĐ-UBND ngày 10/11/{year}", "Nguyễn Văn Hùng", "Số: 1/GCN-ANTT"):
        assert expected in flat, expected
    fonts = subprocess.run([_tool("pdffonts"), str(pdf_path)],  # noqa: S603
                           check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all("Liberation-Serif" in line for line in fonts), fonts

    # … and as an image: one landscape page that is not blank (the border and the text are drawn).
    prefix = artifacts_dir / "recognition-certificate"
    subprocess.run([_tool("pdftoppm"), "-r", "60", "-png", "-singlefile", str(pdf_path), str(prefix)],  # noqa: S603
                   check=True)
    with Image.open(f"{prefix}.png") as image:
        grey = image.convert("L")
        width, height = grey.size
        assert width > height
        centre = grey.crop((width // 5, height // 5, 4 * width // 5, 4 * height // 5))
        dark = sum(centre.histogram()[:128])
        assert dark > 0.01 * centre.width * centre.height, "the certificate's text area is blank"
        edge = grey.crop((0, 0, width, height // 40))
        assert edge.getextrema()[0] < 200, "the decorative border is missing"


PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.mark.browser_context_args(**PHONE)
def test_dossier_panel_fits_a_phone(page, live_server, tree, unit_reporter, media_in_tmp, artifacts_dir):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=current_year())
    case_document_upload(actor=unit_reporter, case=case, kind="submission",
                         file=SimpleUploadedFile("Tờ trình đề nghị công nhận năm nay đã ký và đóng dấu.pdf", PDF_BYTES))
    _log_in_as(page, unit_reporter.username)
    page.goto(f"/recognition/cases/{case.pk}/#case-dossier")
    expect(page.locator("#form-dossier-upload")).to_be_visible()
    page.locator("#case-dossier").screenshot(path=artifacts_dir / "recognition-dossier-mobile.png")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the page is {scroll_width}px wide on a 375px screen"
