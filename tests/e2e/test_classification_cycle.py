"""The movement classification as people do it, in Chromium: the commune scores itself, the province reviews
one item differently with the reason and decides, and the statistics and the dashboard count the decided level
(the dashboard also on a 375-px phone).

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import re

import pytest
from playwright.sync_api import expect

from antq.classification.models import Classification
from antq.classification.selectors import current_year
from antq.classification.tests.factories import sheet_scores
from tests.e2e.test_units_browser import PHONE, log_in

pytestmark = pytest.mark.browser

YEAR = current_year()


def _switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def test_commune_scores_province_reviews_and_decides(page, live_server, tree, commune_officer, province_officer,
                                                     artifacts_dir):
    # The commune officer starts the commune's classification and scores every item (92 points).
    log_in(page, commune_officer.username)
    page.goto(f"/classification/?year={YEAR}")
    page.locator(f'button[data-start="{tree.commune_a.pk}"]').click()
    expect(page).to_have_url(re.compile(r"/classification/\d+/$"))
    classification = Classification.objects.get(unit=tree.commune_a, year=YEAR)
    for item_id, entry in sheet_scores(tree.commune_a, YEAR, 92).items():
        page.locator(f'#form-score_self [name="points_{item_id}"]').fill(str(entry["points"]))
    page.locator('#form-score_self [name="note_PT-XA-3a"]').fill("Biên bản Ngày hội ngày 19/8")
    page.screenshot(path=artifacts_dir / "classification-self-scoring.png", full_page=True)
    page.locator("#save-scores").click()
    expect(page.locator("#total-self")).to_have_attribute("data-level", "excellent")
    page.locator("#form-submit button[type=submit]").click()
    expect(page.locator("[data-classification-status]").first).to_have_attribute("data-classification-status",
                                                                                 "submitted")

    # The province lowers one item, first without a reason (refused), then with it.
    _switch_user(page, province_officer.username)
    page.goto(f"/classification/{classification.pk}/")
    points = page.locator('#form-score_review [name="points_PT-XA-5b"]')
    expect(points).to_have_value("9")
    points.fill("4")
    page.locator("#save-scores").click()
    expect(page.locator("#item-PT-XA-5b .invalid-feedback")).to_be_visible()
    page.locator('#form-score_review [name="note_PT-XA-5b"]').fill("Số vụ phạm tội tăng so với năm trước")
    page.locator("#save-scores").click()
    expect(page.locator("#total-review")).to_have_attribute("data-total", "87.00")
    page.locator("#form-review button[type=submit]").click()
    expect(page.locator("#classification-reviewed")).to_contain_text("87")
    expect(page.locator('#item-PT-XA-5b[data-changed="yes"]')).to_contain_text("Số vụ phạm tội tăng")
    page.locator("#form-decide button[type=submit]").click()
    expect(page.locator('#classification-level [data-level="good"]')).to_be_visible()
    expect(page.locator('#classification-timeline [data-action="classification.decide"]')).to_be_visible()
    page.screenshot(path=artifacts_dir / "classification-decided.png", full_page=True)

    # The statistics count it: one of the province's two communes is "good".
    page.goto(f"/classification/statistics/?area={tree.province_a.pk}&year={YEAR}")
    cell = page.locator('#statistics-table tr[data-block="commune"] td[data-level="good"] [data-fraction]')
    expect(cell).to_have_text("1/2")
    expect(page.locator('#statistics-table tr[data-block="commune"] td[data-level="not_classified"]')).to_contain_text(
        "1/2")
    # The year over year and the areas below count it too: in the communes' block, commune A is "good" (1/1).
    page.locator("#statistics-block").select_option("commune")
    page.locator("#statistics-show").click()
    expect(page.locator(f'#statistics-areas tr[data-child="{tree.commune_a.pk}"] td[data-level="good"] '
                        '[data-fraction]')).to_have_text("1/1")
    expect(page.locator(f'[data-years-block="commune"] tr[data-year="{YEAR}"] td[data-level="good"] '
                        '[data-fraction]')).to_have_text("1/2")
    page.screenshot(path=artifacts_dir / "classification-statistics.png", full_page=True)

    # The dashboard shows the decided level, in its table and its chart, and fits a phone.
    page.goto(f"/reports/dashboard/?area={tree.province_a.pk}&year={YEAR}")
    expect(page.locator('#dashboard-levels-table tr[data-block="commune"] td[data-level="good"] [data-fraction]')
           ).to_have_text("1/2")
    expect(page.locator('#chart-levels rect[data-segment="good"]')).to_have_count(1)
    expect(page.locator('#chart-levels svg[role="img"]')).to_be_visible()
    page.screenshot(path=artifacts_dir / "dashboard.png", full_page=True)
    page.set_viewport_size(PHONE["viewport"])
    page.reload()
    expect(page.locator('#dashboard-levels-table tr[data-block="commune"] td[data-level="good"]')).to_contain_text(
        "1/2")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the dashboard is {scroll_width}px wide on a 375px screen"
    page.screenshot(path=artifacts_dir / "dashboard-mobile.png", full_page=True)
    # The statistics' wide tables scroll inside their wrappers; nothing in them widens the page.
    page.goto(f"/classification/statistics/?area={tree.province_a.pk}&year={YEAR}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the statistics are {scroll_width}px wide on a 375px screen"


@pytest.mark.browser_context_args(**PHONE)
def test_the_classification_page_fits_a_phone(page, live_server, tree, commune_officer, artifacts_dir):
    from antq.classification.workflow import classification_start

    classification = classification_start(actor=commune_officer, unit=tree.kdc_a, year=YEAR)
    log_in(page, commune_officer.username)
    page.goto(f"/classification/{classification.pk}/")
    expect(page.locator("#form-score_self")).to_be_visible()
    page.screenshot(path=artifacts_dir / "classification-mobile.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the page is {scroll_width}px wide on a 375px screen"
