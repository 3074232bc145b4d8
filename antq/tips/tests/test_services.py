import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.core.models import AuditEvent
from antq.tips import receipts
from antq.tips.models import MessageKind, Tip, TipAttachment, TipMode, TipState
from antq.tips.selectors import sender_conversation, tip_by_code
from antq.tips.services import (
    tip_follow_up,
    tip_note_add,
    tip_reassign,
    tip_reply,
    tip_state_change,
    tip_submit,
)
from antq.tips.tests.factories import TipFactory
from antq.units.tests.factories import CommuneFactory

WHAT = "Một nhóm thanh niên tụ tập đánh bạc tại nhà văn hóa thôn vào ban đêm."


def _submit(commune, **values):
    data = {"commune": commune, "category": "social_evil", "what": WHAT, "mode": TipMode.ANONYMOUS} | values
    return tip_submit(**data)


def test_submit_stores_only_the_hash_of_a_long_code(tree):
    sent = _submit(tree.commune_a)
    assert len(receipts.normalise(sent.code)) == 32  # 160 bits
    tip = Tip.objects.get()
    assert sent.code not in tip.receipt_hash and receipts.normalise(sent.code) not in tip.receipt_hash
    assert tip.receipt_hash == receipts.code_hash(sent.code)
    assert tip_by_code(sent.code.lower().replace("-", " ")) == tip
    assert tip.state == TipState.NEW
    event = AuditEvent.objects.get(action="tip.submit")
    assert event.actor is None and "contact_name" not in (event.after or {})


def test_two_codes_differ(tree):
    assert _submit(tree.commune_a).code != _submit(tree.commune_a).code


def test_anonymous_tip_refuses_contact_details(tree):
    with pytest.raises(ValidationError) as exc:
        _submit(tree.commune_a, contact_phone="0912345678")
    assert "anonymous" in str(exc.value)
    assert not Tip.objects.exists()


def test_identified_tip_needs_a_name_and_a_way_to_reach(tree):
    with pytest.raises(ValidationError) as exc:
        _submit(tree.commune_a, mode=TipMode.IDENTIFIED, contact_name="Nguyễn Văn An")
    assert "contact_phone" in exc.value.message_dict
    sent = _submit(tree.commune_a, mode=TipMode.IDENTIFIED, contact_name="Nguyễn Văn An", contact_phone="0912345678")
    assert sent.tip.contact_phone == "0912345678"


def test_only_a_current_commune_receives_tips(tree):
    legacy = CommuneFactory(parent=tree.province_a, valid_from=None, valid_to=datetime.date(2025, 6, 30))
    for commune in (legacy, tree.province_a, tree.kdc_a):
        with pytest.raises(ValidationError):
            _submit(commune)
    assert not Tip.objects.exists()


def test_a_bad_file_saves_nothing(tree, settings):
    files = [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
             SimpleUploadedFile("b.jpg", b"MZ\x90\x00 not a picture")]
    with pytest.raises(ValidationError) as exc:
        _submit(tree.commune_a, attachments=files)
    assert "File 2" in str(exc.value)
    assert not Tip.objects.exists() and not TipAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "tips").exists() or not any((settings.MEDIA_ROOT / "tips").iterdir())


def test_a_pdf_is_kept_as_sent(tree):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    sent = _submit(tree.commune_a, attachments=[SimpleUploadedFile("my name.pdf", pdf)])
    attachment = sent.tip.attachments.get()
    with attachment.file.open("rb") as stored:
        assert stored.read() == pdf
    assert "my name" not in attachment.file.name and attachment.content_type == "application/pdf"


