"""The yearly ANTT-safe cycle of one unit: a `RecognitionCase` per unit and year.

States, in order (TT 124/2021 art. 9): registered (Quarter I) → self_assessed → submitted (the
dossier) → appraised → decided (met / not met). A case is changed only by the transition services
in `workflow.py`; after the decision it is locked, and only the level above the decider reopens it.
The self-assessed and the appraised answers are kept side by side (`CaseAnswer.stage`), and the
engine's result at each step is stored as it was (`self_evaluation`, `appraised_evaluation`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    SUBMITTED = "submitted", _("Dossier submitted")
    APPRAISED = "appraised", _("Appraised")
    DECIDED = "decided", _("Decided")


class CaseResult(models.TextChoices):
    MET = "met", _("Recognised (đạt)")
    NOT_MET = "not_met", _("Not recognised (chưa đạt)")


class AnswerStage(models.TextChoices):
    SELF = "self", _("Self-assessment")
    APPRAISAL = "appraisal", _("Appraisal")


class RecognitionCase(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="recognition_cases"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    legal_basis = models.CharField(_("legal basis"), max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    # Bumped by every transition: a form posted against an older version is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registration_note = models.TextField(_("registration note"), blank=True)
    figures = models.JSONField(_("self-assessed figures"), default=dict, blank=True)
    appraised_figures = models.JSONField(_("appraised figures"), default=dict, blank=True)
    self_evaluation = models.JSONField(null=True, blank=True, editable=False)
    appraised_evaluation = models.JSONField(null=True, blank=True, editable=False)
    returned_reason = models.TextField(_("reason for return"), blank=True)

    result = models.CharField(_("result"), max_length=10, choices=CaseResult.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recognition case")
        verbose_name_plural = _("recognition cases")
        ordering = ["-year", "unit__name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="recognition_case_unit_year_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | ~models.Q(result=""),
                name="recognition_case_decided_has_result",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="recognition_case_year_status")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == CaseStatus.DECIDED


class CaseAnswer(models.Model):
    """An answer to one criterion at one stage: the unit's own, or the appraiser's with a reason."""

    case = models.ForeignKey(RecognitionCase, on_delete=models.CASCADE, related_name="answers")
    criterion_id = models.CharField(_("criterion"), max_length=40)
    stage = models.CharField(_("stage"), max_length=10, choices=AnswerStage.choices)
    met = models.BooleanField(_("met"), null=True)
    # "Does not apply here" (e.g. no Party organisation, no protection force); the engine accepts it
    # only for criteria whose data carries an `applies_when` condition.
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion_id", "stage"], name="case_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.criterion_id} ({self.stage})"


class CaseDocumentKind(models.TextChoices):
    PARTY_RESOLUTION = "party_resolution", _("Party resolution")
    PLAN = "plan", _("Security and order plan")
    REGISTRATION = "registration", _("Registration form")
    EVIDENCE = "evidence", _("Evidence")
    SUBMISSION = "submission", _("Submission (tờ trình)")
    RESULTS_REPORT = "results_report", _("Results report")
    MINUTES = "minutes", _("Meeting minutes")
    DECISION = "decision", _("Decision")


class CaseDocument(models.Model):
    case = models.ForeignKey(RecognitionCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseDocumentKind.choices)
    criterion_id = models.CharField(_("criterion"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to="recognition/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ProvincialCriterion(models.Model):
    """An extra criterion a province adds for a year (TT 124/2021 art. 8.1); applies only there."""

    province = models.ForeignKey(
        "units.Unit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="extra_criteria"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=40)
    unit_kinds = models.JSONField(_("unit kinds"), default=list)
    article = models.CharField(_("legal basis"), max_length=255)
    text_vi = models.TextField(_("text (Vietnamese)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, default="must_have")
    figure = models.CharField(_("figure"), max_length=60, blank=True)
    operator = models.CharField(_("operator"), max_length=2, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provincial criterion")
        verbose_name_plural = _("provincial criteria")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "code"], name="provincial_criterion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.province}, {self.year})"


class DerivedContentAnswer(models.Model):
    """An officer's answer to an `entered` content of a derived national criterion, per commune and year.

    The contents and who decides them are data (`antq/recognition/data/derived_criteria.yaml`, see
    `antq.recognition.derived.rules`); `indicator` and `content_code` are the codes of that data.
    Written only by `antq.recognition.derived.services.derived_answer_set`.
    """

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="derived_answers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=40)
    content_code = models.CharField(_("content"), max_length=40)
    met = models.BooleanField(_("met"), null=True, blank=True)  # None: not known yet
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("derived criterion answer")
        verbose_name_plural = _("derived criterion answers")
        ordering = ["commune", "-year", "indicator", "content_code"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year", "indicator", "content_code"],
                                    name="derived_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year} {self.indicator}/{self.content_code}"
