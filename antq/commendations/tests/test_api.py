"""The API: list in scope, nominate (refused with the reason), steps with versions, counts."""

from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from antq.commendations.models import Award
from antq.commendations.tests.factories import DecidedAwardFactory, PersonFactory, recognised
from antq.commendations.tests.seeds import enter_seeds_000

YEAR = timezone.localdate().year
BASE = "/api/v1/commendations/"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages compare with their msgids
    return client


def test_list_and_detail_in_scope_with_personal_data_masked(tree, viewer, commune_officer):
    person = PersonFactory(unit=tree.commune_a, id_number="044090001111")
    award = DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual")
    DecidedAwardFactory(unit=tree.kdc_b)
    data = _client(viewer).get(f"{BASE}awards/").json()
    assert [row["id"] for row in data["results"]] == [award.pk]
    assert data["results"][0]["person"]["id_number"] == ""
    assert _client(commune_officer).get(f"{BASE}awards/{award.pk}/").json()["person"]["id_number"] == "044090001111"
    other = Award.objects.get(unit=tree.kdc_b)
    assert _client(viewer).get(f"{BASE}awards/{other.pk}/").status_code == 404


def test_nominate_review_decide(tree, commune_officer, province_officer):
    body = {"unit": tree.kdc_a.pk, "form": "commendation_letter", "issuer": "giam_doc_cong_an_tinh",
            "kind": "periodic", "year": YEAR}
    refused = _client(commune_officer).post(f"{BASE}awards/", body, format="json")
    assert refused.status_code == 400 and "no decided ANTT-safe recognition" in str(refused.json())
    recognised(tree.kdc_a, YEAR)
    created = _client(commune_officer).post(f"{BASE}awards/", body, format="json")
    assert created.status_code == 201
    award = created.json()
    officer = _client(province_officer)
    reviewed = officer.post(f"{BASE}awards/{award['id']}/review/", {"version": award["version"]}, format="json")
    assert reviewed.status_code == 200
    stale = officer.post(f"{BASE}awards/{award['id']}/decide/", {
        "version": award["version"], "decision_number": "1/QĐ", "decision_date": f"{YEAR}-01-02",
        "decision_signer": "GĐ"}, format="json")
    assert stale.status_code == 409
    decided = officer.post(f"{BASE}awards/{award['id']}/decide/", {
        "version": reviewed.json()["version"], "decision_number": "1/QĐ", "decision_date": f"02/01/{YEAR}",
        "decision_signer": "GĐ"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "decided"


def test_record_and_counts(tree, province_officer, commune_officer):
    body = {"unit": tree.kdc_a.pk, "form": "flag", "issuer": "ubnd_tinh", "kind": "periodic", "year": 2015,
            "decision_number": "3/QĐ-UBND", "decision_date": "2016-01-10", "decision_signer": "Chủ tịch"}
    assert _client(commune_officer).post(f"{BASE}awards/record/", body, format="json").status_code == 404
    assert _client(province_officer).post(f"{BASE}awards/record/", body, format="json").status_code == 201
    enter_seeds_000(province_officer, tree.commune_a)
    counts = _client(province_officer).get(f"{BASE}counts/", {"area": tree.province_a.pk, "year_from": 2011,
                                                                "year_to": 2011}).json()
    assert (counts["collectives"], counts["individuals"]) == (63, 50)
    assert counts["issuers"][0]["forms"] == {"flag": 3, "certificate_of_merit": 7}
    assert "Giám đốc Công an tỉnh awarded 91 commendation letters to 45 collectives, 46 individuals." in counts[
        "sentences"]


def test_api_list_queries_do_not_grow_with_rows(tree, commune_officer, django_assert_max_num_queries):
    client = _client(commune_officer)
    for _ in range(3):
        DecidedAwardFactory(unit=tree.commune_a, person=PersonFactory(unit=tree.commune_a),
                            recipient_type="individual")
    with django_assert_max_num_queries(10) as few:
        client.get(f"{BASE}awards/")
    for _ in range(10):
        DecidedAwardFactory(unit=tree.commune_a, person=PersonFactory(unit=tree.commune_a),
                            recipient_type="individual")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{BASE}awards/").json()["results"]) == 13


def test_return_with_reason_and_resubmit(tree, commune_officer, province_officer):
    recognised(tree.kdc_a, YEAR)
    award = _client(commune_officer).post(f"{BASE}awards/", {
        "unit": tree.kdc_a.pk, "form": "commendation_letter", "issuer": "giam_doc_cong_an_tinh", "kind": "periodic",
        "year": YEAR}, format="json").json()
    officer = _client(province_officer)
    no_reason = officer.post(f"{BASE}awards/{award['id']}/return/", {"version": award["version"]}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    returned = officer.post(f"{BASE}awards/{award['id']}/return/", {"version": award["version"],
                                                                     "reason": "Thiếu số liệu"}, format="json")
    assert returned.json()["status"] == "returned" and returned.json()["returned_reason"] == "Thiếu số liệu"
    again = _client(commune_officer).post(f"{BASE}awards/{award['id']}/resubmit/", {
        "version": returned.json()["version"], "achievement": "Đã bổ sung"}, format="json")
    assert again.json()["status"] == "nominated" and again.json()["achievement"] == "Đã bổ sung"
