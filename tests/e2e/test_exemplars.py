"""The exemplars register as a commune officer and a viewer use it, in Chromium: record a citizen who handed
over weapons (the date is required first), record the consent to public display, find the exemplar by an
accent-free search; a viewer on a phone sees the exemplar with its personal data masked.

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import pytest
from playwright.sync_api import expect

from antq.exemplars.models import Exemplar
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def test_record_a_handover_and_its_consent(page, live_server, tree, commune_officer, artifacts_dir):
    log_in(page, commune_officer.username)
    page.goto("/registries/exemplars/")
    page.locator("#exemplar-new").click()
    page.locator("#id_unit").select_option(str(tree.kdc_a.pk))
    page.locator("#id_year").fill("2025")
    page.locator('input[name="kind"][value="individual"]').check()
    page.locator("#id_category").select_option("handed_over_weapons")
    page.locator("#id_name").fill("Trần Văn Hùng")
    page.locator("#id_achievement").fill("Tự nguyện giao nộp súng tự chế")
    page.locator("#id_proposed_by").fill("Công an phường Ba Đình")
    page.locator("#id_guns").fill("1")
    page.locator("#id_id_number").fill("044070001234")
    page.locator("#exemplar-save").click()
    expect(page.locator(".invalid-feedback")).not_to_have_count(0)  # the date of the handover is missing
    assert not Exemplar.objects.exists()

    page.locator("#id_act_date").fill("05/03/2025")
    page.locator("#exemplar-save").click()
    exemplar = Exemplar.objects.get()
    expect(page).to_have_url(f"{live_server.url}/registries/exemplars/{exemplar.pk}/")
    expect(page.locator("#exemplar-id-number")).to_have_text("044070001234")
    page.locator('#consent-form input[value="yes"]').check()
    page.locator("#consent-save").click()
    expect(page.locator("#exemplar-consent .badge")).to_have_class("badge text-bg-success")
    page.screenshot(path=artifacts_dir / "exemplar-detail.png", full_page=True)

    page.goto("/registries/exemplars/?q=tran van hung")
    expect(page.locator(f'[data-exemplar-id="{exemplar.pk}"]')).to_be_visible()


@pytest.mark.browser_context_args(**PHONE)
def test_a_viewer_on_a_phone_sees_no_personal_data(page, live_server, tree, viewer, artifacts_dir):
    from antq.exemplars.tests.factories import ExemplarFactory

    exemplar = ExemplarFactory(unit=tree.kdc_a)
    log_in(page, viewer.username)
    page.goto("/registries/exemplars/")
    expect(page.locator(f'[data-exemplar-id="{exemplar.pk}"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.locator(f'[data-exemplar-id="{exemplar.pk}"]').click()
    expect(page.locator("#exemplar-id-number")).not_to_contain_text("044070")
    expect(page.locator("#exemplar-phone")).not_to_contain_text("0912")
    expect(page.locator("#exemplar-edit")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.screenshot(path=artifacts_dir / "exemplar-viewer-mobile.png", full_page=True)
