"""Pages: the list in scope, nominating (refusal with the reason), the steps, the law data editor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.commendations.models import Award, AwardStatus
from antq.commendations.rules import current_rules
from antq.commendations.tests.factories import DecidedAwardFactory, PersonFactory, recognised
from antq.core.models import DataVersion

YEAR = timezone.localdate().year


def _nomination(unit, **changes):
    return {"unit": unit.pk, "recipient_type": "collective", "award": "giam_doc_cong_an_tinh:commendation_letter",
            "kind": "periodic", "year": YEAR, "achievement": "Tiêu biểu", "category": "other", **changes}


def test_list_shows_only_the_scope(tree, commune_officer, client_for):
    mine = DecidedAwardFactory(unit=tree.kdc_a, decision_number="11/QĐ-A")
    other = DecidedAwardFactory(unit=tree.kdc_b, decision_number="22/QĐ-B")
    client = client_for(commune_officer)
    page = client.get(reverse("commendations:list")).content.decode()
    assert "11/QĐ-A" in page and "22/QĐ-B" not in page
    assert client.get(reverse("commendations:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("commendations:detail", args=[mine.pk])).status_code == 200


def test_list_filters(tree, province_officer, client_for):
    DecidedAwardFactory(unit=tree.kdc_a, decision_number="11/QĐ-A", form="flag", issuer="ubnd_tinh")
    DecidedAwardFactory(unit=tree.agency_a, decision_number="12/QĐ-A")
    page = client_for(province_officer).get(reverse("commendations:list"), {"form": "flag"}).content.decode()
    assert "11/QĐ-A" in page and "12/QĐ-A" not in page


def test_nominate_refused_with_the_reason_then_accepted(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("commendations:nominate"), _nomination(tree.kdc_a))
    assert response.status_code == 200
    assert f"no decided ANTT-safe recognition for {YEAR}" in response.content.decode()
    assert not Award.objects.exists()
    recognised(tree.kdc_a, YEAR)
    response = client.post(reverse("commendations:nominate"), _nomination(tree.kdc_a))
    award = Award.objects.get()
    assert response.status_code == 302 and response.url == reverse("commendations:detail", args=[award.pk])


def test_nominate_an_individual(tree, commune_officer, province_officer, client_for):
    medal = _nomination(
        tree.commune_a, recipient_type="individual", award="bo_cong_an:commemorative_medal", kind="long_service",
        full_name="Lê Thị Mai", sex="female", birth_date="05/03/1975", id_number="044175000001",
        category="street_guard", in_force_since="01/01/2010")
    refused = client_for(commune_officer).post(reverse("commendations:nominate"), medal)
    assert "proposed by the province" in refused.content.decode() and not Award.objects.exists()
    response = client_for(province_officer).post(reverse("commendations:nominate"), medal)
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.person.birth_date == datetime.date(1975, 3, 5) and award.recipient_type == "individual"


def test_steps_review_and_decide(tree, commune_officer, province_officer, client_for):
    recognised(tree.kdc_a, YEAR)
    client = client_for(commune_officer)
    client.post(reverse("commendations:nominate"), _nomination(tree.kdc_a))
    award = Award.objects.get()
    # The nominating commune sees no review step and may not take it.
    assert "step-review" not in client.get(reverse("commendations:detail", args=[award.pk])).content.decode()
    client.post(reverse("commendations:step", args=[award.pk, "review"]), {"version": award.version})
    assert Award.objects.get().status == AwardStatus.NOMINATED
    client = client_for(province_officer)
    assert "step-review" in client.get(reverse("commendations:detail", args=[award.pk])).content.decode()
    client.post(reverse("commendations:step", args=[award.pk, "review"]), {"version": award.version})
    award.refresh_from_db()
    assert award.status == AwardStatus.REVIEWED
    client.post(reverse("commendations:step", args=[award.pk, "decide"]), {
        "version": award.version, "decision_number": "99/QĐ-CAT", "decision_date": f"19/08/{YEAR}",
        "decision_signer": "Giám đốc"})
    award.refresh_from_db()
    assert award.status == AwardStatus.DECIDED and award.decision_date == datetime.date(YEAR, 8, 19)
    page = client.get(reverse("commendations:detail", args=[award.pk])).content.decode()
    assert "99/QĐ-CAT" in page and "step-decide" not in page and "award.decide" in page


def test_personal_data_only_for_those_who_enter_data(tree, commune_officer, viewer, client_for):
    person = PersonFactory(unit=tree.commune_a, id_number="044090009999")
    award = DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual")
    url = reverse("commendations:detail", args=[award.pk])
    assert "044090009999" in client_for(commune_officer).get(url).content.decode()
    assert "044090009999" not in client_for(viewer).get(url).content.decode()


def test_record_needs_decide_rights(tree, commune_officer, province_officer, client_for):
    assert client_for(commune_officer).get(reverse("commendations:record")).status_code == 404
    response = client_for(province_officer).post(reverse("commendations:record"), {
        **_nomination(tree.kdc_a, year=2016, award="ubnd_huyen:commendation_letter"),
        "decision_number": "5/QĐ-UBND", "decision_date": "10/01/2017", "decision_signer": "Chủ tịch"})
    assert response.status_code == 302
    assert Award.objects.get().source == "recorded"


def test_rules_editor_is_for_the_national_admin(tree, national_admin, province_officer, client_for):
    assert client_for(province_officer).get(reverse("commendations:rules")).status_code == 404
    client = client_for(national_admin)
    text = client.get(reverse("commendations:rules")).context["form"].initial["text"]
    assert "female: 10" in text
    response = client.post(reverse("commendations:rules"), {
        "text": text.replace("female: 10", "female: 12"), "reason": "CV 999/V05 (thử)", "based_on": 0})
    assert response.status_code == 302
    assert DataVersion.objects.filter(key="commendations.awards").count() == 1
    assert current_rules().medal.tenure[1].years_in_force["female"] == 12
    broken = client.post(reverse("commendations:rules"), {"text": "issuers: []", "reason": "x", "based_on": 1})
    assert broken.status_code == 200 and DataVersion.objects.count() == 1
    assert client.get(reverse("commendations:rules_history")).status_code == 200
    assert client.get(reverse("commendations:rules_version", args=[1])).status_code == 200


@pytest.mark.parametrize("name", ["list", "counts", "nominate"])
def test_pages_render(tree, province_officer, client_for, name):
    assert client_for(province_officer).get(reverse(f"commendations:{name}")).status_code == 200


def test_list_page_queries_do_not_grow_with_rows(tree, province_officer, client_for, django_assert_max_num_queries):
    client = client_for(province_officer)
    client.get(reverse("commendations:list"))  # warm the session and the parsed rules
    for n in range(3):
        person = PersonFactory(unit=tree.commune_a)
        DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual")
        DecidedAwardFactory(unit=tree.kdc_a, year=2010 + n)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("commendations:list"))
    for n in range(10):
        DecidedAwardFactory(unit=tree.agency_a, year=2000 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("commendations:list"))
