"""A citizen tip end to end, in Chromium: an anonymous sender picks the province (the commune list follows
through htmx), fills the form and sends it once the in-browser anti-robot check is done; the commune officer
replies; the sender opens the conversation with the receipt code alone and reads the reply.

Elements are found by id or name, so the test passes whether or not the Vietnamese catalogue is compiled.
"""

import pytest
from playwright.sync_api import expect

from antq.tips.models import MessageKind, Tip, TipMode
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def tip_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANTQ_TIP_POW_BITS = 12  # enough to make the browser's script work, quick on a loaded machine


def test_anonymous_tip_reply_and_follow_up(page, browser, live_server, tree, commune_officer, artifacts_dir):
    page.goto("/tips/")
    page.locator("#id_province_choice").select_option(str(tree.province_a.pk))
    expect(page.locator(f'#id_commune option[value="{tree.commune_a.pk}"]')).to_have_count(1)  # swapped by htmx
    page.locator("#id_commune").select_option(str(tree.commune_a.pk))
    page.locator("#id_category").select_option("drugs")
    page.locator("#id_what").fill("Tối nào cũng có người lạ bán ma túy ở quán nước đầu ngõ 12.")
    page.locator("#id_occurred_on").fill("05/03/2025")
    page.locator("#id_place").fill("Quán nước đầu ngõ 12")
    page.locator("#id_mode_0").check()
    page.screenshot(path=artifacts_dir / "tips-form.png", full_page=True)
    page.locator("#tip-send").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 32
    tip = Tip.objects.get()
    assert tip.mode == TipMode.ANONYMOUS and tip.commune == tree.commune_a and tip.occurred_on.day == 5
    page.screenshot(path=artifacts_dir / "tips-receipt.png", full_page=True)

    officer = browser.new_context(base_url=live_server.url)
    officer_page = officer.new_page()
    log_in(officer_page, commune_officer.username)
    officer_page.goto("/tips/queue/")
    officer_page.locator(f'#tip-queue a[href="/tips/{tip.pk}/"]').click()
    officer_page.locator("#id_note-body").fill("Giao tổ trinh sát theo dõi.")
    officer_page.locator("#note-send").click()
    officer_page.locator("#id_reply-body").fill("Công an phường đã tiếp nhận, cảm ơn bạn.")
    officer_page.locator("#reply-send").click()
    expect(officer_page.locator("#tip-messages")).to_contain_text("Công an phường đã tiếp nhận")
    assert tip.messages.filter(kind=MessageKind.REPLY).exists()
    officer.close()

    page.goto("/tips/follow-up/")
    page.locator("#id_code").fill(code.lower())
    page.locator("#code-send").click()
    expect(page.locator("#conversation")).to_contain_text("Công an phường đã tiếp nhận, cảm ơn bạn.")
    expect(page.locator("#conversation")).not_to_contain_text("trinh sát")
    assert code not in page.url
    page.locator("#id_body").fill("Họ thường đi xe máy màu đỏ.")
    page.locator("#follow-up-send").click()
    expect(page.locator("#conversation")).to_contain_text("xe máy màu đỏ")
    page.screenshot(path=artifacts_dir / "tips-follow-up.png", full_page=True)
