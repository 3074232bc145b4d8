"""The authority table as editable law data: versions in force, the cache, and the administrator's pages."""

import copy
import datetime

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from antq.core import law_data
from antq.core.models import AuditEvent, DataVersion
from antq.recognition.authority import (
    AUTHORITIES,
    DATA_FILE,
    AuthorityError,
    authority_for,
    authority_regimes,
    parse_authorities,
)
from antq.recognition.selectors import case_authority
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.recognition.workflow import decider_level_for

KEY = AUTHORITIES.key
AUTHORITIES_URL = reverse("recognition:authorities")
HISTORY = reverse("recognition:authority_history")
RESTORE = reverse("recognition:authority_restore")
EDIT_TWO_TIER = reverse("recognition:authority_edit", args=["two_tier_2025"])
EDIT_TT124 = reverse("recognition:authority_edit", args=["tt124_2021"])
AFTER_REFORM = datetime.date(2025, 11, 20)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are compared with their English msgids, whatever the catalogue holds (pages too)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _file():
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def _with_commune_decider(decider_vi: str, level: str = "province") -> dict:
    data = _file()
    rule = next(r for r in data["regimes"][2]["rules"] if r["unit_kinds"] == ["commune"])
    rule["decider_vi"], rule["decision_level"] = decider_vi, level
    return data


# --- parsing -----------------------------------------------------------------------------------


def test_every_date_needs_exactly_one_regime():
    parse_authorities(_file())
    gap = _file()
    gap["regimes"][2]["valid_from"] = datetime.date(2025, 7, 2)
    with pytest.raises(AuthorityError, match="no regime covers 01/07/2025 to 01/07/2025"):
        parse_authorities(gap)
    closed_start = _file()
    closed_start["regimes"][0]["valid_from"] = datetime.date(2012, 1, 1)
    with pytest.raises(AuthorityError, match="before 01/01/2012"):
        parse_authorities(closed_start)
    closed_end = _file()
    closed_end["regimes"][2]["valid_to"] = datetime.date(2030, 12, 31)
    with pytest.raises(AuthorityError, match="after 31/12/2030"):
        parse_authorities(closed_end)
    twice = _file()
    twice["regimes"][1]["code"] = "two_tier_2025"
    with pytest.raises(AuthorityError, match="two regimes have the code two_tier_2025"):
        parse_authorities(twice)


def test_a_saved_version_with_dates_as_text_parses_like_the_file():
    assert parse_authorities(law_data.json_ready(_file())) == parse_authorities(_file())
    bad = law_data.json_ready(_file())
    bad["regimes"][1]["valid_to"] = "30/06/2025"
    with pytest.raises(AuthorityError, match="YYYY-MM-DD"):
        parse_authorities(bad)


# --- the version in force ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_file_is_in_force_until_a_version_is_saved_and_then_the_newest_wins(national_admin):
    assert authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "Chủ tịch Ủy ban nhân dân cấp tỉnh"
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch A"),
                               reason="Thông tư 48/2025/TT-BCA")
    assert authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "Chủ tịch A"
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch B"),
                               reason="Sửa lỗi chính tả")
    assert authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "Chủ tịch B"
    # Before the reform the first regime still applies.
    assert authority_for("commune", "", datetime.date(2024, 11, 1)).decision_level == "district"


@pytest.mark.django_db
def test_the_parsed_table_is_cached_per_version_at_one_query_a_call(national_admin, django_assert_num_queries):
    first = authority_regimes()
    with django_assert_num_queries(1):
        assert authority_regimes() is first  # not parsed again
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch A"),
                               reason="Thông tư 48/2025/TT-BCA")
    edited = authority_regimes()
    assert edited is not first
    with django_assert_num_queries(1):
        assert authority_regimes() is edited


@pytest.mark.django_db
def test_another_process_sees_a_saved_version_at_its_next_call(national_admin):
    authority_regimes()
    cache_before = dict(law_data._PARSED)
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch A"),
                               reason="Thông tư 48/2025/TT-BCA")
    # Saving touches no process's cache: this process now stands where any other one stands.
    assert law_data._PARSED == cache_before
    assert authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "Chủ tịch A"


@pytest.mark.django_db
def test_cases_follow_the_edited_table(tree, national_admin):
    case = RecognitionCaseFactory(unit=tree.commune_a, year=2026)
    assert decider_level_for(case) == "province"
    law_data.data_version_save(actor=national_admin, key=KEY,
                               data=_with_commune_decider("Chủ tịch Ủy ban nhân dân cấp xã", level="commune"),
                               reason="Thử nghiệm")
    assert decider_level_for(case) == "commune"
    assert case_authority(case).rule.decider_vi == "Chủ tịch Ủy ban nhân dân cấp xã"