def test_sender_follows_up_and_never_sees_notes(tree, commune_officer):
    tip = TipFactory(commune=tree.commune_a)
    tip_note_add(actor=commune_officer, tip=tip, body="Nguồn tin cần xác minh thêm.")
    tip_reply(actor=commune_officer, tip=tip, body="Chúng tôi đã tiếp nhận.")
    tip_follow_up(tip=tip, body="Tối nay họ lại tụ tập.")
    kinds = [m.kind for m in sender_conversation(tip=tip)]
    assert kinds == [MessageKind.REPLY, MessageKind.SENDER]
    tip.refresh_from_db()
    assert tip.state == TipState.IN_PROGRESS


@pytest.mark.parametrize("who", ["viewer", "unit_reporter"])
def test_local_officials_without_a_police_role_cannot_act(tree, who, request):
    actor = request.getfixturevalue(who)
    tip = TipFactory(commune=tree.commune_a)
    for act in (lambda: tip_reply(actor=actor, tip=tip, body="x"),
                lambda: tip_state_change(actor=actor, tip=tip, state=TipState.IN_PROGRESS)):
        with pytest.raises(ValidationError):
            act()
    assert not tip.messages.exists()
    assert Tip.objects.get().state == TipState.NEW


def test_close_locks_and_only_the_province_reopens(tree, commune_officer, province_officer):
    tip = TipFactory(commune=tree.commune_a)
    with pytest.raises(ValidationError):
        tip_state_change(actor=commune_officer, tip=tip, state=TipState.CLOSED_FOUNDED)  # needs a note
    tip_state_change(actor=commune_officer, tip=tip, state=TipState.CLOSED_FOUNDED, note="Đã bắt quả tang.")
    with pytest.raises(ValidationError):
        tip_reply(actor=commune_officer, tip=tip, body="x")
    with pytest.raises(ValidationError):
        tip_follow_up(tip=tip, body="Thêm thông tin")
    with pytest.raises(ValidationError):
        tip_state_change(actor=commune_officer, tip=tip, state=TipState.IN_PROGRESS)
    tip_state_change(actor=province_officer, tip=tip, state=TipState.IN_PROGRESS)
    assert Tip.objects.get().state == TipState.IN_PROGRESS
    assert AuditEvent.objects.filter(action="tip.state").count() == 2


def test_reassign_moves_the_tip_and_notes_why(tree, commune_officer):
    tip = TipFactory(commune=tree.commune_a, state=TipState.IN_PROGRESS)
    tip_reassign(actor=commune_officer, tip=tip, commune=tree.commune_b, reason="Địa bàn xã Bảo Yên.")
    tip.refresh_from_db()
    assert tip.commune == tree.commune_b and tip.state == TipState.NEW
    assert tip.messages.get().kind == MessageKind.NOTE
    with pytest.raises(ValidationError):  # no longer theirs
        tip_reply(actor=commune_officer, tip=tip, body="x")
    assert AuditEvent.objects.get(action="tip.reassign").detail["reason"] == "Địa bàn xã Bảo Yên."


def test_an_oversized_file_is_refused_by_its_size(tree, settings):
    from antq.tips import files

    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * files.MAX_FILE_BYTES)
    with pytest.raises(ValidationError) as exc:
        _submit(tree.commune_a, attachments=[big])
    assert "largest file accepted" in str(exc.value)
    assert not Tip.objects.exists()


def test_no_mail_is_ever_sent(tree, commune_officer, mailoutbox):
    sent = _submit(tree.commune_a)
    tip_reply(actor=commune_officer, tip=sent.tip, body="Đã tiếp nhận.")
    tip_state_change(actor=commune_officer, tip=sent.tip, state=TipState.CLOSED_FOUNDED, note="Xong.")
    assert mailoutbox == []


def test_rate_limit_keys_hide_the_address(rf, settings):
    from antq.tips import abuse

    request = rf.post("/tips/", REMOTE_ADDR="203.0.113.5")
    key = abuse.client_key(request)
    assert "203.0.113.5" not in key and len(key) == 32
    settings.ANTQ_TIP_CLIENT_HEADER = "HTTP_X_REAL_IP"
    behind_proxy = rf.post("/tips/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert abuse.client_key(behind_proxy) == key
