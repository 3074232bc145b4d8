"""Festival Day events ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc"), one per unit and year.

A KDC, a commune, or a CQ/DN/CSGD plans its Festival Day (status *planned*) and records it once held
(status *held*, with the figures: participants, gifts, awards). The date must fall in the year's campaign
window (`campaigns.py`); outside it only an officer with `decide` on the unit may record an exception with
a reason, kept on the event and in the audit trail. Coverage counts held events only.
"""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.units.models import GRASSROOTS_KINDS, UnitKind

# Who holds a Festival Day: residential areas, communes, agencies, enterprises, schools.
FESTIVAL_UNIT_KINDS = (UnitKind.COMMUNE, *GRASSROOTS_KINDS)
# Whose events the coverage counts (the units below a commune).
COVERED_KINDS = GRASSROOTS_KINDS


class FestivalEventQuerySet(models.QuerySet):
    def held(self) -> "FestivalEventQuerySet":
        return self.filter(status=FestivalEvent.Status.HELD)

    def in_subtree(self, path: str) -> "FestivalEventQuerySet":
        return self.filter(unit__path__startswith=path)


class FestivalEvent(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="festival_events")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    held_on = models.DateField(_("date held"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    place = models.CharField(_("venue"), max_length=255)
    ceremony = models.TextField(_("ceremony part"), blank=True)
    festivities = models.TextField(_("festival part"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    guests = models.TextField(_("guests"), blank=True)
    gifts_count = models.PositiveIntegerField(_("gifts"), default=0)
    gifts_value = models.PositiveBigIntegerField(_("value of gifts (VND)"), default=0)
    awards_count = models.PositiveIntegerField(_("awards handed out"), default=0)
    awards = models.TextField(_("awards (who received what)"), blank=True)
    report = models.TextField(_("short report"), blank=True)
    exception_reason = models.TextField(
        _("reason for a date outside the window"), blank=True,
        help_text=_("Only an officer who decides for the unit may record a date outside the campaign window."))
    exception_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("exception recorded by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = FestivalEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Festival Day event")
        verbose_name_plural = _("Festival Day events")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="festival_event_unit_year_unique"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="festival_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on:%d/%m/%Y}"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def has_exception(self) -> bool:
        return bool(self.exception_reason)


def photo_path(instance: "FestivalPhoto", filename: str) -> str:
    """festival/<year>/<random>.<ext>, never the uploaded name."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"festival/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class FestivalPhoto(models.Model):
    """A photo of the event (JPEG or PNG, checked by content). Served only through a scoped view."""

    event = models.ForeignKey(FestivalEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name



