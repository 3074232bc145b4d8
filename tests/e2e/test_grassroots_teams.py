"""The security-team registry as a commune officer uses it, in Chromium: record a team, add its members
(a 71-year-old refused, then accepted by exception), rate the team and the members for the year.

Elements are found by id, name or data attribute, so the test passes whether or not the Vietnamese
catalogue is compiled.
"""

import re

import pytest
from playwright.sync_api import expect

from antq.grassroots.models import MemberRating, RatingLevel, SecurityTeam, TeamMember, TeamRating
from antq.grassroots.views import default_year
from tests.e2e.test_units_browser import PHONE, log_in

pytestmark = pytest.mark.browser


def add_member(page, *, name: str, birth: str, role: str, origin: str) -> None:
    page.locator("#id_full_name").fill(name)
    page.locator("#id_birth_date").fill(birth)
    page.locator("#id_sex").select_option("male")
    page.locator("#id_id_number").fill("044080001234")
    page.locator("#id_education").select_option("upper_secondary")
    page.locator("#id_resident_since").fill("01/01/2000")
    page.locator("#id_role").select_option(role)
    page.locator("#id_origin").select_option(origin)


def test_create_team_add_members_and_rate_them(page, live_server, tree, commune_officer, artifacts_dir, browser):
    log_in(page, commune_officer.username)
    page.goto("/registries/teams/")
    page.locator("#team-new").click()
    # The officer enters data on one commune only: the form opens for it directly.
    page.locator("#id_name").fill("Tổ bảo vệ ANTT Trúc Bạch")
    page.locator(f'input[name="areas"][value="{tree.kdc_a.pk}"]').check()
    page.locator("#id_households").fill("520")
    page.locator("#id_decision_number").fill("125/QĐ-UBND")
    page.locator("#id_decision_date").fill("05/07/2024")
    page.locator("#team-save").click()

    team = SecurityTeam.objects.get(name="Tổ bảo vệ ANTT Trúc Bạch")
    expect(page).to_have_url(f"{live_server.url}/registries/teams/{team.pk}/members/new/")
    add_member(page, name="Nguyễn Văn Hùng", birth="12/03/1975", role="leader", origin="civil_defence_leader")
    page.locator("#member-save-another").click()
    expect(page.locator("#serving-members")).to_contain_text("Nguyễn Văn Hùng")

    add_member(page, name="Lê Đức Thắng", birth="02/02/1953", role="member", origin="neighbourhood_guard")
    page.locator("#member-save-another").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(re.compile("13"))  # over 70: art. 13 cited
    page.screenshot(path=artifacts_dir / "grassroots-member-refused.png", full_page=True)
    page.locator("#id_age_exception").check()
    page.locator("#id_age_exception_reason").fill("Sức khỏe tốt, Chủ tịch UBND xã chấp thuận")
    page.locator("#member-save-another").click()
    expect(page.locator("#serving-members")).to_contain_text("Lê Đức Thắng")

    add_member(page, name="Trần Minh Sơn", birth="20/10/1988", role="deputy", origin="new")
    page.locator("#member-save").click()
    expect(page).to_have_url(f"{live_server.url}/registries/teams/{team.pk}/")
    expect(page.locator("#members tbody tr")).to_have_count(3)

    page.locator("#team-rate").click()
    year = default_year()
    members = {m.full_name: m for m in TeamMember.objects.filter(team=team)}
    page.locator("#id_team_level").select_option(RatingLevel.GOOD.value)
    page.locator(f"#id_member_{members['Nguyễn Văn Hùng'].pk}").select_option(RatingLevel.GOOD.value)
    page.locator(f"#id_member_{members['Lê Đức Thắng'].pk}").select_option(RatingLevel.COMPLETED.value)
    page.locator(f"#id_member_{members['Trần Minh Sơn'].pk}").select_option(RatingLevel.GOOD.value)
    page.screenshot(path=artifacts_dir / "grassroots-rating-form.png", full_page=True)
    page.locator("#rating-save").click()

    expect(page).to_have_url(f"{live_server.url}/registries/teams/{team.pk}/")
    expect(page.locator(f'#ratings [data-year="{year}"]')).to_be_visible()
    assert TeamRating.objects.get(team=team, year=year).level == RatingLevel.GOOD
    assert MemberRating.objects.filter(member__team=team, year=year).count() == 3
    page.screenshot(path=artifacts_dir / "grassroots-team.png", full_page=True)

    phone = browser.new_context(**PHONE, base_url=live_server.url, locale="vi-VN")
    phone_page = phone.new_page()
    log_in(phone_page, commune_officer.username)
    phone_page.goto(f"/registries/teams/{team.pk}/")
    expect(phone_page.locator("#team-name")).to_be_visible()
    phone_page.screenshot(path=artifacts_dir / "grassroots-team-phone.png", full_page=True)
    phone.close()
