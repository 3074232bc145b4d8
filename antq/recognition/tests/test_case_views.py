"""The yearly cycle through the pages: who sees which action, who may take it, stale pages, scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.models import AnswerStage, CaseAnswer, CaseStatus, RecognitionCase
from antq.recognition.selectors import current_year
from antq.recognition.tests.factories import RecognitionCaseFactory, file_dossier
from antq.recognition.workflow import ConflictError, case_register, case_set_figures, case_transition
from antq.units.tests.factories import EnterpriseFactory, ResidentialAreaFactory

YEAR = current_year()
CASES = reverse("recognition:cases")


def _vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def _case_url(case, name="case"):
    return reverse(f"recognition:{name}", args=[case.pk])


def _post(client, case, name, **data):
    case.refresh_from_db()
    data.setdefault("seen_version", case.version)
    return client.post(_case_url(case, name), data)


def _must_haves(kind="residential_area", year=YEAR):
    return [c.id for c in criteria_set_for(kind, year).criteria if c.kind == CriterionKind.MUST_HAVE]


def _actions(case):
    return list(AuditEvent.objects.filter(target_id=str(case.pk)).order_by("id").values_list("action", flat=True))


def _html(response):
    return response.content.decode()


def test_full_kdc_cycle_through_the_pages(tree, unit_reporter, commune_officer, province_officer, client):
    # The unit's reporter registers, answers, enters the figure, finishes and submits.
    client.force_login(unit_reporter)
    register = reverse("recognition:register", args=[tree.kdc_a.pk])
    page = client.get(register)
    assert page.status_code == 200 and 'data-eligible="yes"' in _html(page)
    response = client.post(register, {"year": YEAR, "note": "Có nghị quyết chi bộ"})
    case = RecognitionCase.objects.get(unit=tree.kdc_a, year=YEAR)
    assert response.status_code == 302 and response.url == _case_url(case)
    assert case.status == CaseStatus.REGISTERED and case.registered_by == unit_reporter

    html = _html(client.get(_case_url(case)))
    assert 'id="criterion-KDC-2"' in html and 'data-form="answer"' in html
    assert 'data-form="override"' not in html and 'id="form-appraise"' not in html
    assert 'id="form-self-assess"' in html and 'id="form-submit"' not in html
    assert 'id="form-self_figures"' in html and 'name="households_registered_percent"' in html
    _post(client, case, "case_answer", criterion="KDC-3a", met="met")  # decided from incidents, not answered
    assert not case.answers.exists()
    for criterion_id in _must_haves():
        response = _post(client, case, "case_answer", criterion=criterion_id, met="met", note="Có biên bản")
        assert response.status_code == 302, _html(response)
    assert set(case.answers.filter(stage=AnswerStage.SELF).values_list("criterion_id", flat=True)) == set(_must_haves())
    response = _post(client, case, "case_figures", households_registered_percent="100")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.figures == {"households_registered_percent": "100"}

    _post(client, case, "case_self_assess")
    case.refresh_from_db()
    assert case.status == CaseStatus.SELF_ASSESSED and case.self_evaluation["outcome"] == "recognised"
    html = _html(client.get(_case_url(case)))
    _post(client, case, "case_submit")  # refused: the signed scans are not filed yet
    case.refresh_from_db()
    assert case.status == CaseStatus.SELF_ASSESSED
    file_dossier(case, unit_reporter)
    _post(client, case, "case_submit")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    reporter_page = _html(client.get(_case_url(case)))
    assert 'data-form="answer"' not in reporter_page and 'id="form-appraise"' not in reporter_page

    # The commune appraises (changing one result with a reason) and decides.
    client.force_login(commune_officer)
    html = _html(client.get(_case_url(case)))
    assert 'data-form="override"' in html and 'id="form-appraise"' in html and 'id="form-return"' in html
    response = _post(client, case, "case_override", criterion="KDC-5a", met="met", note="Đã kiểm tra tại chỗ")
    assert response.status_code == 302
    assert case.answers.get(stage=AnswerStage.APPRAISAL).note == "Đã kiểm tra tại chỗ"
    _post(client, case, "case_appraise")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPRAISED and case.appraised_evaluation["outcome"] == "recognised"
    html = _html(client.get(_case_url(case)))
    assert 'id="form-decide"' in html
    assert 'value="met" class="form-check-input" id="id_decide_result_0" required checked' in html
    assert 'data-stage="appraisal"' in html  # self and appraised results side by side
    response = _post(
        client,
        case,
        "case_decide",
        result="met",
        decision_number="15/QĐ-UBND",
        decision_date=f"10/11/{YEAR}",
        signer="Chủ tịch UBND phường Ba Đình",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.result == "met"
    assert case.decision_date == datetime.date(YEAR, 11, 10)  # dd/mm/yyyy, not mm/dd

    # The commune cannot reopen its own decision; the province can, with a reason.
    assert 'id="form-reopen"' not in _html(client.get(_case_url(case)))
    response = _post(client, case, "case_reopen", reason="Xin mở lại")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    client.force_login(province_officer)
    assert 'id="form-reopen"' in _html(client.get(_case_url(case)))
    _post(client, case, "case_reopen", reason="Phát hiện vụ việc chưa được báo cáo")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPRAISED and case.result == ""

    assert _actions(case) == [
        "recognition.register",
        *["recognition.answer.self"] * len(_must_haves()),
        "recognition.figures.self",
        "recognition.self_assessed",
        *["recognition.document_upload"] * 3,  # the signed submission, results report and minutes
        "recognition.submitted",
        "recognition.answer.appraisal",
        "recognition.appraised",
        "recognition.decide",
        "recognition.reopen",
    ]
    reopen = AuditEvent.objects.get(target_id=str(case.pk), action="recognition.reopen")
    assert reopen.actor == province_officer
    timeline = _html(client.get(_case_url(case)))
    assert "Phát hiện vụ việc chưa được báo cáo" in timeline and "15/QĐ-UBND" in timeline
    assert 'data-action="recognition.reopen"' in timeline


def test_return_for_correction_needs_a_reason_shown_on_the_form(tree, unit_reporter, commune_officer, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    client.force_login(commune_officer)
    response = _post(client, case, "case_return", reason="")
    assert response.status_code == 200 and 'id="form-return"' in _html(response)
    assert "invalid-feedback" in _html(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    _post(client, case, "case_return", reason="Thiếu biên bản họp")
    case.refresh_from_db()
    assert case.status == CaseStatus.SELF_ASSESSED
    client.force_login(unit_reporter)
    html = _html(client.get(_case_url(case)))
    assert 'id="returned-reason"' in html and "Thiếu biên bản họp" in html


def test_viewer_sees_the_case_but_no_actions_and_cannot_answer(tree, unit_reporter, viewer, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    client.force_login(viewer)
    html = _html(client.get(_case_url(case)))
    assert 'id="case-actions"' not in html and 'data-form="answer"' not in html
    response = _post(client, case, "case_answer", criterion="KDC-2", met="met")
    assert response.status_code == 302
    assert not CaseAnswer.objects.exists()
    messages = _html(client.get(_case_url(case)))
    assert _vi("You may not answer for this unit.") in messages
    assert client.get(reverse("recognition:register", args=[tree.kdc_a.pk])).status_code == 404


def test_unit_side_cannot_appraise_its_own_case(tree, unit_reporter, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    client.force_login(unit_reporter)
    version = RecognitionCase.objects.get().version
    _post(client, case, "case_appraise")
    _post(client, case, "case_override", criterion="KDC-2", met="not_met", note="Tự sửa")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.version == version
    assert not case.answers.filter(stage=AnswerStage.APPRAISAL).exists()


def test_a_stale_page_gets_the_conflict_message_and_changes_nothing(tree, unit_reporter, commune_officer, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    seen = case.version
    case_transition(actor=commune_officer, case=case, to=CaseStatus.SELF_ASSESSED)  # someone else, meanwhile
    client.force_login(unit_reporter)
    response = _post(client, case, "case_submit", seen_version=seen)
    assert response.status_code == 302 and response.url == _case_url(case)
    response = _post(client, case, "case_answer", seen_version=seen, criterion="KDC-2", met="met")
    case.refresh_from_db()
    assert case.status == CaseStatus.SELF_ASSESSED and not case.answers.exists()
    html = _html(client.get(_case_url(case)))
    assert _vi("This record was changed by someone else meanwhile. Reload the page and try again.") in html
    assert _actions(case) == ["recognition.register", "recognition.self_assessed"]


def test_pages_of_another_communes_case_are_404(tree, commune_officer, client):
    other = RecognitionCaseFactory(unit=tree.kdc_b, year=YEAR, status=CaseStatus.SUBMITTED)
    client.force_login(commune_officer)
    assert client.get(_case_url(other)).status_code == 404
    for name in (
        "case_answer",
        "case_figures",
        "case_self_assess",
        "case_submit",
        "case_override",
        "case_appraised_figures",
        "case_appraise",
        "case_return",
        "case_decide",
        "case_reopen",
    ):
        assert _post(client, other, name, reason="x", criterion="KDC-2", met="met").status_code == 404, name
    assert client.get(reverse("recognition:register", args=[tree.kdc_b.pk])).status_code == 404
    assert client.get(CASES, {"area": tree.commune_b.pk}).status_code == 404
    other.refresh_from_db()
    assert other.status == CaseStatus.SUBMITTED and not AuditEvent.objects.exists()


def test_case_list_is_scoped_counted_and_filtered(
    tree, commune_officer, province_officer, client, django_assert_num_queries
):
    kdcs = [ResidentialAreaFactory(parent=tree.commune_a) for _ in range(4)]
    for kdc in kdcs[:3]:
        RecognitionCaseFactory(unit=kdc, year=YEAR)
    RecognitionCaseFactory(unit=kdcs[3], year=YEAR, status=CaseStatus.DECIDED, result="met")
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR - 1, status=CaseStatus.DECIDED, result="not_met")
    RecognitionCaseFactory(unit=tree.kdc_b, year=YEAR)  # another province
    client.force_login(commune_officer)
    client.get(CASES)  # warm the session and the content types
    with django_assert_num_queries(12):
        response = client.get(CASES)
    html = _html(response)
    assert html.count('data-case-id="') == 4
    assert tree.kdc_b.name not in html
    assert 'data-count="registered">' in html
    counts = response.context["counts"]
    assert {s: n for s, _label, n, _style in counts} == {
        "registered": 3,
        "self_assessed": 0,
        "submitted": 0,
        "appraised": 0,
        "decided": 1,
    }
    decided = _html(client.get(CASES, {"status": "decided"}))
    assert decided.count('data-case-id="') == 1 and 'data-case-result="met"' in decided
    last_year = _html(client.get(CASES, {"year": YEAR - 1}))
    assert last_year.count('data-case-id="') == 1 and 'data-case-result="not_met"' in last_year
    client.force_login(province_officer)
    area = _html(client.get(CASES, {"area": tree.commune_a2.pk}))
    assert 'data-case-id="' not in area and 'id="no-cases"' in area


def test_case_list_query_count_does_not_grow_with_rows(tree, commune_officer, client, django_assert_num_queries):
    for _ in range(12):
        RecognitionCaseFactory(unit=ResidentialAreaFactory(parent=tree.commune_a), year=YEAR)
    client.force_login(commune_officer)
    client.get(CASES)
    with django_assert_num_queries(12):
        client.get(CASES)


def test_a_small_enterprise_cannot_register_and_the_page_cites_the_article(tree, commune_officer, client):
    small = EnterpriseFactory(parent=tree.commune_a, enterprise_size="small")
    client.force_login(commune_officer)
    url = reverse("recognition:register", args=[small.pk])
    html = _html(client.get(url))
    assert 'data-eligible="no"' in html and "124/2021" in html and "1.2" in html
    assert 'id="register-submit"' not in html
    response = client.post(url, {"year": YEAR})
    assert response.status_code == 200
    html = _html(response)
    assert "alert-danger" in html and "124/2021" in html and "Điều 1.2" in html
    assert not RecognitionCase.objects.exists()


def test_decision_with_a_bad_date_is_shown_again_with_errors(tree, unit_reporter, commune_officer, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    case_transition(actor=commune_officer, case=case, to=CaseStatus.APPRAISED)
    client.force_login(commune_officer)
    response = _post(
        client, case, "case_decide", result="met", decision_number="1/QĐ", decision_date="31/02/2026", signer="Chủ tịch"
    )
    assert response.status_code == 200 and 'id="form-decide"' in _html(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPRAISED


def test_criteria_text_follows_the_language(tree, unit_reporter, client):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    criterion = criteria_set_for("residential_area", YEAR).criterion("KDC-2")
    client.force_login(unit_reporter)
    assert criterion.text_vi in _html(client.get(_case_url(case)))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _html(client.get(_case_url(case)))
    assert criterion.text_en in html and criterion.text_vi not in html


def test_unit_cases_tag_lists_cases_and_offers_registration(tree, unit_reporter, viewer):
    template = Template("{% load recognition %}{% unit_cases unit user %}")
    with translation.override("en"):
        html = template.render(Context({"unit": tree.kdc_a, "user": unit_reporter}))
        assert 'id="unit-register"' in html
        case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
        html = template.render(Context({"unit": tree.kdc_a, "user": unit_reporter}))
        assert 'id="unit-register"' not in html and _case_url(case) in html
        assert f'data-case-id="{case.pk}"' in html
        assert 'id="unit-register"' not in template.render(Context({"unit": tree.kdc_a, "user": viewer}))


# --- case_set_figures -------------------------------------------------------------------------


def test_set_figures_replaces_the_stage_figures_and_is_audited(tree, unit_reporter):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    version = case.version
    case = case_set_figures(
        actor=unit_reporter, case=case, figures={"households_registered_percent": "99,5"}, seen_version=version
    )
    assert case.figures == {"households_registered_percent": "99.5"} and case.version == version + 1
    event = AuditEvent.objects.get(action="recognition.figures.self")
    assert event.detail["after"] == {"households_registered_percent": "99.5"}
    case = case_set_figures(actor=unit_reporter, case=case, figures={"households_registered_percent": ""})
    assert case.figures == {}


@pytest.mark.parametrize(
    "figures",
    [
        {"effective_models": "1"},
        {"households_registered_percent": "101"},
        {"households_registered_percent": "-1"},
        {"households_registered_percent": "nhiều"},
    ],
)
def test_set_figures_refuses_unknown_names_and_bad_values(tree, unit_reporter, figures):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError) as info:
        case_set_figures(actor=unit_reporter, case=case, figures=figures)
    assert set(info.value.message_dict) == set(figures)
    case.refresh_from_db()
    assert case.figures == {} and case.version == 1


def test_commune_figures_computed_from_sub_units_are_not_entered(tree, commune_officer):
    case = case_register(actor=commune_officer, unit=tree.commune_a, year=YEAR)
    with pytest.raises(ValidationError):
        case_set_figures(actor=commune_officer, case=case, figures={"recognised_percent": "100"})
    case = case_set_figures(actor=commune_officer, case=case, figures={"effective_models": "2"})
    assert case.figures == {"effective_models": "2"}


def test_appraised_figures_are_the_reviewers_and_only_while_submitted(tree, unit_reporter, commune_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ConflictError):
        case_set_figures(actor=commune_officer, case=case, figures={}, stage=AnswerStage.APPRAISAL)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ConflictError):
        case_set_figures(actor=unit_reporter, case=case, figures={"households_registered_percent": "90"})
    with pytest.raises(ValidationError):
        case_set_figures(
            actor=unit_reporter, case=case, figures={"households_registered_percent": "90"}, stage=AnswerStage.APPRAISAL
        )
    case = case_set_figures(
        actor=commune_officer, case=case, figures={"households_registered_percent": "90"}, stage=AnswerStage.APPRAISAL
    )
    assert case.appraised_figures == {"households_registered_percent": "90"} and case.figures == {}


def test_stale_figures_are_refused(tree, unit_reporter):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    case_set_figures(actor=unit_reporter, case=case, figures={"households_registered_percent": "80"})
    with pytest.raises(ConflictError):
        case_set_figures(
            actor=unit_reporter, case=case, figures={"households_registered_percent": "100"}, seen_version=1
        )
    case.refresh_from_db()
    assert case.figures == {"households_registered_percent": "80"}


def test_reporter_of_another_kdc_gets_404(tree, unit_reporter, client):
    other_kdc = ResidentialAreaFactory(parent=tree.commune_a)
    other_reporter = UserFactory(username="kdc_khac")
    RoleAssignmentFactory(user=other_reporter, role=Role.UNIT_REPORTER, unit=other_kdc)
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    client.force_login(other_reporter)
    assert client.get(_case_url(case)).status_code == 404
    assert _post(client, case, "case_answer", criterion="KDC-2", met="met").status_code == 404
    assert not case.answers.exists()


def test_not_applicable_only_where_the_criterion_says_when_it_applies(tree, commune_officer, client):
    from antq.recognition.evaluation import case_evaluate
    from antq.recognition.workflow import case_register

    case = case_register(actor=commune_officer, unit=tree.agency_a, year=YEAR)
    client.force_login(commune_officer)
    page = _html(client.get(_case_url(case)))
    # The protection-force criterion applies "where there is a protection force": N/A is offered there only.
    conditional = [
        c.id for c in criteria_set_for("agency", YEAR).criteria if c.kind == CriterionKind.MUST_HAVE and c.applies_when
    ]
    assert conditional and page.count('value="not_applicable"') == len(conditional)
    refused = _post(client, case, "case_answer", criterion="CQDN-2", met="not_applicable", note="")
    assert refused.status_code in (200, 302)
    assert not case.answers.filter(criterion_id="CQDN-2").exists()
    _post(
        client, case, "case_answer", criterion="CQDN-4a", met="not_applicable", note="Đơn vị không có lực lượng bảo vệ"
    )
    answer = case.answers.get(criterion_id="CQDN-4a")
    assert answer.not_applicable and answer.met is None
    result = next(r for r in case_evaluate(case).results if r.criterion.id == "CQDN-4a")
    assert result.status == "not_applicable"
