"""Nomination → review → decision, return with a reason, locking, rights by level, past awards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from antq.commendations.models import Award, AwardStatus, Person
from antq.commendations.services import (
    award_decide,
    award_nominate,
    award_record,
    award_resubmit,
    award_return,
    award_review,
)
from antq.commendations.tests.factories import PersonFactory, recognised
from antq.core.models import AuditEvent
from antq.core.review import ConflictError

YEAR = timezone.localdate().year
DECISION = {"decision_number": "15/QĐ-CAT-PV05", "decision_date": datetime.date(YEAR, 1, 5),
            "decision_signer": "Đại tá Nguyễn Văn Bình"}


def _letter(actor, unit, **changes):
    values = {"form": "commendation_letter", "issuer": "giam_doc_cong_an_tinh", "kind": "periodic", "year": YEAR,
              "achievement": "Dẫn đầu phong trào năm"}
    return award_nominate(actor=actor, unit=unit, **{**values, **changes})


def _actions(award) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(award.pk), action__startswith="award.")
                .order_by("id").values_list("action", flat=True))


def test_nominate_review_decide_locks_and_audits(tree, commune_officer, province_officer):
    recognised(tree.kdc_a, YEAR)
    award = _letter(commune_officer, tree.kdc_a)
    assert award.status == AwardStatus.NOMINATED and award.eligibility["eligible"]
    award = award_review(actor=province_officer, award=award, note="Đủ hồ sơ", seen_version=award.version)
    award = award_decide(actor=province_officer, award=award, seen_version=award.version, **DECISION)
    assert award.status == AwardStatus.DECIDED and award.decision_number == "15/QĐ-CAT-PV05"
    assert _actions(award) == ["award.nominate", "award.review", "award.decide"]
    with pytest.raises(ConflictError, match="already been decided and is locked"):
        award_return(actor=province_officer, award=award, reason="Sai")
    with pytest.raises(ConflictError, match="already been decided"):
        award_decide(actor=province_officer, award=award, **DECISION)


def test_unit_not_recognised_is_refused_with_the_reason(tree, commune_officer):
    case = recognised(tree.kdc_a, YEAR, result="not_met")
    with pytest.raises(ValidationError, match=rf"not recognised ANTT-safe in {YEAR} \(recognition case {case.pk}\)"):
        _letter(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError, match=f"no decided ANTT-safe recognition for {YEAR}"):
        _letter(commune_officer, tree.agency_a)
    assert not Award.objects.exists()


def test_a_thematic_festival_award_needs_no_recognition(tree, commune_officer):
    award = _letter(commune_officer, tree.agency_a, kind="thematic")
    assert award.eligibility["eligible"]


def test_return_with_reason_then_resubmit(tree, commune_officer, province_officer):
    recognised(tree.kdc_a, YEAR)
    award = _letter(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError, match="reason for returning"):
        award_return(actor=province_officer, award=award, reason="  ")
    award = award_return(actor=province_officer, award=award, reason="Bổ sung thành tích cụ thể")
    assert award.status == AwardStatus.RETURNED and award.returned_reason == "Bổ sung thành tích cụ thể"
    award = award_resubmit(actor=commune_officer, award=award, achievement="Phát hiện 3 vụ việc")
    assert award.status == AwardStatus.NOMINATED and award.returned_reason == ""
    assert _actions(award) == ["award.nominate", "award.return", "award.resubmit"]


def test_stale_version_is_refused(tree, commune_officer, province_officer):
    recognised(tree.kdc_a, YEAR)
    award = _letter(commune_officer, tree.kdc_a)
    with pytest.raises(ConflictError, match="changed by someone else"):
        award_review(actor=province_officer, award=award, seen_version=award.version + 1)


def test_rights_follow_the_issuer_level(tree, commune_officer, province_officer, national_admin, viewer,
                                        unit_reporter):
    recognised(tree.kdc_a, YEAR)
    province_award = _letter(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError, match="Only the reviewing level"):
        award_review(actor=commune_officer, award=province_award)
    with pytest.raises(ValidationError, match="may not nominate"):
        _letter(viewer, tree.kdc_a)
    with pytest.raises(ValidationError, match="proposed by the province"):
        _letter(commune_officer, tree.commune_a, form="flag", issuer="bo_cong_an", kind="thematic")
    with pytest.raises(ValidationError, match="proposed by the commune"):
        _letter(unit_reporter, tree.kdc_a)
    # The commune's own giấy khen: the commune reviews and decides.
    commune_award = _letter(commune_officer, tree.kdc_a, issuer="ubnd_xa")
    commune_award = award_review(actor=commune_officer, award=commune_award)
    award_decide(actor=commune_officer, award=commune_award, **DECISION)
    # A Ministry flag: the province reviews, only the Ministry decides.
    flag = _letter(province_officer, tree.commune_a, form="flag", issuer="bo_cong_an", kind="thematic")
    flag = award_review(actor=province_officer, award=flag)
    with pytest.raises(ValidationError, match="Only the deciding level"):
        award_decide(actor=province_officer, award=flag, **DECISION)
    assert Award.objects.get(pk=flag.pk).status == AwardStatus.REVIEWED
    award_decide(actor=national_admin, award=flag, **DECISION)


def test_decision_needs_number_date_and_signer(tree, province_officer):
    recognised(tree.kdc_a, YEAR)
    award = award_review(actor=province_officer, award=_letter(province_officer, tree.kdc_a))
    with pytest.raises(ValidationError) as exc:
        award_decide(actor=province_officer, award=award, decision_number="", decision_date=None, decision_signer="")
    assert set(exc.value.message_dict) == {"decision_number", "decision_date", "decision_signer"}


def _medal(actor, unit, **changes):
    values = {"form": "commemorative_medal", "issuer": "bo_cong_an", "kind": "long_service", "year": YEAR}
    return award_nominate(actor=actor, unit=unit, **{**values, **changes})


def test_commemorative_medal_once_per_person(tree, province_officer):
    person = PersonFactory(unit=tree.commune_a, in_force_since=datetime.date(1995, 3, 1))
    award_record(actor=province_officer, unit=tree.commune_a, person=person, form="commemorative_medal",
                 issuer="bo_cong_an", kind="long_service", year=2019, decision_number="1234/QĐ-BCA",
                 decision_date=datetime.date(2019, 8, 10), decision_signer="Bộ trưởng")
    with pytest.raises(ValidationError, match=r"already received it by decision 1234/QĐ-BCA of 10/08/2019"):
        _medal(province_officer, tree.commune_a, person=person)
    with pytest.raises(ValidationError, match="already received it"):
        award_record(actor=province_officer, unit=tree.commune_a, person=person, form="commemorative_medal",
                     issuer="bo_cong_an", kind="long_service", year=2020, decision_number="9/QĐ-BCA",
                     decision_date=datetime.date(2020, 8, 10), decision_signer="Bộ trưởng")


def test_medal_tenure_refused_for_a_woman_with_eight_years(tree, province_officer):
    data = {"full_name": "Trần Thị Hoa", "sex": "female", "birth_date": datetime.date(1985, 1, 1),
            "id_number": "044185000123", "position": "Bảo vệ dân phố", "category": "street_guard",
            "in_force_since": datetime.date(YEAR - 8, 1, 1)}
    with pytest.raises(ValidationError, match="8 years in the force, at least 10 needed"):
        _medal(province_officer, tree.commune_a, person_data=data)
    assert not Person.objects.exists()  # the person created for the nomination is rolled back too
    data["in_force_since"] = datetime.date(YEAR - 11, 1, 1)
    award = _medal(province_officer, tree.commune_a, person_data=data)
    assert award.person.full_name == "Trần Thị Hoa" and award.recipient_type == "individual"
    # The same ID number is the same person.
    again = _letter(province_officer, tree.commune_a, kind="thematic",
                    person_data={**data, "full_name": "T. T. Hoa"})
    assert again.person_id == award.person_id


def test_recording_past_awards_needs_decide_rights(tree, commune_officer, province_officer):
    values = {"unit": tree.kdc_a, "form": "commendation_letter", "issuer": "ubnd_huyen", "kind": "periodic",
              "year": 2016, "decision_number": "45/QĐ-UBND", "decision_date": datetime.date(2017, 1, 10),
              "decision_signer": "Chủ tịch UBND huyện"}
    with pytest.raises(ValidationError, match="Only an officer who decides"):
        award_record(actor=commune_officer, **values)
    award = award_record(actor=province_officer, **values)
    assert award.status == AwardStatus.DECIDED and award.source == "recorded"
    assert _actions(award) == ["award.record"]
    # District People's Committees ended on 1/7/2025.
    with pytest.raises(ValidationError, match="does not award commendations on"):
        award_record(actor=province_officer, **{**values, "decision_date": datetime.date(2025, 9, 1), "year": 2025})


def test_a_festival_event_is_linked_once_held(tree, commune_officer):
    from antq.festival.tests.factories import FestivalEventFactory

    planned = FestivalEventFactory(unit=tree.kdc_a, status="planned")
    with pytest.raises(ValidationError, match="once it is recorded as held"):
        _letter(commune_officer, tree.kdc_a, kind="thematic", festival_event=planned)
    other = FestivalEventFactory(unit=tree.kdc_b)
    with pytest.raises(ValidationError, match="Unknown Festival Day event"):
        _letter(commune_officer, tree.kdc_a, kind="thematic", festival_event=other)
    held = FestivalEventFactory(unit=tree.commune_a, held_on=datetime.date(2025, 8, 2))
    assert _letter(commune_officer, tree.kdc_a, kind="thematic", festival_event=held).festival_event == held
