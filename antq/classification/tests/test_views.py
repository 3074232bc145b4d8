"""The classification through its pages: who sees which step, reasons, stale pages, scope (404)."""

import pytest
from django.urls import reverse

from antq.classification.models import Classification, ClassificationStatus, ScoreStage
from antq.classification.tests.factories import ClassificationFactory, sheet_scores
from antq.classification.tests.test_workflow import _reviewed, _submitted
from antq.classification.workflow import classification_decide, classification_start
from antq.core.models import AuditEvent, DataVersion
from antq.units.tests.factories import ResidentialAreaFactory

YEAR = 2026
LIST = reverse("classification:list")


def _url(classification, name="detail"):
    return reverse(f"classification:{name}", args=[classification.pk])


def _post(client, classification, name, **data):
    classification.refresh_from_db()
    data.setdefault("seen_version", classification.version)
    return client.post(_url(classification, name), data)


def _score_data(unit, total, **changes):
    data = {}
    for item_id, entry in sheet_scores(unit, YEAR, total).items():
        data[f"points_{item_id}"] = str(entry["points"])
        data[f"note_{item_id}"] = entry["note"]
    data.update(changes)
    return data


def _html(response):
    return response.content.decode()


def test_full_cycle_through_the_pages(tree, unit_reporter, commune_officer, province_officer, client):
    client.force_login(unit_reporter)
    page = client.get(f"{LIST}?year={YEAR}")
    assert page.status_code == 200 and f'data-start="{tree.kdc_a.pk}"' in _html(page)
    response = client.post(reverse("classification:start", args=[tree.kdc_a.pk]), {"year": YEAR})
    classification = Classification.objects.get(unit=tree.kdc_a, year=YEAR)
    assert response.status_code == 302 and response.url == _url(classification)
    page = client.get(_url(classification))
    assert 'id="form-score_self"' in _html(page) and 'id="form-submit"' in _html(page)
    assert 'id="form-review"' not in _html(page)

    response = _post(client, classification, "score", **_score_data(tree.kdc_a, 90))
    assert response.status_code == 302
    assert classification.scores.filter(stage=ScoreStage.SELF).count() == 17
    assert _post(client, classification, "submit").status_code == 302
    classification.refresh_from_db()
    assert (classification.status, classification.self_level) == (ClassificationStatus.SUBMITTED, "excellent")

    # The commune reviews: a changed item without a reason is shown again with the error, nothing saved.
    client.force_login(commune_officer)
    page = client.get(_url(classification))
    assert 'id="form-score_review"' in _html(page) and 'id="form-review"' in _html(page)
    data = _score_data(tree.kdc_a, 90, **{"points_PT-KDC-3a": "3", "note_PT-KDC-3a": ""})
    response = _post(client, classification, "review_score", **{k: v for k, v in data.items()
                                                                if not k.startswith("note_")})
    assert response.status_code == 200 and 'id="form-score_review"' in _html(response)
    assert not classification.scores.filter(stage=ScoreStage.REVIEW).exists()
    data = {k: v for k, v in data.items() if not k.startswith("note_")}
    data["note_PT-KDC-3a"] = "Chưa có phần hội"
    assert _post(client, classification, "review_score", **data).status_code == 302
    assert _post(client, classification, "review").status_code == 302
    classification.refresh_from_db()
    assert (classification.reviewed_total, classification.reviewed_level) == (86, "good")
    page = _html(client.get(_url(classification)))
    assert 'data-item="PT-KDC-3a"' in page and 'data-changed="yes"' in page and "Chưa có phần hội" in page
    assert _post(client, classification, "decide", level="", reason="").status_code == 302
    classification.refresh_from_db()
    assert classification.level == "good" and classification.is_locked
    page = _html(client.get(_url(classification)))
    assert 'id="form-reopen"' not in page and 'data-level="good"' in page
    assert 'data-action="classification.decide"' in page

    client.force_login(province_officer)
    assert 'id="form-reopen"' in _html(client.get(_url(classification)))
    assert _post(client, classification, "reopen", reason="").status_code == 200
    assert _post(client, classification, "reopen", reason="Xem lại").status_code == 302
    classification.refresh_from_db()
    assert classification.status == ClassificationStatus.REVIEWED


