"""The yearly classification of one unit's movement work: a `Classification` per unit and year.

States (QĐ 510/QĐ-BCA-V05 art. 11): draft (the unit scores itself) → submitted → reviewed (the level
above scores each item again, with a reason where it differs) → decided (the final level; locked). The
self and the reviewed points are kept side by side (`ClassificationScore.stage`), the engine's result at
each step is stored as it was (`self_result`, `reviewed_result`), and the rules used are frozen on the
record when it is decided (`rules`). Past years loaded from a spreadsheet are decided records with
`source = imported` and the imported level and score kept as they were.

`ClassificationTally` holds the decided levels counted per year, area (every administrative unit above
and including the unit), block and level. The decide, reopen and import services keep it current in their
own transactions, so statistics read a few summary rows instead of grouping the classifications.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.classification.engine import AnttSafe, Level
from antq.core.models import ImportJob

__all__ = ["AnttSafe", "Block", "Classification", "ClassificationImport", "ClassificationScore",
           "ClassificationStatus", "ClassificationTally", "Level", "ScoreStage", "Source"]


class ClassificationStatus(models.TextChoices):
    DRAFT = "draft", _("Self-scoring")
    SUBMITTED = "submitted", _("Submitted for review")
    REVIEWED = "reviewed", _("Reviewed")
    DECIDED = "decided", _("Decided")


class ScoreStage(models.TextChoices):
    SELF = "self", _("Self score")
    REVIEW = "review", _("Reviewed score")


class Source(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")


class Block(models.TextChoices):
    """The groups in which reports print the classification ("131/159 xã đạt loại Khá")."""

    COMMUNE = "commune", _("Communes, wards and townships")
    ORG_LOCAL = "org_local", _("Agencies and enterprises managed by the commune or district")
    ORG_PROVINCE = "org_province", _("Agencies and enterprises managed by the province or ministry")
    SCHOOL = "school", _("Schools")
    RESIDENTIAL_AREA = "residential_area", _("Residential areas")
    DISTRICT = "district", _("Districts")


class Classification(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="classifications"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    regulation = models.CharField(_("regulation"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=ClassificationStatus.choices,
                              default=ClassificationStatus.DRAFT)
    # Bumped by every step: a form posted against an older version is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    # The block the decision is counted in (set when decided or imported, kept for the tallies).
    block = models.CharField(_("block"), max_length=20, choices=Block.choices, blank=True)

    antt_safe = models.CharField(_("ANTT-safe result used"), max_length=10, choices=AnttSafe.choices,
                                 default=AnttSafe.UNKNOWN)
    self_total = models.DecimalField(_("self-scored total"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_level = models.CharField(_("self-proposed level"), max_length=10, choices=Level.choices, blank=True)
    reviewed_total = models.DecimalField(_("reviewed total"), max_digits=5, decimal_places=2, null=True, blank=True)
    reviewed_level = models.CharField(_("reviewed level"), max_length=10, choices=Level.choices, blank=True)
    level = models.CharField(_("final level"), max_length=10, choices=Level.choices, blank=True)
    level_reason = models.TextField(_("reason for the final level"), blank=True)
    self_result = models.JSONField(null=True, blank=True, editable=False)
    reviewed_result = models.JSONField(null=True, blank=True, editable=False)
    rules = models.JSONField(null=True, blank=True, editable=False)
    returned_reason = models.TextField(_("reason for return"), blank=True)

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(_("started at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    imported_level = models.CharField(_("imported level"), max_length=10, choices=Level.choices, blank=True)
    imported_score = models.DecimalField(_("imported score"), max_digits=5, decimal_places=2, null=True,
                                         blank=True)
    import_job = models.ForeignKey("ClassificationImport", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="classifications")

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["-year", "unit__name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="classification_unit_year_unique"),
            models.CheckConstraint(condition=~models.Q(status="decided") | (~models.Q(level="") & ~models.Q(block="")),
                                   name="classification_decided_has_level"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="classification_year_status")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == ClassificationStatus.DECIDED

    @property
    def is_imported(self) -> bool:
        return self.source == Source.IMPORTED


class ClassificationScore(models.Model):
    """The points of one item at one stage: the unit's own, or the reviewer's (with a reason where they differ)."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="scores")
    item_id = models.CharField(_("item"), max_length=40)
    stage = models.CharField(_("stage"), max_length=10, choices=ScoreStage.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    note = models.TextField(_("note, evidence or reason"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["classification", "item_id", "stage"], name="classification_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.classification} {self.item_id} ({self.stage})"


class ClassificationTally(models.Model):
    """How many units of a block have a decided level in a year, under one area (summary row)."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    block = models.CharField(_("block"), max_length=20, choices=Block.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("classification tally")
        verbose_name_plural = _("classification tallies")
        constraints = [
            models.UniqueConstraint(fields=["year", "area", "block", "level"], name="classification_tally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area_id} {self.block} {self.level}: {self.count}"


class ClassificationImport(models.Model):
    """One uploaded spreadsheet of past classification results and what became of it (all rows or none)."""

    Status = ImportJob.Status

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    area = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="classification-imports/%Y/%m/")
    status = models.CharField(_("status"), max_length=10, choices=ImportJob.Status.choices,
                              default=ImportJob.Status.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    imported_count = models.PositiveIntegerField(_("results imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("classification import")
        verbose_name_plural = _("classification imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
