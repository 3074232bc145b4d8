"""Outreach and legal education activities (tuyên truyền, phổ biến giáo dục pháp luật).

An activity is held by a unit (a commune, a KDC, a CQ/DN/CSGD, or a province's or district's own work)
on a date, in a form, on a topic (`topics.py`, data), for an audience, and may produce materials: pages
compiled, copies printed or handed out, clips. Totals per period and area are summed by `selectors`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.outreach.topics import topic_label


class OutreachForm(models.TextChoices):
    ORAL = "oral", _("Oral (meetings, talks)")
    VISUAL = "visual", _("Visual display, banners, posters")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker")
    LEAFLET = "leaflet", _("Leaflets")
    VIDEO = "video", _("Video clip")
    ONLINE = "online", _("Online, social networks")
    LEGAL_CLASS = "legal_class", _("Legal education class")
    COMMUNITY_REEDUCATION = "community_reeducation", _("Community re-education of offenders")


class OutreachActivity(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="outreach_activities")
    held_on = models.DateField(_("date held"))
    form = models.CharField(_("form"), max_length=30, choices=OutreachForm.choices)
    # A code of the topics data set (`topics.py`); checked by the services against the data in force, so a
    # topic added by the administrator needs no migration.
    topic = models.CharField(_("topic"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    audience = models.PositiveIntegerField(_("audience"), default=0, help_text=_("People reached (attended)."))
    pages = models.PositiveIntegerField(_("pages compiled"), default=0)
    copies = models.PositiveIntegerField(_("copies printed or handed out"), default=0)
    clips = models.PositiveIntegerField(_("clips produced"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="outreach_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.title}"

    @property
    def topic_label(self) -> str:
        return topic_label(self.topic)
