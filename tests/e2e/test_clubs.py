"""The models registry in Chromium, as a province officer uses it: register a model at a KDC, add two clubs,
evaluate it effective and mark it typical, then find it marked typical in the list (and with the filter).

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antq.clubs.models import MovementModel
from antq.clubs.services import model_types_load_national
from antq.clubs.tests.factories import national
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser


def test_register_a_model_with_two_clubs_and_mark_it_typical(page, live_server, tree, province_officer,
                                                              artifacts_dir):
    model_types_load_national()  # a flushed live-server database has lost the data migration's rows
    log_in(page, province_officer.username)
    page.goto("/registries/models/")
    page.locator("#clubs-new").click()
    page.locator("#id_site").select_option(str(tree.kdc_a.pk))
    page.locator("#id_type").select_option(str(national("to_lien_gia").pk))
    page.locator("#id_name").fill("Tổ liên gia tự quản Trúc Bạch")
    page.locator("#id_decision_number").fill("25/QĐ-UBND")
    page.locator("#id_decision_date").fill("02/03/2024")
    page.locator("#id_established_on").fill("02/03/2024")
    page.locator("#model-save").click()
    model = MovementModel.objects.get()
    expect(page).to_have_url(f"{live_server.url}/registries/models/{model.pk}/")

    for name, members in (("Tổ liên gia số 1", "12"), ("Tổ liên gia số 2", "9")):
        page.locator("#club-add-toggle").click()
        page.locator("#club-form #id_name").fill(name)
        page.locator("#club-form #id_members_count").fill(members)
        page.locator("#club-form #id_leader").fill("Nguyễn Văn An")
        page.locator("#club-save").click()
        expect(page.locator("#model-clubs")).to_contain_text(name)
    expect(page.locator("#model-clubs tbody tr")).to_have_count(2)

    page.locator("#evaluation-form #id_year").fill(str(timezone.localdate().year))
    page.locator("#evaluation-form #id_effective").check()
    page.locator("#evaluation-form #id_typical").check()
    page.locator("#evaluation-save").click()
    expect(page.locator("#model-typical")).to_be_visible()
    page.screenshot(path=artifacts_dir / "clubs-model-typical.png", full_page=True)

    page.goto("/registries/models/?typical=yes")
    row = page.locator(f'[data-model-id="{model.pk}"]')
    expect(row).to_be_visible()
    expect(row.locator("[data-typical]")).to_be_visible()
    expect(page.locator("#clubs-counts")).to_contain_text("2")
    page.screenshot(path=artifacts_dir / "clubs-list-typical.png", full_page=True)
    assert model.clubs.count() == 2 and model.evaluations.get().typical
