"""The registry of self-management models (mô hình tự quản) and their clubs (Hướng dẫn 22/HD-BCA-V05).

- `ModelType`: a kind of model ("Camera giám sát ANTT", "Tổ liên gia tự quản" …) in one sector, society
  (KDC, commune) or agencies/enterprises/schools. National rows come from `data/model_types.yaml`
  (province null); a province adds its own, each optionally a variant of a national type (`national`).
- `MovementModel`: a model applied at a site (a commune, a KDC or an organisation: a `Unit`), with its
  establishing decision, its status and, when the site copied it from another site, `replicated_from`.
- `Club`: a team or club of the model at the site (name, members, leader).
- `ModelEvaluation`: the yearly evaluation of a model (effective or not) and its "điển hình" mark.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.units.models import ORGANISATION_KINDS, UnitKind


class Sector(models.TextChoices):
    SOCIETY = "society", _("In society")
    ORGANISATIONS = "organisations", _("In agencies, enterprises and schools")


# Where a model of each sector may be applied.
SITE_KINDS = {
    Sector.SOCIETY: (UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA),
    Sector.ORGANISATIONS: ORGANISATION_KINDS,
}


class ModelType(models.Model):
    code = models.SlugField(_("code"), max_length=50, blank=True,
                            help_text=_("Stable key of a national type; blank for a province's own type."))
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    province = models.ForeignKey("units.Unit", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("Empty for a type of the national catalogue."))
    national = models.ForeignKey("self", verbose_name=_("variant of the national type"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="variants")
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("model type")
        verbose_name_plural = _("model types")
        ordering = ["sector", "name_folded", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name_folded"], condition=Q(province__isnull=True),
                                    name="clubs_national_type_name_unique"),
            models.UniqueConstraint(fields=["province", "name_folded"], condition=Q(province__isnull=False),
                                    name="clubs_province_type_name_unique"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="clubs_type_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    @property
    def national_root(self) -> "ModelType":
        """The national type this one is counted under province-wide (itself when it has none)."""
        return self.national if self.national_id else self


class MovementModelQuerySet(models.QuerySet):
    def in_subtree(self, path: str) -> "MovementModelQuerySet":
        return self.filter(site__path__startswith=path)


class MovementModel(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    type = models.ForeignKey(ModelType, verbose_name=_("model type"), on_delete=models.PROTECT,
                             related_name="models")
    site = models.ForeignKey("units.Unit", verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="movement_models")
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    replicated_from = models.ForeignKey("self", verbose_name=_("replicated from"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="replicas")
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = MovementModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("models")
        ordering = ["name_folded", "id"]
        indexes = [models.Index(fields=["status"], name="clubs_model_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Club(models.Model):
    """A team or club (tổ, câu lạc bộ) of a model at its site."""

    model = models.ForeignKey(MovementModel, verbose_name=_("model"), on_delete=models.CASCADE,
                              related_name="clubs")
    name = models.CharField(_("name"), max_length=255)
    members_count = models.PositiveIntegerField(_("number of members"), default=0)
    member_names = models.TextField(_("members"), blank=True, help_text=_("One name a line."))
    leader = models.CharField(_("leader"), max_length=255, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MovementModel.Status.choices,
                              default=MovementModel.Status.ACTIVE)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ModelEvaluation(models.Model):
    model = models.ForeignKey(MovementModel, verbose_name=_("model"), on_delete=models.CASCADE,
                              related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    effective = models.BooleanField(_("effective"))
    typical = models.BooleanField(_("typical (điển hình)"), default=False)
    note = models.TextField(_("note"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("model evaluation")
        verbose_name_plural = _("model evaluations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="clubs_evaluation_model_year_unique"),
            models.CheckConstraint(condition=Q(typical=False) | Q(effective=True),
                                   name="clubs_typical_is_effective"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.year}"