def test_a_stale_page_is_refused_with_nothing_changed(tree, unit_reporter, client):
    classification = classification_start(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    client.force_login(unit_reporter)
    stale = classification.version
    _post(client, classification, "score", **_score_data(tree.kdc_a, 80))
    response = client.post(_url(classification, "submit"), {"seen_version": stale}, follow=True)
    assert response.status_code == 200 and "alert-danger" in _html(response)
    classification.refresh_from_db()
    assert classification.status == ClassificationStatus.DRAFT


def test_out_of_scope_classifications_answer_404(tree, commune_officer, client):
    other = ClassificationFactory(unit=tree.kdc_b)
    client.force_login(commune_officer)
    assert client.get(_url(other)).status_code == 404
    for name in ("score", "review_score", "submit", "review", "return", "decide", "reopen"):
        assert client.post(_url(other, name), {"seen_version": 1, "reason": "x"}).status_code == 404
    assert client.post(reverse("classification:start", args=[tree.kdc_b.pk]), {"year": YEAR}).status_code == 404
    other.refresh_from_db()
    assert other.status == ClassificationStatus.DRAFT and not AuditEvent.objects.filter(
        target_id=str(other.pk)).exists()
    page = _html(client.get(f"{LIST}?year={YEAR}"))
    assert f'data-classification-id="{other.pk}"' not in page


def test_a_viewer_sees_but_takes_no_step(tree, unit_reporter, viewer, client):
    classification = _submitted(tree.kdc_a, unit_reporter)
    client.force_login(viewer)
    page = _html(client.get(_url(classification)))
    assert 'id="classification-actions"' not in page and 'id="form-score_review"' not in page
    assert _post(client, classification, "review").status_code == 302
    classification.refresh_from_db()
    assert classification.status == ClassificationStatus.SUBMITTED


def test_the_decision_form_refuses_a_level_above_the_cap(tree, unit_reporter, commune_officer, client):
    from antq.recognition.tests.factories import RecognitionCaseFactory

    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="not_met")
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer, total=95)
    client.force_login(commune_officer)
    page = _html(client.get(_url(classification)))
    assert 'data-antt="not_met"' in page
    response = _post(client, classification, "decide", level="excellent", reason="Thành tích tốt")
    assert response.status_code == 200 and 'id="form-decide"' in _html(response)
    classification.refresh_from_db()
    assert classification.status == ClassificationStatus.REVIEWED


def test_list_filters_and_queries_do_not_grow(tree, commune_officer, client, django_assert_max_num_queries):
    for _ in range(12):
        ClassificationFactory(unit=ResidentialAreaFactory(parent=tree.commune_a))
    ClassificationFactory(unit=tree.kdc_a, status="decided", level="good", block="residential_area")
    client.force_login(commune_officer)
    with django_assert_max_num_queries(16):
        page = client.get(f"{LIST}?year={YEAR}&status=decided")
    assert page.status_code == 200
    assert _html(page).count("data-classification-id=") == 1


def test_statistics_page(tree, province_officer, client):
    ClassificationFactory(unit=tree.commune_a, status="decided", level="good", block="commune")
    from antq.classification.tallies import tally_rebuild

    tally_rebuild(year=YEAR)
    client.force_login(province_officer)
    page = client.get(reverse("classification:statistics"), {"area": tree.province_a.pk, "year": YEAR})
    html = _html(page)
    assert page.status_code == 200 and 'data-block="commune"' in html
    assert "<span data-fraction>1/2</span>" in html  # one of the province's two communes is "good"
    assert client.get(reverse("classification:statistics"), {"area": tree.province_b.pk}).status_code == 404


