"""Pages of the derived criteria: the commune page and its answers, the unit page, the definitions editor."""

import pytest
from django.urls import reverse

from antq.core.law_data import file_data
from antq.core.models import DataVersion
from antq.recognition.derived.forms import RulesForm
from antq.recognition.derived.rules import KEY, current_rules
from antq.recognition.models import DerivedContentAnswer
from antq.recognition.selectors import current_year
from antq.recognition.tests.factories import RecognitionCaseFactory

YEAR = 2025
EDITOR = reverse("recognition:derived:definitions")
HISTORY = reverse("recognition:derived:history")
RESTORE = reverse("recognition:derived:restore")


def version_url(number):
    return reverse("recognition:derived:version", args=[number])


@pytest.fixture
def client_for(client_for, settings):
    """The logged-in client, reading pages in English (the msgids), whatever the catalogue says."""

    def login(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def page(unit, year=YEAR):
    return reverse("recognition:derived:commune", args=[unit.pk, year])


def answer_url(unit, year=YEAR):
    return reverse("recognition:derived:answer", args=[unit.pk, year])


def test_a_ward_page_shows_criterion_4_with_a_form_per_entered_content(tree, commune_officer, client_for):
    response = client_for(commune_officer).get(page(tree.commune_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="indicator-urban_4"' in html and 'id="indicator-ntm_19_2"' not in html
    assert html.count('data-form="derived-answer"') == 5  # contents 2–6; content 1 comes from the recognition
    assert 'id="content-urban_4-1"' in html and "XA-2.KDC-3a" in html
    assert f'data-unit-id="{tree.commune_a.pk}"' in html  # ids unlocalised


def test_a_rural_commune_page_shows_19_2_without_forms(tree, province_officer, client_for):
    RecognitionCaseFactory(unit=tree.commune_a2, year=YEAR, status="decided", result="met",
                           decision_number="9/QĐ-UBND")
    response = client_for(province_officer).get(page(tree.commune_a2))
    html = response.content.decode()
    assert 'id="indicator-ntm_19_2"' in html and 'data-form="derived-answer"' not in html
    assert 'id="content-ntm_19_2-recognised" data-content="recognised" data-status="met"' in html


@pytest.mark.parametrize("target", ["commune_b", "kdc_a"])
def test_out_of_scope_or_not_a_commune_answers_404(tree, commune_officer, client_for, target):
    client = client_for(commune_officer)
    unit = getattr(tree, target)
    assert client.get(page(unit)).status_code == 404
    assert client.post(answer_url(unit), {"indicator": "urban_4", "content": "2", "met": "met",
                                          "note": "x"}).status_code == 404
    assert not DerivedContentAnswer.objects.exists()


def test_an_implausible_year_answers_404(tree, commune_officer, client_for):
    assert client_for(commune_officer).get(page(tree.commune_a, 1999)).status_code == 404


def test_an_answer_is_saved_and_shown(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(answer_url(tree.commune_a), {"indicator": "urban_4", "content": "4", "met": "not_met",
                                                       "note": "Phát sinh 01 tụ điểm."})
    assert response.status_code == 302 and response["Location"].endswith("#content-urban_4-4")
    assert DerivedContentAnswer.objects.get().met is False
    html = client.get(page(tree.commune_a)).content.decode()
    assert 'id="content-urban_4-4" data-content="4" data-status="not_met"' in html
    assert "Phát sinh 01 tụ điểm." in html and 'id="derived-history"' in html


def test_a_refused_answer_comes_back_with_the_message_and_nothing_changes(tree, commune_officer, viewer, client_for):
    response = client_for(commune_officer).post(answer_url(tree.commune_a), {
        "indicator": "urban_4", "content": "4", "met": "met", "note": ""})
    assert response.status_code == 200
    assert "Say what the answer rests on" in response.content.decode()
    response = client_for(viewer).post(answer_url(tree.commune_a), {
        "indicator": "urban_4", "content": "4", "met": "met", "note": "Có biên bản"})
    assert response.status_code == 200
    assert not DerivedContentAnswer.objects.exists()


def test_viewer_and_decided_year_show_no_forms(tree, commune_officer, viewer, client_for):
    assert 'data-form="derived-answer"' not in client_for(viewer).get(page(tree.commune_a)).content.decode()
    RecognitionCaseFactory(unit=tree.commune_a, year=YEAR, status="decided", result="met", decision_number="1/QĐ")
    html = client_for(commune_officer).get(page(tree.commune_a)).content.decode()
    assert 'data-form="derived-answer"' not in html and 'id="derived-locked"' in html


def test_the_unit_page_of_a_commune_shows_its_derived_criteria(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    html = client.get(reverse("units:detail", args=[tree.commune_a.pk])).content.decode()
    assert 'id="unit-derived"' in html and 'data-indicator="urban_4"' in html
    assert page(tree.commune_a, current_year()) in html
    kdc = client.get(reverse("units:detail", args=[tree.kdc_a.pk])).content.decode()
    assert 'id="unit-derived"' not in kdc


# --- the definitions editor ------------------------------------------------------------------------


def _editor_post(**changes) -> dict:
    form = RulesForm(data_set=file_data(KEY), rules=current_rules(), initial={"seen_version": 0})
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(reason="Đối chiếu Hướng dẫn 12/HD-BCA-V05", **changes)
    return data


@pytest.mark.parametrize("who", ["province_officer", "commune_officer", "viewer"])
def test_the_editor_and_history_are_for_the_national_administrator_only(request, who, client_for):
    client = client_for(request.getfixturevalue(who))
    assert client.get(EDITOR).status_code == 404
    assert client.post(EDITOR, _editor_post()).status_code == 404
    assert client.get(HISTORY).status_code == 404
    assert client.get(version_url(0)).status_code == 404
    assert client.post(RESTORE, {"reason": "x", "based_on": 0}).status_code == 404
    assert not DataVersion.objects.exists()


def test_invalid_edited_data_is_refused_with_its_message(national_admin, client_for):
    client = client_for(national_admin)
    assert client.get(EDITOR).status_code == 200
    response = client.post(EDITOR, _editor_post(**{"urban_4__2__decided_by": "entered",
                                                   "urban_4__2__criteria": "XA-99"}))
    assert response.status_code == 200
    assert "an entered content takes neither" in response.content.decode()
    response = client.post(EDITOR, _editor_post(**{"urban_4__2__decided_by": "from_recognition",
                                                   "urban_4__2__criteria": "XA-99"}))
    assert "unknown criteria XA-99" in response.content.decode()
    assert not DataVersion.objects.exists()


def test_an_edit_is_saved_as_a_version_and_shown_in_the_history(national_admin, client_for):
    client = client_for(national_admin)
    response = client.post(EDITOR, _editor_post(**{"urban_4__2__status": "confirmed",
                                                   "urban_4__2__decided_by": "from_recognition",
                                                   "urban_4__2__criteria": "XA-2.KDC-3g, XA-2.KDC-3e"}))
    assert response.status_code == 302 and response["Location"] == EDITOR
    version = DataVersion.objects.get(key=KEY)
    content = version.data["indicators"][1]["contents"][1]
    assert (content["status"], content["decided_by"], content["criteria"]) == (
        "confirmed", "from_recognition", ["XA-2.KDC-3g", "XA-2.KDC-3e"])
    assert "decision" not in content
    html = client.get(HISTORY).content.decode()
    assert 'data-version="1"' in html and "Đối chiếu Hướng dẫn 12/HD-BCA-V05" in html
    html = client.get(version_url(1)).content.decode()
    assert 'data-content="2"' in html and "XA-2.KDC-3g" in html
    assert client.get(version_url(0)).status_code == 200 and client.get(version_url(7)).status_code == 404
    # The form of the old version is now stale.
    response = client.post(EDITOR, _editor_post())
    assert response.status_code == 200 and DataVersion.objects.count() == 1


def test_a_recognition_decision_content_round_trips_through_the_editor(national_admin, client_for):
    response = client_for(national_admin).post(EDITOR, _editor_post())
    assert response.status_code == 302
    data = DataVersion.objects.get().data
    assert data == file_data(KEY)  # nothing changed: the same data as a new version


def test_the_shipped_file_can_be_restored(national_admin, client_for):
    client = client_for(national_admin)
    client.post(EDITOR, _editor_post(**{"urban_4__2__status": "confirmed"}))
    response = client.post(RESTORE, {"reason": "Quay lại bản gốc", "based_on": 1})
    assert response.status_code == 302
    assert DataVersion.objects.get(number=2).data == file_data(KEY)
    assert not current_rules().indicator("urban_4").content("2").confirmed
