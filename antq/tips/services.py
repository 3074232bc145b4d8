"""Writes of tips. Each runs in one transaction and records one audit event; nothing is half-saved.

The sender's writes (`tip_submit`, `tip_follow_up`) take no account: the actor is anonymous, and the audit
row names no one and keeps nothing of the sender (no contact, no address, no browser). The officers' writes
need `access.handles` on the tip's commune (a police role on it or above) and lock the tip's row first. A
closed tip is locked: only the level above the commune (DECIDE) reopens it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.incidents.services import nfc_text
from antq.tips import files, receipts
from antq.tips.access import handles, may_reopen
from antq.tips.models import CLOSED_STATES, MessageKind, Tip, TipAttachment, TipCategory, TipMessage, TipMode, TipState
from antq.units.models import Unit, UnitKind

MAX_TEXT = 10_000
MIN_WHAT = 10
AUDITED_FIELDS = ["commune", "category", "state", "mode"]


@dataclass(frozen=True)
class Submitted:
    tip: Tip
    code: str  # shown to the sender once, never stored


def _is_current_commune(unit: Unit) -> bool:
    return (unit.kind == UnitKind.COMMUNE
            and Unit.objects.valid_on(timezone.localdate()).filter(pk=unit.pk, valid_to__isnull=True).exists())


def _clean_files(uploads: Iterable) -> list[files.CleanFile]:
    uploads = list(uploads or [])
    if len(uploads) > files.MAX_FILES:
        raise ValidationError({"attachments": _("Attach at most %(count)s files.") % {"count": files.MAX_FILES}})
    cleaned, errors = [], []
    for number, upload in enumerate(uploads, start=1):
        try:
            files.check_size(upload.size)  # before reading the file into memory
            upload.seek(0)
            cleaned.append(files.clean_file(upload.read()))
        except files.FileRefused as exc:
            errors.append(_("File %(number)s: %(reason)s") % {"number": number, "reason": exc})
    if errors:
        raise ValidationError({"attachments": errors})
    return cleaned


def _store(tip: Tip, message: TipMessage | None, cleaned: list[files.CleanFile], written: list) -> None:
    for item in cleaned:
        attachment = TipAttachment(tip=tip, message=message, content_type=item.content_type, size=len(item.content))
        attachment.file.save(f"tip.{item.extension}", ContentFile(item.content), save=False)
        written.append((attachment.file.storage, attachment.file.name))
        attachment.save()


def _forget_files(written: list) -> None:
    for storage, name in written:
        storage.delete(name)


def _text(value: str, field: str, *, required: bool = True, minimum: int = 1) -> str:
    value = nfc_text(value or "")
    if required and len(value) < minimum:
        raise ValidationError({field: _("Write at least %(count)s characters.") % {"count": minimum}})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Write at most %(count)s characters.") % {"count": MAX_TEXT}})
    return value


def _validate_contact(mode: str, name: str, phone: str, email: str) -> None:
    if mode not in TipMode.values:
        raise ValidationError({"mode": _("Choose how you send the tip.")})
    if mode == TipMode.ANONYMOUS:
        if name or phone or email:
            raise ValidationError({"mode": _("You chose to stay anonymous: leave your name and contact empty, or "
                                             "choose to send your contact details.")})
        return
    errors = {}
    if not name:
        errors["contact_name"] = _("Give your name, or choose to stay anonymous.")
    if not phone and not email:
        errors["contact_phone"] = _("Give a phone number or an e-mail address so the police can reach you.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def tip_submit(*, actor=None, commune: Unit, category: str, what: str, mode: str,
               occurred_on: datetime.date | None = None, occurred_time: str = "", place: str = "",
               contact_name: str = "", contact_phone: str = "", contact_email: str = "",
               attachments: Iterable = ()) -> Submitted:
    """Receive a tip for `commune`'s police; returns the tip and its receipt code (to show once)."""
    if commune is None or not _is_current_commune(commune):
        raise ValidationError({"commune": _("Choose a commune from the current list.")})
    if category not in TipCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    what = _text(what, "what", minimum=MIN_WHAT)
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    contact_name, contact_phone, contact_email = nfc(contact_name or ""), nfc(contact_phone or ""), (
        (contact_email or "").strip())
    _validate_contact(mode, contact_name, contact_phone, contact_email)
    cleaned = _clean_files(attachments)
    code = receipts.new_code()
    tip = Tip(commune=commune, category=category, what=what, occurred_on=occurred_on,
              occurred_time=nfc(occurred_time or "")[:50], place=nfc(place or "")[:255], mode=mode,
              contact_name=contact_name[:255], contact_phone=contact_phone[:50], contact_email=contact_email,
              receipt_hash=receipts.code_hash(code))
    tip.full_clean()
    written: list = []
    try:
        tip.save()
        _store(tip, None, cleaned, written)
        audit_record(actor=actor, action="tip.submit", target=tip, after=snapshot(tip, AUDITED_FIELDS),
                     detail={"attachments": len(cleaned)})
    except Exception:
        _forget_files(written)
        raise
    return Submitted(tip=tip, code=code)