def test_sheet_pages_for_every_signed_in_user(tree, commune_officer, client):
    client.force_login(commune_officer)
    index = client.get(reverse("classification:sheets"))
    assert index.status_code == 200 and 'data-sheet="CQ"' in _html(index)
    assert 'data-edit=' not in _html(index)
    sheet = client.get(reverse("classification:sheet", args=["qd510_2022", "CQ"]))
    html = _html(sheet)
    assert 'data-item="PT-CQ-4a"' in html and "Điều 7" in html
    assert client.get(reverse("classification:sheet", args=["qd510_2022", "NOPE"])).status_code == 404
    assert client.get(reverse("classification:sheets"), {"province": tree.province_b.pk}).status_code == 404


@pytest.mark.parametrize("who, province, status", [
    ("national_admin", None, 200), ("province_officer", None, 404), ("commune_officer", None, 404),
    ("national_admin", "a", 200), ("province_officer", "a", 200), ("province_officer", "b", 404),
    ("commune_officer", "a", 404),
])
def test_who_opens_the_editor(request, tree, client, who, province, status):
    user = request.getfixturevalue(who)
    client.force_login(user)
    params = {"province": getattr(tree, f"province_{province}").pk} if province else {}
    assert client.get(reverse("classification:rules_edit", args=["qd510_2022"]), params).status_code == status


def test_the_editor_validates_the_whole_document_and_keeps_versions(tree, national_admin, client):
    from antq.classification.editing import rules_text
    from antq.classification.rules import regulation_for

    url = reverse("classification:rules_edit", args=["qd510_2022"])
    client.force_login(national_admin)
    text = rules_text("qd510_2022")
    broken = client.post(url, {"text": text.replace("max_points: 10\n", "max_points: 12\n", 1), "reason": "Thử",
                               "based_on": 0})
    assert broken.status_code == 200 and "bảng KDC" in _html(broken)  # the page is in Vietnamese
    assert client.post(url, {"text": "a: [", "reason": "Thử", "based_on": 0}).status_code == 200
    no_reason = client.post(url, {"text": text, "reason": "", "based_on": 0})
    assert no_reason.status_code == 200
    changed = text.replace("min_points: 90", "min_points: 85", 1)
    response = client.post(url, {"text": changed, "reason": "Công văn 12/V05 năm 2026", "based_on": 0})
    assert response.status_code == 302
    stale = client.post(url, {"text": changed, "reason": "Lần hai", "based_on": 0})
    assert stale.status_code == 200 and not DataVersion.objects.filter(number=2).exists()
    assert regulation_for(YEAR).bands.levels[0].min_points == 85
    page = _html(client.get(url))
    assert 'data-version="1"' in page and "Công văn 12/V05" in page


def test_a_province_adopts_its_own_sheet_but_not_other_deadlines(tree, national_admin, unit_reporter,
                                                                  commune_officer, client):
    from antq.classification.editing import rules_text

    url = f'{reverse("classification:rules_edit", args=["qd510_2022"])}?province={tree.province_a.pk}'
    client.force_login(national_admin)
    text = rules_text("qd510_2022")
    assert "residential_area: 11-20" in text
    refused = client.post(url, {"text": text.replace("residential_area: 11-20", "residential_area: 11-25"),
                                "reason": "QĐ 514/QĐ-UBND", "based_on": 0})
    assert refused.status_code == 200 and "deadlines" in _html(refused)
    changed = text.replace("min_points: 70", "min_points: 75", 1)
    response = client.post(url, {"text": changed, "reason": "QĐ 514/QĐ-UBND", "based_on": 0})
    assert response.status_code == 302
    # A KDC of the province scoring 72 is "good" nationally, "average" under the province's own bands.
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer, total=72)
    assert classification.reviewed_level == "average"
    classification = classification_decide(actor=commune_officer, classification=classification)
    assert classification.rules["scope_id"] == tree.province_a.pk and classification.rules["number"] == 1
    other = ClassificationFactory(unit=tree.kdc_b)
    from antq.classification.applied import rules_of

    assert rules_of(other).bands.levels[1].min_points == 70
