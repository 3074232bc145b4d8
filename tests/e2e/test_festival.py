"""The Festival Day as a commune officer uses it, in Chromium: plan an event for a KDC (a date outside the
campaign window refused first), record it as held, then see the commune's coverage.

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import pytest
from playwright.sync_api import expect

from antq.festival.models import FestivalEvent
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser


def test_plan_record_and_see_coverage(page, live_server, tree, commune_officer, artifacts_dir):
    log_in(page, commune_officer.username)
    page.goto("/festival/")
    page.locator("#festival-new").click()
    page.locator("#id_unit").select_option(str(tree.kdc_a.pk))
    page.locator("#id_held_on").fill("25/08/2025")
    page.locator("#id_place").fill("Nhà văn hóa tổ dân phố Trúc Bạch")
    page.locator("#festival-save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("19/08/2025")  # outside 1/7–19/8
    page.screenshot(path=artifacts_dir / "festival-outside-window.png", full_page=True)
    assert not FestivalEvent.objects.exists()

    page.locator("#id_held_on").fill("02/08/2025")
    page.locator("#festival-save").click()
    event = FestivalEvent.objects.get()
    expect(page).to_have_url(f"{live_server.url}/festival/{event.pk}/")
    expect(page.locator("#event-status")).to_have_attribute("class", "badge text-bg-secondary")

    page.locator("#record-form #id_participants").fill("320")
    page.locator("#record-form #id_gifts_count").fill("12")
    page.locator("#record-form #id_gifts_value").fill("6000000")
    page.locator("#record-save").click()
    expect(page.locator("#event-status")).to_have_attribute("class", "badge text-bg-success")
    expect(page.locator("#event-participants")).to_contain_text("320")
    page.screenshot(path=artifacts_dir / "festival-event-held.png", full_page=True)

    page.goto(f"/festival/coverage/?area={tree.commune_a.pk}&year=2025")
    expect(page.locator('#coverage-table tr[data-kind="residential_area"]')).to_contain_text("100")
    expect(page.locator(f'#coverage-missing [data-unit-id="{tree.agency_a.pk}"]')).to_be_visible()
    expect(page.locator("h1")).to_contain_text("2025")
    page.screenshot(path=artifacts_dir / "festival-coverage.png", full_page=True)
