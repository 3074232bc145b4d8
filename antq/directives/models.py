"""The directives register: Party and State documents, the plans that implement them, the reports they owe.

- A `Document` is one entry of the register: a national document (Chỉ thị 09-CT/TW, Kết luận 44-KL/TW,
  QĐ 521/QĐ-TTg, TT 124/2021/TT-BCA …, issued on the country root and entered by the national administrator)
  or a *plan* ("kế hoạch") a province or commune issues to implement a parent document (`parent`).
  Who may see a document: whoever sees its issuing unit, and everyone below it (a commune reads the
  national documents and its province's plans).
- A `ReportObligation` says which units below the document's issuer must report (provinces or communes),
  what, and by when: a first due date, repeated yearly, half-yearly or quarterly until `ends_on`.
- A `ReportSubmission` records one report handed in for one due date by one unit: its number, date and the
  signed file (PDF or DOCX). A submission is locked once recorded.
"""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    CONCLUSION = "conclusion", _("Conclusion")
    RESOLUTION = "resolution", _("Resolution")
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    DECISION = "decision", pgettext_lazy("document kind", "Decision")
    CIRCULAR = "circular", _("Circular")
    GUIDANCE = "guidance", _("Guidance")
    PLAN = "plan", _("Plan")
    OTHER = "other", _("Other document")


# The Vietnamese words for each kind: the import reads them, the export writes the first, and search
# folds the first into every document so "chi thi 09" finds Chỉ thị 09-CT/TW (a file format, not translated).
KIND_WORDS = {
    DocumentKind.DIRECTIVE: ("Chỉ thị", "CT"), DocumentKind.CONCLUSION: ("Kết luận", "KL"),
    DocumentKind.RESOLUTION: ("Nghị quyết", "NQ"), DocumentKind.LAW: ("Luật",),
    DocumentKind.DECREE: ("Nghị định", "NĐ"), DocumentKind.DECISION: ("Quyết định", "QĐ"),
    DocumentKind.CIRCULAR: ("Thông tư", "TT"), DocumentKind.GUIDANCE: ("Hướng dẫn", "HD"),
    DocumentKind.PLAN: ("Kế hoạch", "KH"), DocumentKind.OTHER: ("Văn bản khác", "Khác"),
}


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("In force, amended")
    EXPIRED = "expired", _("No longer in force")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    YEARLY = "yearly", _("Every year")
    HALF_YEARLY = "half_yearly", _("Every six months")
    QUARTERLY = "quarterly", _("Every quarter")


class ReporterKind(models.TextChoices):
    PROVINCE = "province", _("Each province")
    COMMUNE = "commune", _("Each commune")


# Months between two due dates of a recurring report.
RECURRENCE_MONTHS = {Recurrence.YEARLY: 12, Recurrence.HALF_YEARLY: 6, Recurrence.QUARTERLY: 3}


class Document(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT,
                             related_name="directive_documents")
    parent = models.ForeignKey("self", verbose_name=_("implements"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date issued"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    issuer = models.CharField(_("issued by"), max_length=255)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    validity = models.CharField(_("validity"), max_length=10, choices=Validity.choices, default=Validity.IN_FORCE)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    search_folded = models.CharField(max_length=900, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number", "year"], name="directives_document_number_unique"),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="directives_year_kind_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def is_plan(self) -> bool:
        return self.kind == DocumentKind.PLAN


class ReportObligation(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="obligations")
    subject = models.CharField(_("report"), max_length=255)
    reporter_kind = models.CharField(_("who reports"), max_length=20, choices=ReporterKind.choices)
    first_due_on = models.DateField(_("first due date"))
    recurrence = models.CharField(_("recurrence"), max_length=12, choices=Recurrence.choices,
                                  default=Recurrence.ONCE)
    ends_on = models.DateField(_("last due date no later than"), null=True, blank=True)
    note = models.TextField(_("what the report covers"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report obligation")
        verbose_name_plural = _("report obligations")
        ordering = ["first_due_on", "id"]

    def __str__(self) -> str:
        return self.subject


def submission_path(instance: "ReportSubmission", filename: str) -> str:
    """directives/<year>/<random>.<ext>, never the uploaded name."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"directives/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class ReportSubmission(models.Model):
    obligation = models.ForeignKey(ReportObligation, verbose_name=_("obligation"), on_delete=models.PROTECT,
                                   related_name="submissions")
    unit = models.ForeignKey("units.Unit", verbose_name=_("reporting unit"), on_delete=models.PROTECT,
                             related_name="directive_reports")
    due_on = models.DateField(_("due date"))
    submitted_on = models.DateField(_("date submitted"))
    number = models.CharField(_("report number"), max_length=60)
    file = models.FileField(_("file"), upload_to=submission_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "unit", "due_on"], name="directives_submission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.submitted_on:%d/%m/%Y})"

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.due_on
