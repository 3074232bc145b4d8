"""The year's report of an area: the parts an officer writes, and the files generated from them.

The figures come from the modules (see `sections.py`); the officer writes the rest — the issuing
body, the number and symbol, the summary, the limitations and the tasks for next year — in
`ReportText`, before asking for the file. Generating a file is a `ReportJob` run in the background
(`tasks.py`): the page polls its progress and offers the download when it has succeeded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportText(models.Model):
    area = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    issuing_body_parent = models.CharField(_("superior body"), max_length=150, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=150)
    number_symbol = models.CharField(_("number and symbol"), max_length=60, blank=True)
    place = models.CharField(_("place"), max_length=80)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("general situation"), blank=True)
    results = models.TextField(_("results (text before the tables)"), blank=True)
    limitations = models.TextField(_("limitations and causes"), blank=True)
    next_year_tasks = models.TextField(_("tasks for next year"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="report_text_area_year_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.area}, {self.year})"


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")


class ReportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Ready")
        FAILED = "failed", _("Failed")

    area = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    step = models.CharField(_("step"), max_length=120, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area} {self.year} .{self.format}"

    @property
    def done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
