"""The yearly cycle: who takes which step, locking after the decision, reopening from above."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from antq.core.models import AuditEvent
from antq.recognition.models import AnswerStage, CaseStatus, RecognitionCase
from antq.recognition.tests.factories import file_dossier
from antq.recognition.workflow import (
    ConflictError,
    case_answer,
    case_decide,
    case_register,
    case_reopen,
    case_transition,
    reviewer_unit,
)
from antq.units.tests.factories import EnterpriseFactory, SchoolFactory

DECISION = {"result": "met", "decision_number": "15/QĐ-UBND", "decision_date": datetime.date(2026, 11, 10),
            "signer": "Chủ tịch UBND phường Ba Đình"}


def _to_appraised(case, *, unit_side, reviewer):
    case_transition(actor=unit_side, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_side)
    case_transition(actor=unit_side, case=case, to=CaseStatus.SUBMITTED)
    return case_transition(actor=reviewer, case=case, to=CaseStatus.APPRAISED)


def test_kdc_full_cycle_by_the_right_roles(tree, unit_reporter, commune_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    assert case.legal_basis == "tt124_2021" and case.status == CaseStatus.REGISTERED
    assert reviewer_unit(case) == tree.commune_a
    case_answer(actor=unit_reporter, case=case, criterion_id="KDC-2", met=True, note="Có nghị quyết chi bộ")
    case = _to_appraised(case, unit_side=unit_reporter, reviewer=commune_officer)
    case = case_decide(actor=commune_officer, case=case, **DECISION)
    assert case.status == CaseStatus.DECIDED and case.result == "met" and case.is_locked
    actions = list(AuditEvent.objects.filter(target_id=str(case.pk)).order_by("id").values_list("action", flat=True))
    assert actions == ["recognition.register", "recognition.answer.self", "recognition.self_assessed",
                       *["recognition.document_upload"] * 3, "recognition.submitted", "recognition.appraised",
                       "recognition.decide"]


def test_unit_side_cannot_appraise_or_decide_its_own_case(tree, unit_reporter):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        case_transition(actor=unit_reporter, case=case, to=CaseStatus.APPRAISED)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_commune_case_is_decided_by_the_province_not_the_commune(tree, commune_officer, province_officer):
    case = case_register(actor=commune_officer, unit=tree.commune_a, year=2026)
    assert reviewer_unit(case) == tree.province_a
    case_transition(actor=commune_officer, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, commune_officer)
    case_transition(actor=commune_officer, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        case_transition(actor=commune_officer, case=case, to=CaseStatus.APPRAISED)
    case_transition(actor=province_officer, case=case, to=CaseStatus.APPRAISED)
    case = case_decide(actor=province_officer, case=case, **DECISION)
    assert case.status == CaseStatus.DECIDED


def test_appraisal_keeps_both_answers_and_needs_a_reason(tree, unit_reporter, commune_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    case_answer(actor=unit_reporter, case=case, criterion_id="KDC-2", met=True, note="Tự đánh giá đạt")
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        case_answer(actor=commune_officer, case=case, criterion_id="KDC-2", met=False, stage=AnswerStage.APPRAISAL)
    case_answer(actor=commune_officer, case=case, criterion_id="KDC-2", met=False, stage=AnswerStage.APPRAISAL,
                note="Chưa có kế hoạch bằng văn bản")
    answers = dict(case.answers.values_list("stage", "met"))
    assert answers == {"self": True, "appraisal": False}


def test_return_for_correction_needs_a_reason_and_goes_back_to_the_unit(tree, unit_reporter, commune_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    file_dossier(case, unit_reporter)
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        case_transition(actor=commune_officer, case=case, to="returned", reason=" ")
    case = case_transition(actor=commune_officer, case=case, to="returned", reason="Thiếu biên bản họp")
    assert case.status == CaseStatus.SELF_ASSESSED and case.returned_reason == "Thiếu biên bản họp"
    case_answer(actor=unit_reporter, case=case, criterion_id="KDC-2", met=True, note="Đã bổ sung")


def test_decided_case_is_locked_for_the_commune_and_reopened_by_the_province(
    tree, unit_reporter, commune_officer, province_officer
):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    case = _to_appraised(case, unit_side=unit_reporter, reviewer=commune_officer)
    case = case_decide(actor=commune_officer, case=case, **DECISION)
    with pytest.raises(ConflictError):
        case_answer(actor=commune_officer, case=case, criterion_id="KDC-2", met=False, note="Sửa sau quyết định")
    with pytest.raises(ValidationError):
        case_reopen(actor=commune_officer, case=case, reason="Xin mở lại")
    with pytest.raises(ValidationError):
        case_reopen(actor=province_officer, case=case, reason="")
    case = case_reopen(actor=province_officer, case=case, reason="Phát hiện vụ việc chưa được báo cáo")
    assert case.status == CaseStatus.APPRAISED and case.result == ""
    actions = set(AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True))
    assert {"recognition.decide", "recognition.reopen"} <= actions
    reopen = AuditEvent.objects.get(target_id=str(case.pk), action="recognition.reopen")
    assert reopen.actor == province_officer and reopen.detail["reason"].startswith("Phát hiện")


def test_a_stale_form_is_refused(tree, unit_reporter, commune_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    seen = case.version
    case_transition(actor=unit_reporter, case=case, to=CaseStatus.SELF_ASSESSED)
    with pytest.raises(ConflictError):
        file_dossier(case, unit_reporter)
        case_transition(actor=unit_reporter, case=case, to=CaseStatus.SUBMITTED, seen_version=seen)


def test_second_decision_on_the_same_case_is_a_conflict(tree, unit_reporter, commune_officer, province_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    case = _to_appraised(case, unit_side=unit_reporter, reviewer=commune_officer)
    seen = case.version
    case_decide(actor=commune_officer, case=case, seen_version=seen, **DECISION)
    with pytest.raises(ConflictError):
        case_decide(actor=province_officer, case=case, seen_version=seen, **{**DECISION, "result": "not_met"})
    case.refresh_from_db()
    assert case.result == "met"


@pytest.mark.parametrize(
    ("factory", "values"),
    [(EnterpriseFactory, {"enterprise_size": "small"}), (EnterpriseFactory, {"enterprise_size": "micro"}),
     (SchoolFactory, {"school_level": "primary"}), (SchoolFactory, {"school_level": "kindergarten"})],
)
def test_excluded_units_cannot_register_and_the_message_cites_the_article(tree, commune_officer, factory, values):
    unit = factory(parent=tree.commune_a, **values)
    with pytest.raises(ValidationError) as info:
        case_register(actor=commune_officer, unit=unit, year=2026)
    assert "124/2021" in str(info.value) and "1.2" in str(info.value)
    assert not RecognitionCase.objects.exists()


def test_registration_is_within_data_entry_scope_and_once_a_year(tree, commune_officer, viewer):
    with pytest.raises(ValidationError):
        case_register(actor=commune_officer, unit=tree.kdc_b, year=2026)
    with pytest.raises(ValidationError):
        case_register(actor=viewer, unit=tree.kdc_a, year=2026)
    case_register(actor=commune_officer, unit=tree.kdc_a, year=2026)
    with pytest.raises(ValidationError):
        case_register(actor=commune_officer, unit=tree.kdc_a, year=2026)
    assert RecognitionCase.objects.count() == 1


def test_a_2020_case_is_under_tt23_2012(tree, commune_officer):
    assert case_register(actor=commune_officer, unit=tree.kdc_a, year=2020).legal_basis == "tt23_2012"
