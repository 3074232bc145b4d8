"""The public portal in Chromium: a province officer publishes a news item, then an anonymous visitor on a
390-px phone reads it, finds a recognised unit typing without accents, and switches to English.

Elements are found by id or data attribute, so the test passes whether or not the catalogue is compiled.
"""

import datetime

import pytest
from playwright.sync_api import expect

from antq.portal.models import NewsItem
from antq.recognition.tests.factories import RecognitionCaseFactory
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
YEAR = 2026


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page is {width}px wide on a 390px screen"


def test_publish_then_read_on_a_phone(page, browser, live_server, tree, province_officer, artifacts_dir):
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="met",
                           decision_number="123/QĐ-UBND", decision_date=datetime.date(YEAR, 11, 20))
    RecognitionCaseFactory(unit=tree.commune_a2, year=YEAR, status="decided", result="met")

    log_in(page, province_officer.username)
    page.goto("/portal/staff/news/")
    page.locator("#news-new").click()
    page.locator("#id_title").fill("Ra quân Tổ bảo vệ an ninh, trật tự")
    page.locator("#id_body").fill("Sáng nay, các tổ ra quân.\n\nLực lượng được huấn luyện kỹ năng tuần tra.")
    page.locator("#news-save").click()
    expect(page.locator("#news-status")).to_have_attribute("data-status", "draft")
    page.locator("#news-publish").click()
    expect(page.locator("#news-status")).to_have_attribute("data-status", "published")
    item = NewsItem.objects.get()

    phone = browser.new_context(**PHONE, base_url=live_server.url, locale="vi-VN")
    visitor = phone.new_page()
    refused: list[str] = []  # the portal's own layout must need nothing the policy blocks
    visitor.on("console", lambda m: refused.append(m.text)
               if m.type == "error" and "Content Security Policy" in m.text else None)
    response = visitor.goto("/portal/")
    assert "public" in response.headers["cache-control"]
    assert not phone.cookies(), phone.cookies()  # an anonymous visit leaves no cookie
    expect(visitor.locator("html")).to_have_attribute("lang", "vi")
    expect(visitor.locator("#portal-festival-window")).to_contain_text("19/08")
    card = visitor.locator(f'.portal-news[data-news-id="{item.pk}"]')
    expect(card).to_be_visible()
    _fits(visitor)
    visitor.screenshot(path=artifacts_dir / "portal-home-phone.png", full_page=True)

    card.locator("a").first.click()
    expect(visitor.locator("#news-body p")).to_have_count(2)
    _fits(visitor)

    visitor.goto("/portal/recognised/")
    visitor.locator("#f-province").select_option(tree.province_a.code)
    visitor.locator("#f-year").select_option(str(YEAR))
    visitor.locator("#f-q").fill("truc bach")
    visitor.locator("#f-submit").click()
    expect(visitor.locator(".recognised-unit")).to_have_count(1)
    expect(visitor.locator(".recognised-unit")).to_contain_text("Tổ dân phố Trúc Bạch")
    _fits(visitor)
    visitor.screenshot(path=artifacts_dir / "portal-recognised-phone.png", full_page=True)

    visitor.locator('#portal-languages a[data-lang="en"]').click()
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    expect(visitor.locator(".recognised-unit")).to_have_count(1)  # back on the same search
    phone.close()
    assert not refused, refused
