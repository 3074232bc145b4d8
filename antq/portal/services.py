"""Writes of portal news. Each runs in one transaction and records an audit event.

Who may write: news of a province is written, published and withdrawn by whoever decides for that
province (its province officers; the national administrator, whose role covers every province);
national news (on the country) only by the national administrator. Commune officers, unit reporters
and viewers write none. A published item stays editable (a correction shows at once, audited); it is
deleted only as a draft, so what the public has read is withdrawn by unpublishing, on the record.
"""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.incidents import evidence as file_rules
from antq.incidents.services import nfc_text
from antq.portal.models import NewsImage, NewsItem
from antq.units.models import Unit, UnitKind

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")
EDITABLE_FIELDS = ("title", "body")


def may_write_news(actor, unit: Unit) -> bool:
    """Whether `actor` writes and publishes the news of `unit` (a current province, or the country)."""
    if unit.kind == UnitKind.COUNTRY:
        return has_capability(actor, unit, Capability.ADMINISTER)
    if unit.kind == UnitKind.PROVINCE and unit.valid_to is None:
        return has_capability(actor, unit, Capability.DECIDE)
    return False


def _require_writer(actor, unit: Unit) -> None:
    if not may_write_news(actor, unit):
        raise ValidationError(_("You may not write news for this area."))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _validate(item: NewsItem) -> None:
    if not item.title:
        raise ValidationError({"title": _("Give the news item a title.")})
    if not item.body:
        raise ValidationError({"body": _("Write the text of the news item.")})
    item.full_clean(exclude=["created_by", "published_by", "published_at"])


def _locked(item: NewsItem) -> NewsItem:
    return NewsItem.objects.select_for_update().select_related("unit").get(pk=item.pk)


@transaction.atomic
def news_create(*, actor, unit: Unit, title: str, body: str) -> NewsItem:
    """Write a draft news item for `unit` (a province, or the country for national news)."""
    _require_writer(actor, unit)
    item = NewsItem(unit=unit, title=nfc(title or ""), body=nfc_text(body or ""), created_by=_user(actor))
    _validate(item)
    item.save()
    audit_record(actor=actor, action="news.create", target=item, after=snapshot(item))
    return item


@transaction.atomic
def news_update(*, actor, item: NewsItem, title: str | None = None, body: str | None = None) -> NewsItem:
    """Change the title or text of an item, draft or published."""
    item = _locked(item)
    _require_writer(actor, item.unit)
    before = snapshot(item)
    if title is not None:
        item.title = nfc(title)
    if body is not None:
        item.body = nfc_text(body)
    _validate(item)
    after = snapshot(item)
    if after != before:
        item.save()
        audit_record(actor=actor, action="news.update", target=item, before=before, after=after)
    return item


@transaction.atomic
def news_publish(*, actor, item: NewsItem) -> NewsItem:
    """Show a draft on the public portal, dated now."""
    item = _locked(item)
    _require_writer(actor, item.unit)
    if item.is_published:
        raise ValidationError(_("This news item is already published."))
    before = snapshot(item)
    item.status, item.published_at, item.published_by = NewsItem.Status.PUBLISHED, timezone.now(), _user(actor)
    item.save()
    audit_record(actor=actor, action="news.publish", target=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def news_unpublish(*, actor, item: NewsItem) -> NewsItem:
    """Withdraw a published item from the portal; it becomes a draft again."""
    item = _locked(item)
    _require_writer(actor, item.unit)
    if not item.is_published:
        raise ValidationError(_("This news item is not published."))
    before = snapshot(item)
    item.status = NewsItem.Status.DRAFT
    item.save()
    audit_record(actor=actor, action="news.unpublish", target=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def news_delete(*, actor, item: NewsItem) -> None:
    """Delete a draft (with its images once the transaction commits); a published item is unpublished first."""
    item = _locked(item)
    _require_writer(actor, item.unit)
    if item.is_published:
        raise ValidationError(_("Unpublish the news item before deleting it."))
    names = [(i.file.storage, i.file.name) for i in item.images.all()]
    audit_record(actor=actor, action="news.delete", target=item, before=snapshot(item))
    item.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _image_snapshot(image: NewsImage) -> dict:
    data = snapshot(image, fields=[f.name for f in NewsImage._meta.concrete_fields if f.name != "file"])
    return {**data, "file": image.file.name}


@transaction.atomic
def news_image_add(*, actor, item: NewsItem, upload: File, caption: str = "") -> NewsImage:
    """Attach an image to an item: JPEG or PNG whose content matches, size-limited."""
    item = _locked(item)
    _require_writer(actor, item.unit)
    original_name = nfc(posixpath.basename((upload.name or "").replace("\\", "/")))
    if file_rules.extension_of(original_name) not in IMAGE_EXTENSIONS:
        raise ValidationError({"file": _("Upload a JPEG or PNG image.")})
    if problem := file_rules.file_problem(original_name, upload.size or 0, upload):
        raise ValidationError({"file": problem})
    image = NewsImage(item=item, original_name=original_name[-255:], caption=nfc(caption or "")[:255],
                      size=upload.size, uploaded_by=_user(actor))
    image.file.save(original_name, upload, save=False)
    try:
        image.save()
        audit_record(actor=actor, action="news.image_add", target=item, after=_image_snapshot(image))
    except Exception:
        image.file.delete(save=False)
        raise
    return image


@transaction.atomic
def news_image_remove(*, actor, image: NewsImage) -> None:
    _require_writer(actor, image.item.unit)
    audit_record(actor=actor, action="news.image_remove", target=image.item, before=_image_snapshot(image))
    storage, name = image.file.storage, image.file.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))