@transaction.atomic
def tip_follow_up(*, actor=None, tip: Tip, body: str, attachments: Iterable = ()) -> TipMessage:
    """The sender adds information to their tip (the caller found `tip` by its receipt code)."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.is_closed:
        raise ValidationError(_("This tip is closed. Send a new tip if you have new information."))
    body = _text(body, "body")
    cleaned = _clean_files(attachments)
    written: list = []
    try:
        message = TipMessage.objects.create(tip=tip, kind=MessageKind.SENDER, body=body)
        _store(tip, message, cleaned, written)
        tip.save(update_fields=["updated_at"])
        audit_record(actor=actor, action="tip.follow_up", target=tip, detail={"attachments": len(cleaned)})
    except Exception:
        _forget_files(written)
        raise
    return message


def _locked_for(actor, tip: Tip) -> Tip:
    tip = Tip.objects.select_for_update().select_related("commune").get(pk=tip.pk)
    if not handles(actor, tip.commune):
        raise ValidationError(_("You do not handle the tips of this commune."))
    return tip


def _refuse_closed(tip: Tip) -> None:
    if tip.is_closed:
        raise ValidationError(_("This tip is closed; reopen it first."))


def _officer_message(actor, tip: Tip, kind: str, body: str, action: str) -> TipMessage:
    tip = _locked_for(actor, tip)
    _refuse_closed(tip)
    body = _text(body, "body")
    before = snapshot(tip, AUDITED_FIELDS)
    message = TipMessage.objects.create(tip=tip, kind=kind, body=body, author=actor)
    if tip.state == TipState.NEW:  # someone is on it now
        tip.state = TipState.IN_PROGRESS
    tip.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action=action, target=tip, before=before, after=snapshot(tip, AUDITED_FIELDS),
                 detail={"message": message.pk})
    return message


@transaction.atomic
def tip_reply(*, actor, tip: Tip, body: str) -> TipMessage:
    """A reply the sender reads with their code. Never e-mailed: an anonymous sender has no address."""
    return _officer_message(actor, tip, MessageKind.REPLY, body, "tip.reply")


@transaction.atomic
def tip_note_add(*, actor, tip: Tip, body: str) -> TipMessage:
    """An internal note for the officers; never shown to the sender."""
    return _officer_message(actor, tip, MessageKind.NOTE, body, "tip.note")


@transaction.atomic
def tip_state_change(*, actor, tip: Tip, state: str, note: str = "") -> Tip:
    """Move the tip to `state`; a closed tip only goes back to "in progress", by the level above the commune."""
    tip = _locked_for(actor, tip)
    if state not in TipState.values or state == TipState.NEW:
        raise ValidationError({"state": _("Choose a state.")})
    if state == tip.state:
        raise ValidationError({"state": _("The tip is already in this state.")})
    if tip.is_closed:
        if state != TipState.IN_PROGRESS:
            raise ValidationError({"state": _("A closed tip can only be reopened (in progress).")})
        if not may_reopen(actor, tip.commune):
            raise ValidationError(_("Only the province police may reopen a closed tip."))
    note = _text(note, "note", required=state in (*CLOSED_STATES, TipState.FORWARDED))
    before = snapshot(tip, AUDITED_FIELDS)
    tip.state = state
    tip.save(update_fields=["state", "updated_at"])
    if note:
        TipMessage.objects.create(tip=tip, kind=MessageKind.NOTE, body=note, author=actor)
    audit_record(actor=actor, action="tip.state", target=tip, before=before, after=snapshot(tip, AUDITED_FIELDS))
    return tip


@transaction.atomic
def tip_reassign(*, actor, tip: Tip, commune: Unit, reason: str) -> Tip:
    """Send the tip to the police of another commune (it leaves the actor's queue if outside their area)."""
    tip = _locked_for(actor, tip)
    _refuse_closed(tip)
    if commune is None or not _is_current_commune(commune):
        raise ValidationError({"commune": _("Choose a commune from the current list.")})
    if commune.pk == tip.commune_id:
        raise ValidationError({"commune": _("The tip is already with this commune.")})
    reason = _text(reason, "reason")
    before = snapshot(tip, AUDITED_FIELDS)
    old = tip.commune
    tip.commune = commune
    tip.state = TipState.NEW  # new to the police who receive it
    tip.save(update_fields=["commune", "state", "updated_at"])
    TipMessage.objects.create(tip=tip, kind=MessageKind.NOTE, author=actor, body=_(
        "Sent from %(old)s to %(new)s: %(reason)s") % {"old": old.name, "new": commune.name, "reason": reason})
    audit_record(actor=actor, action="tip.reassign", target=tip, before=before, after=snapshot(tip, AUDITED_FIELDS),
                 detail={"reason": reason})
    return tip