@pytest.mark.django_db
def test_only_the_national_administrator_saves_and_a_broken_table_saves_nothing(tree, province_officer,
                                                                                 national_admin):
    with pytest.raises(ValidationError, match="You may not change this data"):
        law_data.data_version_save(actor=province_officer, key=KEY, data=_file(), reason="x")
    broken = _file()
    broken["regimes"][1]["valid_to"] = datetime.date(2025, 7, 1)
    with pytest.raises(ValidationError, match="overlap"):
        law_data.data_version_save(actor=national_admin, key=KEY, data=broken, reason="x")
    with pytest.raises(ValidationError, match="Give the reason"):
        law_data.data_version_save(actor=national_admin, key=KEY, data=_file(), reason="  ")
    assert not DataVersion.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_save_based_on_an_older_version_is_refused(national_admin):
    law_data.data_version_save(actor=national_admin, key=KEY, data=_file(), reason="một", based_on=0)
    with pytest.raises(ValidationError, match="Someone saved this data meanwhile"):
        law_data.data_version_save(actor=national_admin, key=KEY, data=_file(), reason="hai", based_on=0)
    assert DataVersion.objects.count() == 1


@pytest.mark.django_db
def test_restoring_saves_the_file_or_an_old_version_as_the_newest(national_admin):
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("A"), reason="một")
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("B"), reason="hai")
    restored = law_data.data_version_restore(actor=national_admin, key=KEY, number=1, reason="quay lại bản 1")
    assert restored.number == 3 and authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "A"
    shipped = law_data.data_version_restore(actor=national_admin, key=KEY, reason="quay lại tệp gốc")
    assert shipped.number == 4 and shipped.data == law_data.json_ready(_file())
    assert authority_regimes() == parse_authorities(_file())
    with pytest.raises(ValidationError, match="There is no version 9"):
        law_data.data_version_restore(actor=national_admin, key=KEY, number=9, reason="x")
    assert AuditEvent.objects.filter(action="data_version.save").count() == 4


# --- pages ---------------------------------------------------------------------------------------


def _edit_post(client, url, **changes) -> dict:
    """The edit form as rendered, with `changes` applied (field name → value)."""
    response = client.get(url)
    data = {}
    for form in [response.context["regime_form"], *(r["form"] for r in response.context["rules"])]:
        for field in form:
            value = field.value()
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            data[field.html_name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_administrator_edits_a_rule_and_a_new_version_is_in_force(national_admin, client_for):
    client = client_for(national_admin)
    page = client.get(EDIT_TWO_TIER)
    html = page.content.decode()
    assert page.status_code == 200 and 'value="15/11"' in html and 'value="01/07/2025"' in html
    number = 1 + [r["unit_kinds"] for r in _file()["regimes"][2]["rules"]].index(["commune"])
    prefix = f"rule-{number}"
    response = client.post(EDIT_TWO_TIER, _edit_post(
        client, EDIT_TWO_TIER, **{f"{prefix}-decider_vi": "Chủ tịch  Ủy ban nhân dân tỉnh",
                                  f"{prefix}-decide_before": "25/11", "regime-reason": "Thông tư 48/2025/TT-BCA",
                                  "regime-status": "confirmed"}))
    assert "a confirmed regime needs the article each rule comes from" in response.content.decode()
    assert not DataVersion.objects.exists()
    response = client.post(EDIT_TWO_TIER, _edit_post(
        client, EDIT_TWO_TIER, **{f"{prefix}-decider_vi": "Chủ tịch  Ủy ban nhân dân tỉnh",
                                  f"{prefix}-decide_before": "25/11", "regime-reason": "Thông tư 48/2025/TT-BCA",
                                  f"{prefix}-article": "Điều 10 khoản 2 (sửa đổi)"}))
    assert response.status_code == 302 and response.url.endswith("#regime-two_tier_2025")
    version = DataVersion.objects.get(key=KEY)
    assert version.number == 1 and version.saved_by == national_admin
    authority = authority_for("commune", "", AFTER_REFORM)
    assert authority.rule.decider_vi == "Chủ tịch Ủy ban nhân dân tỉnh" and authority.rule.decide_before == (11, 25)
    assert not authority.confirmed and authority.rule.article == "Điều 10 khoản 2 (sửa đổi)"
    event = AuditEvent.objects.get(action="data_version.save")
    assert event.actor == national_admin and event.detail["reason"] == "Thông tư 48/2025/TT-BCA"
    listing = client.get(AUTHORITIES_URL).content.decode()
    assert 'data-version="1"' in listing and "Chủ tịch Ủy ban nhân dân tỉnh" in listing and "25/11" in listing


@pytest.mark.django_db
def test_validity_dates_that_leave_a_gap_are_refused_with_the_reason_and_nothing_is_saved(national_admin,
                                                                                          client_for):
    client = client_for(national_admin)
    response = client.post(EDIT_TT124, _edit_post(client, EDIT_TT124, **{
        "regime-valid_to": "29/06/2025", "regime-reason": "Thử"}))
    assert response.status_code == 200
    errors = response.context["regime_form"].non_field_errors()
    assert any("no regime covers 30/06/2025 to 30/06/2025" in e for e in errors), errors
    assert 'data-error="table"' in response.content.decode()
    assert not DataVersion.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"regime-reason": ""}, "reason", "Give the reason"),
    ({"rule-1-register_by": "31/02"}, None, "dd/mm"),
    ({"rule-1-register_by": "3/31"}, None, "dd/mm"),
    ({"regime-valid_from": "32/01/2025"}, None, "valid date"),
    ({"rule-1-decision_level": "hamlet"}, None, "Select a valid choice"),
])
def test_bad_fields_are_shown_and_nothing_is_saved(national_admin, client_for, changes, field, message):
    client = client_for(national_admin)
    data = _edit_post(client, EDIT_TWO_TIER, **{"regime-reason": "Thử", **changes})
    response = client.post(EDIT_TWO_TIER, data)
    assert response.status_code == 200 and message in response.content.decode()
    if field:
        assert response.context["regime_form"].errors[field]
    assert not DataVersion.objects.exists()


