"""Reads of tips. Officers' reads start from `access.handler_paths(actor)`; a tip or attachment outside it
answers 404 exactly like a missing one. The sender's reads start from a receipt code and nothing else."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from antq.tips import receipts
from antq.tips.access import handler_paths
from antq.tips.models import SENDER_VISIBLE_KINDS, Tip, TipAttachment, TipMessage
from antq.units.models import Unit, UnitKind


def tip_queue(*, actor, state: str | None = None, category: str | None = None, commune: Unit | None = None):
    """The tips the actor handles, newest first, filtered."""
    tips = Tip.objects.within(handler_paths(actor)).select_related("commune", "commune__parent")
    if state:
        tips = tips.filter(state=state)
    if category:
        tips = tips.filter(category=category)
    if commune is not None:
        tips = tips.filter(commune=commune)
    return tips.annotate(attachment_count=Count("attachments", distinct=True)).order_by("-received_at", "-id")


def get_tip_for(actor, pk) -> Tip:
    try:
        return Tip.objects.within(handler_paths(actor)).select_related("commune", "commune__parent").get(pk=pk)
    except (Tip.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attachment_for(actor, pk) -> TipAttachment:
    try:
        return TipAttachment.objects.select_related("tip").get(
            pk=pk, tip__in=Tip.objects.within(handler_paths(actor)))
    except (TipAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tip_messages(*, tip: Tip):
    return tip.messages.select_related("author").prefetch_related("attachments")


def tip_by_code(code: str) -> Tip | None:
    """The tip whose receipt code is `code`, or None; the only way a sender reaches a tip."""
    if not receipts.looks_like_code(code):
        return None
    return Tip.objects.select_related("commune").filter(receipt_hash=receipts.code_hash(code)).first()


def sender_conversation(*, tip: Tip) -> list[TipMessage]:
    """What the sender sees: their own messages and the officers' replies, never the internal notes
    nor who wrote a reply."""
    return list(tip.messages.filter(kind__in=SENDER_VISIBLE_KINDS).order_by("created_at", "id"))


def queue_communes(*, actor):
    """Communes the actor's queue can be filtered by: those of their area that have tips."""
    return (Unit.objects.filter(pk__in=Tip.objects.within(handler_paths(actor)).values("commune"))
            .order_by("name_folded"))


def queue_counts(*, actor) -> dict[str, int]:
    """Tips per state in the actor's queue (for the queue's header)."""
    rows = Tip.objects.within(handler_paths(actor)).values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def current_provinces():
    return Unit.objects.valid_on(timezone.localdate()).filter(kind=UnitKind.PROVINCE, valid_to__isnull=True) \
        .order_by("name_folded")


def current_communes(*, province: Unit | None):
    """Current communes of `province` (none without one: the public form asks for the province first)."""
    if province is None:
        return Unit.objects.none()
    return (Unit.objects.valid_on(timezone.localdate())
            .filter(kind=UnitKind.COMMUNE, valid_to__isnull=True, path__startswith=province.path)
            .order_by("name_folded"))


def current_commune(pk) -> Unit | None:
    try:
        return Unit.objects.valid_on(timezone.localdate()).filter(
            kind=UnitKind.COMMUNE, valid_to__isnull=True).select_related("parent").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        return None


def current_province(pk) -> Unit | None:
    try:
        return current_provinces().get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        return None


def open_count(*, actor) -> int:
    return Tip.objects.within(handler_paths(actor)).filter(~Q(state__startswith="closed")).count()
