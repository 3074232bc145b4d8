"""Administrators editing recognition law data in Chromium: the authority table and a province's extra criteria.

Elements are found by id or data attribute, so the tests pass whether or not the catalogue is compiled.
"""

import re

import pytest
from playwright.sync_api import expect

from antq.core.models import DataVersion
from antq.recognition.models import ProvincialCriterion
from tests.e2e.test_units_browser import PHONE, log_in

pytestmark = pytest.mark.browser


def test_the_national_administrator_edits_the_authority_table(page, live_server, national_admin, artifacts_dir):
    log_in(page, national_admin.username)
    page.goto("/recognition/authorities/")
    expect(page.locator("#authority-version")).to_have_attribute("data-version", "0")
    page.locator("#edit-two_tier_2025").click()
    expect(page).to_have_url(re.compile(r"/recognition/authorities/two_tier_2025/edit/$"))
    page.locator("#id_rule-2-decide_before").fill("25/11")
    page.locator("#id_rule-2-article").fill("Điều 10 khoản 2 (sửa đổi)")
    page.locator("#authority-save").click()
    expect(page.locator("#authority-edit .invalid-feedback")).to_have_count(1)  # the reason is missing
    assert not DataVersion.objects.exists()
    page.locator("#id_regime-reason").fill("Thông tư 48/2025/TT-BCA")
    page.screenshot(path=artifacts_dir / "authority-edit.png", full_page=True)
    page.locator("#authority-save").click()

    expect(page).to_have_url(re.compile(r"/recognition/authorities/#regime-two_tier_2025$"))
    expect(page.locator("main [role=alert].alert-success")).to_be_visible()
    expect(page.locator("#authority-version")).to_have_attribute("data-version", "1")
    assert DataVersion.objects.get().reason == "Thông tư 48/2025/TT-BCA"
    page.locator("#authority-history").click()
    expect(page.locator('#data-versions tr[data-version="1"]')).to_contain_text("Thông tư 48/2025/TT-BCA")
    page.screenshot(path=artifacts_dir / "authority-history.png", full_page=True)


def test_a_province_officer_adds_an_extra_criterion_on_a_phone(browser, live_server, tree, province_officer,
                                                               artifacts_dir):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", **PHONE)
    page = context.new_page()
    log_in(page, province_officer.username)
    page.goto(f"/units/{tree.province_a.pk}/")
    page.locator("#unit-extra-criteria").click()
    expect(page.locator("#no-criteria")).to_be_visible()
    page.locator("#criterion-add").click()
    page.locator("#id_code").fill("QT-1")
    page.locator("#id_unit_kinds_0").check()
    page.locator("#id_article").fill("Quyết định 15/2025/QĐ-UBND tỉnh Quảng Trị, Điều 2")
    page.locator("#id_text_vi").fill("Có từ 2 mô hình tự quản về an ninh, trật tự hoạt động hiệu quả trở lên")
    page.locator("#id_kind").select_option("numeric")
    page.locator("#id_figure").select_option("effective_models")
    page.locator("#id_operator").select_option(">=")
    page.locator("#id_value").fill("2")
    page.screenshot(path=artifacts_dir / "extra-criterion-form-phone.png", full_page=True)
    page.locator("#criterion-save").click()
    expect(page.locator("#criterion-QT-1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=artifacts_dir / "extra-criteria-phone.png", full_page=True)
    criterion = ProvincialCriterion.objects.get()
    assert (criterion.province_id, criterion.unit_kinds) == (tree.province_a.pk, ["residential_area"])
    context.close()
