"""Commendations in Chromium, the issue's acceptance: a province officer plans a Festival Day for a KDC,
records it as held, nominates the KDC — refused with the reason for a year it was not recognised
ANTT-safe —, then for the provincial police director's giấy khen at that Festival Day,
reviews the nomination and decides the award; the unit's history then lists it.

The KDC was recognised ANTT-safe for the year (a decided "met" recognition case in the test data), so it
is eligible for the periodic award; the award page shows that criterion with the case. Elements are found
by id, name or data attribute, so the test passes whether or not the Vietnamese catalogue is compiled.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antq.commendations.models import Award
from antq.commendations.tests.factories import recognised
from antq.festival.models import FestivalEvent
from tests.e2e.test_units_browser import log_in

pytestmark = pytest.mark.browser


def test_festival_then_nominate_and_decide(page, live_server, tree, province_officer, artifacts_dir):
    year = timezone.localdate().year - 1  # a Festival Day already held, whatever the day of the run
    case = recognised(tree.kdc_a, year)
    log_in(page, province_officer.username)

    page.goto("/festival/")
    page.locator("#festival-new").click()
    page.locator("#id_unit").select_option(str(tree.kdc_a.pk))
    page.locator("#id_held_on").fill(f"02/08/{year}")
    page.locator("#id_place").fill("Nhà văn hóa tổ dân phố Trúc Bạch")
    page.locator("#festival-save").click()
    event = FestivalEvent.objects.get()
    expect(page).to_have_url(f"{live_server.url}/festival/{event.pk}/")
    page.locator("#record-form #id_participants").fill("350")
    page.locator("#record-form #id_awards_count").fill("1")
    page.locator("#record-save").click()
    expect(page.locator("#event-status")).to_have_attribute("class", "badge text-bg-success")

    page.goto(f"/awards/unit/{tree.kdc_a.pk}/")
    page.locator("#unit-nominate").click()
    expect(page.locator("#id_unit")).to_have_value(str(tree.kdc_a.pk))
    page.locator("#id_award").select_option("giam_doc_cong_an_tinh:commendation_letter")
    page.locator("#id_kind").select_option("periodic")
    page.locator("#id_year").fill(str(year))
    page.locator("#id_achievement").fill("Tổ chức tốt Ngày hội toàn dân bảo vệ ANTQ; không có tội phạm nghiêm trọng")
    page.locator("#id_festival_event").select_option(str(event.pk))
    page.locator("#id_year").fill(str(year - 1))  # not recognised that year: refused with the reason
    page.locator("#award-save").click()
    expect(page.locator("#award-errors")).to_contain_text(str(year - 1))
    assert not Award.objects.exists()
    page.screenshot(path=artifacts_dir / "commendations-refused.png", full_page=True)
    page.locator("#id_year").fill(str(year))
    page.locator("#award-save").click()
    award = Award.objects.get()
    expect(page).to_have_url(f"{live_server.url}/awards/{award.pk}/")
    expect(page.locator('#award-eligibility tr[data-check="antt_safe"]')).to_contain_text(str(case.pk))
    page.screenshot(path=artifacts_dir / "commendations-nominated.png", full_page=True)

    page.locator("#step-review #id_note").fill("Hồ sơ đầy đủ")
    page.locator("#step-review-submit").click()
    expect(page.locator("#step-decide")).to_be_visible()
    page.locator("#step-decide #id_decision_number").fill("125/QĐ-CAT-PV05")
    page.locator("#step-decide #id_decision_date").fill(f"20/08/{year}")
    page.locator("#step-decide #id_decision_signer").fill("Đại tá Nguyễn Văn Bình")
    page.locator("#step-decide-submit").click()
    expect(page.locator("#award-decision")).to_contain_text("125/QĐ-CAT-PV05")
    expect(page.locator("#award-status")).to_have_attribute("class", "badge text-bg-success")
    expect(page.locator("#step-decide")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "commendations-decided.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts_dir / "commendations-decided-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    award.refresh_from_db()
    assert award.status == "decided" and award.festival_event_id == event.pk

    page.goto(f"/awards/unit/{tree.kdc_a.pk}/")
    expect(page.locator(f'#unit-awards [data-award-id="{award.pk}"]')).to_contain_text("125/QĐ-CAT-PV05")
    page.goto(f"/awards/counts/?area={tree.province_a.pk}&year_from={year}&year_to={year}")
    expect(page.locator('#counts-table tr[data-issuer="giam_doc_cong_an_tinh"]')).to_contain_text("1")
