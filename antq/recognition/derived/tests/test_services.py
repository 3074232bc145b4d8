"""Answers to entered contents and edits of the definitions: who may, what is refused, what is audited."""

import copy
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.law_data import current_data, file_data
from antq.core.models import AuditEvent, DataVersion
from antq.recognition.derived.rules import KEY, current_rules
from antq.recognition.derived.services import derived_answer_set, derived_rules_save
from antq.recognition.models import DerivedContentAnswer
from antq.recognition.tests.factories import RecognitionCaseFactory

YEAR = 2025


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the msgids), whatever the catalogue says."""
    with translation.override("en"):
        yield


def _answer(actor, commune, **changes):
    values = {"year": YEAR, "indicator": "urban_4", "content_code": "3", "met": True,
              "note": "Tội phạm giảm 2 vụ so với năm trước."}
    values.update(changes)
    return derived_answer_set(actor=actor, commune=commune, **values)


def _nothing_written():
    return not DerivedContentAnswer.objects.exists() and not AuditEvent.objects.filter(
        action="derived.answer").exists()


@pytest.fixture
def other_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


@pytest.mark.parametrize(("who", "allowed"), [
    ("national_admin", True), ("province_officer", True), ("commune_officer", True),
    ("unit_reporter", False), ("viewer", False), ("other_officer", False),
])
def test_who_may_answer_for_a_ward(request, tree, who, allowed):
    actor = request.getfixturevalue(who)
    if allowed:
        answer = _answer(actor, tree.commune_a)
        assert (answer.met, answer.answered_by, answer.commune) == (True, actor, tree.commune_a)
        assert AuditEvent.objects.filter(action="derived.answer").count() == 1
    else:
        with pytest.raises(ValidationError, match="may not enter data"):
            _answer(actor, tree.commune_a)
        assert _nothing_written()


def test_every_change_is_audited_with_before_and_after_and_an_unchanged_answer_writes_nothing(
        tree, commune_officer):
    first = _answer(commune_officer, tree.commune_a)
    _answer(commune_officer, tree.commune_a)
    assert AuditEvent.objects.filter(action="derived.answer").count() == 1
    second = _answer(commune_officer, tree.commune_a, met=False, note="Tội phạm tăng 1 vụ.")
    assert second.pk == first.pk and DerivedContentAnswer.objects.count() == 1
    events = list(AuditEvent.objects.filter(action="derived.answer").order_by("id"))
    assert [e.before for e in events][0] is None
    assert (events[1].before["met"], events[1].after["met"], events[1].after["note"]) == (True, False,
                                                                                         "Tội phạm tăng 1 vụ.")
    assert events[1].detail == {"commune": tree.commune_a.pk, "year": YEAR, "indicator": "urban_4", "content": "3"}
    assert events[1].actor == commune_officer


def test_not_known_yet_needs_no_note_and_notes_are_stored_nfc(tree, commune_officer):
    assert _answer(commune_officer, tree.commune_a, met=None, note="").met is None
    decomposed = unicodedata.normalize("NFD", "Không phát sinh  tụ điểm")
    answer = _answer(commune_officer, tree.commune_a, content_code="4", note=decomposed)
    assert answer.note == "Không phát sinh tụ điểm"


@pytest.mark.parametrize(("changes", "message"), [
    ({"content_code": "1"}, "decided from the recognition data"),
    ({"content_code": "9"}, "no such content"),
    ({"indicator": "ntm_19_3"}, "no such content"),
    ({"indicator": "ntm_19_2", "content_code": "recognised"}, "does not apply to this commune"),
    ({"year": 2021}, "does not apply in 2021"),
    ({"year": timezone.localdate().year + 1}, "between 2000 and this year"),
    ({"note": "  "}, "what the answer rests on"),
    ({"note": "x" * 2001}, "too long"),
])
def test_bad_input_is_refused_and_nothing_changes(tree, commune_officer, changes, message):
    with pytest.raises(ValidationError, match=message):
        _answer(commune_officer, tree.commune_a, **changes)
    assert _nothing_written()


def test_only_wards_answer_the_urban_criterion_and_only_communes_answer_at_all(tree, province_officer):
    with pytest.raises(ValidationError, match="does not apply to this commune"):
        _answer(province_officer, tree.commune_a2)  # a xã
    with pytest.raises(ValidationError, match="communes only"):
        _answer(province_officer, tree.kdc_a)
    assert _nothing_written()


def test_a_decided_year_is_locked_for_the_commune_but_the_province_may_correct(
        tree, commune_officer, province_officer):
    _answer(commune_officer, tree.commune_a)
    RecognitionCaseFactory(unit=tree.commune_a, year=YEAR, status="decided", result="met",
                           decision_number="3/QĐ-UBND")
    with pytest.raises(ValidationError, match="locked"):
        _answer(commune_officer, tree.commune_a, met=False, note="Sửa lại")
    assert DerivedContentAnswer.objects.get().met is True
    corrected = _answer(province_officer, tree.commune_a, met=False, note="Đính chính theo báo cáo của tỉnh.")
    assert corrected.met is False and corrected.answered_by == province_officer
    # Another year of the same ward stays open.
    assert _answer(commune_officer, tree.commune_a, year=YEAR - 1).year == YEAR - 1


# --- the definitions ------------------------------------------------------------------------------


def _edited(**content_changes) -> dict:
    data = copy.deepcopy(file_data(KEY))
    data["indicators"][1]["contents"][1].update(content_changes)
    return data


def test_only_a_national_administrator_saves_definitions(province_officer):
    with pytest.raises(ValidationError, match="national administrator"):
        derived_rules_save(actor=province_officer, data=_edited(status="confirmed"), reason="HD 12", seen_version=0)
    assert not DataVersion.objects.exists()


def test_broken_or_stale_definitions_are_refused_and_nothing_is_saved(national_admin):
    with pytest.raises(ValidationError, match="unknown criteria XA-99"):
        derived_rules_save(actor=national_admin, data=_edited(decided_by="from_recognition", criteria=["XA-99"]),
                           reason="HD 12", seen_version=0)
    with pytest.raises(ValidationError) as error:
        derived_rules_save(actor=national_admin, data=_edited(status="confirmed"), reason=" ", seen_version=0)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError, match="meanwhile"):
        derived_rules_save(actor=national_admin, data=_edited(status="confirmed"), reason="HD 12", seen_version=3)
    assert not DataVersion.objects.exists()


def test_saved_definitions_are_in_force_and_audited(national_admin, tree):
    data = _edited(status="confirmed", decided_by="from_recognition", criteria=["XA-2.KDC-3g"])
    version = derived_rules_save(actor=national_admin, data=data, reason="Đối chiếu HD 12/HD-BCA-V05",
                                 seen_version=0)
    assert version.number == 1 and current_data(KEY) == data
    content = current_rules().indicator("urban_4").content("2")
    assert (content.confirmed, content.entered, content.criteria) == (True, False, ("XA-2.KDC-3g",))
    event = AuditEvent.objects.get(action="data_version.save")
    assert event.actor == national_admin and event.detail == {"reason": "Đối chiếu HD 12/HD-BCA-V05"}
    # Content 2 is no longer entered: an answer to it is refused.
    with pytest.raises(ValidationError, match="decided from the recognition data"):
        _answer(national_admin, tree.commune_a, content_code="2")
    with pytest.raises(ValidationError, match="meanwhile"):
        derived_rules_save(actor=national_admin, data=data, reason="again", seen_version=0)
