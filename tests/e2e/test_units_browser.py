"""The unit pages as a person uses them, in Chromium: log in, find a commune, add a KDC.

Elements are found by id, role or data attribute rather than by their text, so these tests pass
whether or not the Vietnamese catalogue is compiled; only the language test reads words.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from antq.units.models import LEGACY_END, LocalKind, Unit, UnitKind
from antq.units.tests.factories import CommuneFactory, ProvinceFactory
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def log_in(page, username: str) -> None:
    if not page.url.endswith("/accounts/login/"):
        page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("#login-submit").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_find_commune_and_add_residential_area(page, live_server, tree, province_officer, artifacts_dir):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#id_username")).to_be_focused()
    log_in(page, province_officer.username)

    page.goto("/units/search/")
    page.locator("#unit-q").press_sequentially("ba dinh")  # no accents: the search folds them
    results = page.locator("#results a.list-group-item")
    result = results.and_(page.locator(f'[data-unit-id="{tree.commune_a.pk}"]'))
    expect(result).to_contain_text("Phường Ba Đình")
    expect(results.filter(has_text="Xã Đông Hà")).to_have_count(0)
    result.click()

    expect(page).to_have_url(f"{live_server.url}/units/{tree.commune_a.pk}/")
    expect(page.locator("#unit-name")).to_have_text("Phường Ba Đình")
    page.locator('a[data-create-kind="residential_area"]').click()

    expect(page).to_have_url(re.compile(rf"/units/{tree.commune_a.pk}/new/\?kind=residential_area$"))
    page.locator("#id_name").fill("Tổ dân phố Số 7")
    page.locator("#id_local_kind").select_option(LocalKind.TO_DAN_PHO.value)
    page.locator("#unit-save").click()

    expect(page).to_have_url(f"{live_server.url}/units/{tree.commune_a.pk}/")
    expect(page.locator("main [role=alert].alert-success")).to_contain_text("Tổ dân phố Số 7")
    section = page.locator("#children-residential_area")
    expect(section.get_by_role("link", name="Tổ dân phố Số 7", exact=True)).to_be_visible()
    expect(section.get_by_role("link", name="Tổ dân phố Trúc Bạch", exact=True)).to_be_visible()
    page.screenshot(path=artifacts_dir / "units-browser.png", full_page=True)

    created = Unit.objects.get(name="Tổ dân phố Số 7")
    assert (created.parent_id, created.kind, created.local_kind) == (
        tree.commune_a.pk,
        UnitKind.RESIDENTIAL_AREA,
        LocalKind.TO_DAN_PHO,
    )


@pytest.mark.browser_context_args(**PHONE)
def test_commune_page_fits_a_phone(page, live_server, tree, commune_officer, artifacts_dir):
    log_in(page, commune_officer.username)
    page.goto("/units/")  # a commune officer holds one unit: straight to it
    expect(page).to_have_url(f"{live_server.url}/units/{tree.commune_a.pk}/")
    expect(page.locator("#children-residential_area")).to_be_visible()
    page.screenshot(path=artifacts_dir / "units-mobile.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the page is {scroll_width}px wide on a 375px screen"

    # The menu folds behind the toggler and opens with Bootstrap's script.
    menu, toggler = page.locator("#nav-main"), page.locator('[aria-controls="nav-main"]')
    expect(menu).to_be_hidden()
    toggler.click()
    expect(menu).to_have_class(re.compile(r"\bcollapse show\b"))  # the opening animation is over
    expect(toggler).to_have_attribute("aria-expanded", "true")
    toggler.click()
    expect(menu).to_be_hidden()


def test_language_switch_to_english(page, live_server, tree, province_officer):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.locator("footer #language").select_option("en")
    page.locator("#language-submit").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    expect(page.locator("footer #language")).to_have_value("en")

    log_in(page, province_officer.username)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Units", exact=True)).to_be_visible()
    nav.locator("#user-menu").click()
    expect(nav.get_by_role("button", name="Log out", exact=True)).to_be_visible()

    page.locator("footer #language").select_option("vi")
    page.locator("#language-submit").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_search_on_a_date_typed_day_first(page, live_server, tree, national_admin):
    quang_binh = ProvinceFactory(
        parent=tree.country, name="Tỉnh Quảng Bình", code="44", valid_from=None, valid_to=LEGACY_END
    )
    CommuneFactory(
        parent=quang_binh,
        name="Phường Đồng Mỹ",
        code="19183",
        local_kind=LocalKind.PHUONG,
        valid_from=None,
        valid_to=LEGACY_END,
    )
    # Valid on 3 May 2020 but not on 5 March: listed only if "05/03/2020" were read month-first.
    CommuneFactory(
        parent=quang_binh,
        name="Phường Đồng Sơn",
        code="19186",
        local_kind=LocalKind.PHUONG,
        valid_from=datetime.date(2020, 4, 1),
        valid_to=LEGACY_END,
    )
    log_in(page, national_admin.username)

    page.goto("/units/search/")
    page.locator("#unit-q").fill("dong")
    page.locator("#id_on").fill("05/03/2020")
    with page.expect_request(lambda r: r.is_navigation_request() and "on=05%2F03%2F2020" in r.url):
        page.locator("#id_on").press("Enter")
    page.wait_for_load_state()

    results = page.locator("#results a.list-group-item")
    legacy = results.filter(has_text="Phường Đồng Mỹ")
    expect(legacy).to_be_visible()
    expect(legacy).to_contain_text("30/06/2025")
    expect(results.filter(has_text="Phường Đồng Sơn")).to_have_count(0)
    expect(results.filter(has_text="Xã Đông Hà")).to_have_count(0)  # formed 01/07/2025
    expect(page.locator("#id_on")).to_have_value("05/03/2020")

    legacy.click()
    expect(page.locator("#unit-name")).to_have_text("Phường Đồng Mỹ")
