"""News of the public portal: short items written by a province's officers or the national administrator.

An item belongs to one area, the country (national news) or a current province, and is a *draft* until
published; only published items reach the portal and its API. The body is plain text (paragraphs split
by blank lines, escaped when shown), never HTML. Images are JPEG or PNG checked by content, like the
Festival Day photos, and are served publicly only while their item is published.
"""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewsItemQuerySet(models.QuerySet):
    def published(self) -> "NewsItemQuerySet":
        return self.filter(status=NewsItem.Status.PUBLISHED)


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.PROTECT,
                             related_name="news_items",
                             help_text=_("The country for national news, else the province."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; leave a blank line between paragraphs."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="portal_news_status_pub_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def paragraphs(self) -> list[str]:
        """The body split at blank lines; each is shown as an escaped paragraph."""
        blocks = [" ".join(b.split()) for b in self.body.replace("\r\n", "\n").split("\n\n")]
        return [b for b in blocks if b]


def image_path(instance: "NewsImage", filename: str) -> str:
    """portal/<year>/<random>.<ext>, never the uploaded name."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"portal/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class NewsImage(models.Model):
    """An image of a news item (JPEG or PNG, checked by content), served through the portal's views."""

    item = models.ForeignKey(NewsItem, verbose_name=_("news item"), on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("file"), upload_to=image_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name