@pytest.mark.django_db
def test_a_stale_edit_page_is_refused(national_admin, client_for):
    client = client_for(national_admin)
    stale = _edit_post(client, EDIT_TWO_TIER, **{"regime-reason": "một"})
    law_data.data_version_save(actor=national_admin, key=KEY, data=_file(), reason="bản khác")
    response = client.post(EDIT_TWO_TIER, stale)
    assert response.status_code == 200 and "Someone saved this data meanwhile" in response.content.decode()
    assert DataVersion.objects.count() == 1


@pytest.mark.django_db
def test_history_shows_who_when_why_and_old_versions_can_be_read_and_restored(national_admin, client_for):
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch A"),
                               reason="Thông tư 48/2025/TT-BCA")
    law_data.data_version_save(actor=national_admin, key=KEY, data=_with_commune_decider("Chủ tịch B"),
                               reason="Sửa lỗi")
    client = client_for(national_admin)
    history = client.get(HISTORY).content.decode()
    assert 'data-version="2"' in history and 'data-version="1"' in history and 'data-version="0"' in history
    assert "Thông tư 48/2025/TT-BCA" in history and str(national_admin) in history
    old = client.get(reverse("recognition:authority_version", args=[1])).content.decode()
    assert "Chủ tịch A" in old and "Chủ tịch B" not in old and 'id="restore-version-submit"' in old
    shipped = client.get(reverse("recognition:authority_version", args=[0])).content.decode()
    assert "Chủ tịch Ủy ban nhân dân cấp tỉnh" in shipped
    assert client.get(reverse("recognition:authority_version", args=[7])).status_code == 404

    refused = client.post(RESTORE, {"number": 1, "based_on": 2, "reason": ""})
    assert refused.status_code == 302 and DataVersion.objects.count() == 2
    response = client.post(RESTORE, {"based_on": 2, "reason": "Quay lại tệp gốc"})
    assert response.status_code == 302 and response.url == AUTHORITIES_URL
    newest = DataVersion.objects.get(number=3)
    assert newest.data == law_data.json_ready(_file()) and newest.reason == "Quay lại tệp gốc"
    client.post(RESTORE, {"number": 1, "based_on": 3, "reason": "Dùng lại bản 1"})
    assert authority_for("commune", "", AFTER_REFORM).rule.decider_vi == "Chủ tịch A"


PAGES = [AUTHORITIES_URL, HISTORY, EDIT_TWO_TIER, reverse("recognition:authority_version", args=[0])]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["province_officer", "commune_officer", "viewer", "unit_reporter"])
def test_other_roles_get_404_and_change_nothing(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    for url in PAGES:
        assert client.get(url).status_code == 404, url
    assert client.post(EDIT_TWO_TIER, {"regime-reason": "x"}).status_code == 404
    assert client.post(RESTORE, {"based_on": 0, "reason": "x"}).status_code == 404
    assert not DataVersion.objects.exists()


@pytest.mark.django_db
def test_unknown_regime_is_404(national_admin, client_for):
    assert client_for(national_admin).get(reverse("recognition:authority_edit", args=["tt99"])).status_code == 404


@pytest.mark.django_db
def test_the_edited_copy_keeps_the_rest_of_the_table(national_admin, client_for):
    client = client_for(national_admin)
    client.post(EDIT_TWO_TIER, _edit_post(client, EDIT_TWO_TIER, **{"regime-reason": "Không đổi gì"}))
    saved = DataVersion.objects.get(key=KEY).data
    expected = copy.deepcopy(law_data.json_ready(_file()))
    assert saved["regimes"][:2] == expected["regimes"][:2]
    assert parse_authorities(saved) == parse_authorities(_file())
