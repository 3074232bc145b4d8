"""Citizen tips ("tố giác tội phạm"): what a citizen reports to the commune police, and the conversation after.

A tip is sent without an account, in one of two modes chosen before sending: *anonymous* (nothing that
identifies the sender is stored — no name, no contact, no address or browser of the client) or
*identified* (a name and a way to reach the sender, shown only to the police officers who receive it).
The sender gets a long random receipt code once; only its SHA-256 is kept (`receipt_hash`), and the code
alone opens the conversation again (`antq.tips.receipts`).

A tip lands in the queue of the police of the chosen commune; the province's officers see all of their
communes' tips, the national administrator all (`antq.tips.access`). Officers move it through the triage
states, write internal notes (never shown to the sender) and replies (shown to the sender), or send it to
another commune — each through `services.py`, audited.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TipCategory(models.TextChoices):
    CRIME = "crime", _("Crime")
    DRUGS = "drugs", _("Drugs")
    SOCIAL_EVIL = "social_evil", _("Social evil (gambling, prostitution…)")
    HOTSPOT = "hotspot", _("Security and order hotspot")
    FIRE_RISK = "fire_risk", _("Fire or explosion risk")
    OTHER = "other", _("Other")


class TipMode(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous")
    IDENTIFIED = "identified", _("With my contact details")


class TipState(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED_FOUNDED = "closed_founded", _("Closed: founded")
    CLOSED_UNFOUNDED = "closed_unfounded", _("Closed: unfounded")


CLOSED_STATES = (TipState.CLOSED_FOUNDED, TipState.CLOSED_UNFOUNDED)


class TipQuerySet(models.QuerySet):
    def within(self, paths: list[str]) -> "TipQuerySet":
        """Tips whose commune lies under any of `paths`."""
        if not paths:
            return self.none()
        condition = models.Q()
        for path in paths:
            condition |= models.Q(commune__path__startswith=path)
        return self.filter(condition)


class Tip(models.Model):
    commune = models.ForeignKey("units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="tips")
    category = models.CharField(_("category"), max_length=20, choices=TipCategory.choices)
    what = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    occurred_time = models.CharField(_("time"), max_length=50, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    mode = models.CharField(_("mode"), max_length=12, choices=TipMode.choices)
    # Identified mode only; empty for every anonymous tip (the service refuses anything else).
    contact_name = models.CharField(_("name"), max_length=255, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=TipState.choices, default=TipState.NEW)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["state", "category"], name="tip_state_category_idx")]

    def __str__(self) -> str:
        # Never the sender: this is what the audit trail shows.
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def is_anonymous(self) -> bool:
        return self.mode == TipMode.ANONYMOUS


class MessageKind(models.TextChoices):
    SENDER = "sender", _("From the sender")
    REPLY = "reply", _("Reply to the sender")
    NOTE = "note", _("Internal note")


# What the sender sees of the conversation: their own messages and the replies, never the notes.
SENDER_VISIBLE_KINDS = (MessageKind.SENDER, MessageKind.REPLY)


class TipMessage(models.Model):
    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def attachment_path(instance: "TipAttachment", filename: str) -> str:
    """tips/<random>.<ext>: neither the uploaded name nor anything about the sender."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"tips/{uuid.uuid4().hex}.{extension}"


class TipAttachment(models.Model):
    """A JPEG or PNG (re-encoded without metadata) or a PDF, served only through a scoped view."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(TipMessage, verbose_name=_("message"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.download_name

    @property
    def download_name(self) -> str:
        # The uploaded name may carry the sender's name; officers get a neutral one.
        return f"tip-{self.tip_id}-{self.pk}.{self.file.name.rsplit('.', 1)[-1]}"
