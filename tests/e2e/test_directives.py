"""The directives register in Chromium: a province officer enters the plan implementing a national directive
and the yearly report its communes owe; a commune officer, on a phone, finds the directive by an accent-free
search, records the commune's report with its signed PDF, and the deadline board shows what is left.

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import datetime

import pytest
from playwright.sync_api import expect

from antq.directives.models import Document, ReportObligation, ReportSubmission
from antq.directives.tests.factories import DocumentFactory
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def test_plan_obligation_submission_and_board(page, live_server, tree, province_officer, commune_officer,
                                              artifacts_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    directive = DocumentFactory(unit=tree.country, number="09-CT/TW", issued_on=datetime.date(2011, 12, 1),
                                title="Về tăng cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ "
                                      "an ninh Tổ quốc trong tình hình mới")
    log_in(page, province_officer.username)
    page.goto(f"/directives/{directive.pk}/")
    page.locator("#directives-plan-new").click()
    page.locator("#id_unit").select_option(str(tree.province_a.pk))
    page.locator("#id_number").fill("35/KH-UBND")
    page.locator("#id_issued_on").fill("10/02/2025")
    page.locator("#id_title").fill("Thực hiện Chỉ thị 09-CT/TW năm 2025")
    page.locator("#directives-save").click()
    plan = Document.objects.get(number="35/KH-UBND")
    expect(page).to_have_url(f"{live_server.url}/directives/{plan.pk}/")
    assert plan.parent == directive and plan.kind == "plan"

    page.locator("#directives-obligation-new").click()
    page.locator("#id_subject").fill("Báo cáo tổng kết năm")
    page.locator("#id_first_due_on").fill("15/11/2025")
    page.locator("#directives-obligation-save").click()
    obligation = ReportObligation.objects.get()
    expect(page.locator(f'[data-obligation-id="{obligation.pk}"]')).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size(PHONE["viewport"])
    log_in(page, commune_officer.username)
    page.goto("/directives/?q=chi+thi+09")
    expect(page.locator(f'[data-document-id="{directive.pk}"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.goto(f"/directives/{plan.pk}/?year=2025")
    row = page.locator(f'tr[data-unit-id="{tree.commune_a.pk}"]')
    row.get_by_role("link").click()
    page.locator("#id_submitted_on").fill("14/11/2025")
    page.locator("#id_number").fill("15/BC-UBND")
    page.locator("#id_file").set_input_files(files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf",
                                                     "buffer": b"%PDF-1.4\n% bao cao\n"}])
    page.locator("#directives-submission-save").click()
    expect(page.locator(f'tr[data-unit-id="{tree.commune_a.pk}"]')).to_have_attribute("data-state", "on_time")
    assert ReportSubmission.objects.get().number == "15/BC-UBND"
    page.screenshot(path=artifacts_dir / "directives-plan-mobile.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1

    page.goto(f"/recognition/deadlines/?area={tree.commune_a.pk}&year=2025&on=20/11/2025")
    expect(page.locator("#deadlines-directives")).to_be_visible()
    expect(page.locator("#deadlines-directives-list")).to_have_count(0)  # the commune's one report is in
