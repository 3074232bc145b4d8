"""The yearly classification: who takes which step, reasons, caps, locking and reopening from above."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from antq.classification.models import Classification, ClassificationStatus, ClassificationTally, ScoreStage
from antq.classification.tests.factories import sheet_scores
from antq.classification.workflow import (
    ConflictError,
    classification_decide,
    classification_reopen,
    classification_score,
    classification_start,
    classification_transition,
    reviewer_unit,
)
from antq.core.models import AuditEvent
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.tests.factories import EnterpriseFactory, SchoolFactory

YEAR = 2026


def _actions(classification):
    return list(AuditEvent.objects.filter(target_id=str(classification.pk), target_type__model="classification")
                .order_by("id").values_list("action", flat=True))


def _submitted(unit, actor, total=85):
    classification = classification_start(actor=actor, unit=unit, year=YEAR)
    classification_score(actor=actor, classification=classification, stage=ScoreStage.SELF,
                         scores=sheet_scores(unit, YEAR, total))
    return classification_transition(actor=actor, classification=classification, to="submitted")


def _reviewed(unit, actor, reviewer, total=85):
    classification = _submitted(unit, actor, total)
    return classification_transition(actor=reviewer, classification=classification, to="reviewed")


def _tallies(year=YEAR):
    return {(t.area_id, t.block, t.level): t.count for t in ClassificationTally.objects.filter(year=year) if t.count}


def test_kdc_full_cycle_by_the_right_roles(tree, unit_reporter, commune_officer):
    classification = classification_start(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    assert classification.regulation == "qd510_2022" and classification.status == ClassificationStatus.DRAFT
    assert reviewer_unit(classification) == tree.commune_a
    classification_score(actor=unit_reporter, classification=classification, stage=ScoreStage.SELF,
                         scores=sheet_scores(tree.kdc_a, YEAR, 92))
    classification = classification_transition(actor=unit_reporter, classification=classification, to="submitted")
    assert (classification.self_total, classification.self_level) == (Decimal(92), "excellent")
    with pytest.raises(ValidationError):
        classification_transition(actor=unit_reporter, classification=classification, to="reviewed")

    # The commune takes 5 points off one item, with the reason: the unit's 92 becomes 87, "good".
    classification_score(actor=commune_officer, classification=classification, stage=ScoreStage.REVIEW,
                         scores={"PT-KDC-3a": {"points": "2", "note": "Chưa tổ chức phần hội"}})
    classification = classification_transition(actor=commune_officer, classification=classification, to="reviewed")
    assert (classification.reviewed_total, classification.reviewed_level) == (Decimal(87), "good")
    assert classification.self_level == "excellent"  # kept side by side
    points = {(s.item_id, s.stage): s.points for s in classification.scores.all()}
    assert points[("PT-KDC-3a", "self")] == 7 and points[("PT-KDC-3a", "review")] == 2

    classification = classification_decide(actor=commune_officer, classification=classification)
    assert classification.status == ClassificationStatus.DECIDED and classification.level == "good"
    assert classification.block == "residential_area" and classification.is_locked
    assert classification.rules["regulation"] == "qd510_2022" and classification.rules["sheet"]["code"] == "KDC"
    assert _actions(classification) == ["classification.start", "classification.score.self",
                                         "classification.submitted", "classification.score.review",
                                         "classification.reviewed", "classification.decide"]
    for area in (tree.country, tree.province_a, tree.commune_a):
        assert _tallies()[(area.pk, "residential_area", "good")] == 1


def test_reviewed_points_that_differ_need_a_reason_and_nothing_changes_without_it(tree, unit_reporter,
                                                                                   commune_officer):
    classification = _submitted(tree.kdc_a, unit_reporter)
    version = Classification.objects.get(pk=classification.pk).version
    with pytest.raises(ValidationError) as error:
        classification_score(actor=commune_officer, classification=classification, stage=ScoreStage.REVIEW,
                             scores={"PT-KDC-3a": {"points": "2", "note": " "}})
    assert "PT-KDC-3a" in error.value.message_dict
    assert not classification.scores.filter(stage=ScoreStage.REVIEW).exists()
    assert Classification.objects.get(pk=classification.pk).version == version
    # The same points as the unit's need no reason.
    classification_score(actor=commune_officer, classification=classification, stage=ScoreStage.REVIEW,
                         scores={"PT-KDC-3a": {"points": "7", "note": ""}})
    assert not classification.scores.filter(stage=ScoreStage.REVIEW).exists()


@pytest.mark.parametrize("points", ["11", "-1", "abc", "1.125"])
def test_points_outside_the_item_are_refused(tree, unit_reporter, points):
    classification = classification_start(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError) as error:
        classification_score(actor=unit_reporter, classification=classification, stage=ScoreStage.SELF,
                             scores={"PT-KDC-3a": {"points": points}})
    assert "PT-KDC-3a" in error.value.message_dict
    assert not classification.scores.exists()


def test_submit_needs_every_item_scored(tree, unit_reporter):
    classification = classification_start(actor=unit_reporter, unit=tree.kdc_a, year=YEAR)
    scores = sheet_scores(tree.kdc_a, YEAR, 80)
    del scores["PT-KDC-6"]
    classification_score(actor=unit_reporter, classification=classification, stage=ScoreStage.SELF, scores=scores)
    with pytest.raises(ValidationError) as error:
        classification_transition(actor=unit_reporter, classification=classification, to="submitted")
    assert "PT-KDC-6" in str(error.value)
    assert Classification.objects.get(pk=classification.pk).status == ClassificationStatus.DRAFT


def test_return_needs_a_reason_and_goes_back_to_the_unit(tree, unit_reporter, commune_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer)
    with pytest.raises(ValidationError):
        classification_transition(actor=commune_officer, classification=classification, to="returned", reason=" ")
    with pytest.raises(ValidationError):
        classification_transition(actor=unit_reporter, classification=classification, to="returned",
                                  reason="Tự trả lại")
    classification = classification_transition(actor=commune_officer, classification=classification, to="returned",
                                               reason="Thiếu biên bản Ngày hội")
    assert classification.status == ClassificationStatus.DRAFT and classification.reviewed_level == ""
    assert classification.returned_reason == "Thiếu biên bản Ngày hội"
    classification_score(actor=unit_reporter, classification=classification, stage=ScoreStage.SELF,
                         scores={"PT-KDC-3a": {"points": "6", "note": "Đã bổ sung biên bản"}})
    classification = classification_transition(actor=unit_reporter, classification=classification, to="submitted")
    assert classification.returned_reason == "" and classification.self_total == 84


def test_decided_is_locked_and_only_reopened_from_above_with_a_reason(tree, unit_reporter, commune_officer,
                                                                       province_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer)
    classification = classification_decide(actor=commune_officer, classification=classification)
    with pytest.raises(ConflictError):
        classification_score(actor=unit_reporter, classification=classification, stage=ScoreStage.SELF,
                             scores={"PT-KDC-3a": {"points": "1"}})
    with pytest.raises(ValidationError):
        classification_reopen(actor=commune_officer, classification=classification, reason="Xin mở lại")
    with pytest.raises(ValidationError):
        classification_reopen(actor=province_officer, classification=classification, reason="")
    assert _tallies()[(tree.province_a.pk, "residential_area", "good")] == 1
    classification = classification_reopen(actor=province_officer, classification=classification,
                                           reason="Phát hiện vụ việc chưa được báo cáo")
    assert classification.status == ClassificationStatus.REVIEWED and classification.level == ""
    assert classification.rules is None and not _tallies()
    reopen = AuditEvent.objects.get(target_id=str(classification.pk), action="classification.reopen")
    assert reopen.actor == province_officer and reopen.detail["reason"].startswith("Phát hiện")
    assert reopen.before["level"] == "good" and reopen.after["level"] == ""
    classification = classification_decide(actor=commune_officer, classification=classification, level="average",
                                           reason="Có vụ việc chưa báo cáo")
    assert classification.level == "average"
    assert _tallies() == {(a.pk, "residential_area", "average"): 1
                          for a in (tree.country, tree.province_a, tree.commune_a)}


def test_the_commune_is_reviewed_by_the_province_not_by_itself(tree, commune_officer, province_officer):
    classification = _submitted(tree.commune_a, commune_officer, 75)
    assert reviewer_unit(classification) == tree.province_a
    with pytest.raises(ValidationError):
        classification_transition(actor=commune_officer, classification=classification, to="reviewed")
    classification = classification_transition(actor=province_officer, classification=classification, to="reviewed")
    classification = classification_decide(actor=province_officer, classification=classification)
    assert (classification.level, classification.block) == ("good", "commune")
    # The commune's own count is under the commune too: its area includes itself.
    assert _tallies()[(tree.commune_a.pk, "commune", "good")] == 1


def test_a_unit_not_recognised_antt_safe_cannot_be_above_the_cap(tree, unit_reporter, commune_officer):
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="not_met",
                           decision_number="9/QĐ-UBND", decision_date=datetime.date(YEAR, 11, 10))
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer, total=95)
    assert classification.antt_safe == "not_met"
    assert classification.self_level == classification.reviewed_level == "average"
    assert classification.reviewed_result["level_before_cap"] == "excellent"
    assert classification.reviewed_result["cap_id"] == "CAP-ANTT"
    with pytest.raises(ValidationError) as error:
        classification_decide(actor=commune_officer, classification=classification, level="good", reason="Cố gắng")
    assert "level" in error.value.message_dict
    classification = classification_decide(actor=commune_officer, classification=classification)
    assert classification.level == "average"


def test_a_recognition_decided_after_the_review_still_caps_the_decision(tree, unit_reporter, commune_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer, total=95)
    assert classification.reviewed_level == "excellent" and classification.antt_safe == "unknown"
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="not_met")
    classification = classification_decide(actor=commune_officer, classification=classification)
    assert classification.level == "average" and classification.antt_safe == "not_met"


def test_a_level_other_than_the_reviewed_one_needs_a_reason(tree, unit_reporter, commune_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer, total=85)
    with pytest.raises(ValidationError) as error:
        classification_decide(actor=commune_officer, classification=classification, level="average")
    assert "reason" in error.value.message_dict
    assert Classification.objects.get(pk=classification.pk).status == ClassificationStatus.REVIEWED


def test_a_stale_form_and_a_second_decision_are_conflicts(tree, unit_reporter, commune_officer, province_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer)
    seen = classification.version
    classification_decide(actor=commune_officer, classification=classification, seen_version=seen)
    with pytest.raises(ConflictError):
        classification_decide(actor=province_officer, classification=classification, seen_version=seen)
    classification.refresh_from_db()
    assert classification.decided_by == commune_officer
    assert sum(_tallies().values()) == 3  # counted once in each area


@pytest.mark.parametrize(("factory", "values"), [(EnterpriseFactory, {"enterprise_size": "micro"}),
                                                 (SchoolFactory, {"school_level": "primary"})])
def test_start_refuses_units_outside_the_movement_and_outside_scope(tree, commune_officer, viewer, factory, values):
    with pytest.raises(ValidationError):
        classification_start(actor=commune_officer, unit=factory(parent=tree.commune_a, **values), year=YEAR)
    with pytest.raises(ValidationError):
        classification_start(actor=commune_officer, unit=tree.kdc_b, year=YEAR)
    with pytest.raises(ValidationError):
        classification_start(actor=viewer, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError):
        classification_start(actor=commune_officer, unit=tree.commune_a, year=2020)  # formed in 2025
    classification_start(actor=commune_officer, unit=tree.kdc_a, year=YEAR)
    with pytest.raises(ValidationError):
        classification_start(actor=commune_officer, unit=tree.kdc_a, year=YEAR)
    assert Classification.objects.count() == 1


def test_organisations_are_reviewed_at_their_managing_level(tree, commune_officer, province_officer):
    big = EnterpriseFactory(parent=tree.commune_a, managing_level="province", enterprise_size="large")
    classification = _submitted(big, commune_officer, 71)
    assert reviewer_unit(classification) == tree.province_a
    classification = classification_transition(actor=province_officer, classification=classification, to="reviewed")
    classification = classification_decide(actor=province_officer, classification=classification)
    assert classification.block == "org_province"
    local = _submitted(tree.agency_a, commune_officer, 71)
    assert reviewer_unit(local) == tree.commune_a


def test_a_current_commune_in_a_year_before_the_reform_is_reviewed_by_the_province(tree, commune_officer):
    kdc = tree.kdc_a  # valid since forever: can be classified for 2024, when the district reviewed communes
    classification = classification_start(actor=commune_officer, unit=kdc, year=2024)
    assert reviewer_unit(classification) == tree.commune_a
    from antq.classification.applied import reviewer_unit_for

    assert reviewer_unit_for(tree.commune_a, "district") == tree.province_a
