"""Every place and organisation the movement knows, in one tree.

Country → province → (district, history only) → commune → residential area (KDC), with agencies
(CQ), enterprises (DN) and schools (CSGD) hanging under the commune they sit in. Official units
come from the `vietnam-provinces` package (see `loaders.py`); units before the 2025 reform keep
`valid_to = 2025-06-30` and are linked to the units formed from them through `predecessors`.

`path` is the chain of ids from the root ("/1/35/4012/"): a role granted on a unit covers every
unit whose path starts with the unit's path, which is one indexed prefix query on any database.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = datetime.date(2025, 6, 30)


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    RESIDENTIAL_AREA = "residential_area", _("Residential area")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")


ORGANISATION_KINDS = (UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL)
# Kinds that sit under a commune: what a commune officer enters and a unit reporter reports for.
GRASSROOTS_KINDS = (UnitKind.RESIDENTIAL_AREA, *ORGANISATION_KINDS)
ADMINISTRATIVE_KINDS = (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


class LocalKind(models.TextChoices):
    """The local name of a unit: province/city, district kinds, commune kinds, KDC kinds."""

    TINH = "tinh", pgettext_lazy("local kind", "Province (tỉnh)")
    THANH_PHO_TW = "thanh_pho_tw", pgettext_lazy("local kind", "Centrally-run city")
    HUYEN = "huyen", pgettext_lazy("local kind", "Rural district (huyện)")
    QUAN = "quan", pgettext_lazy("local kind", "Urban district (quận)")
    THI_XA = "thi_xa", pgettext_lazy("local kind", "District-level town (thị xã)")
    THANH_PHO = "thanh_pho", pgettext_lazy("local kind", "Provincial city")
    XA = "xa", pgettext_lazy("local kind", "Commune (xã)")
    PHUONG = "phuong", pgettext_lazy("local kind", "Ward (phường)")
    THI_TRAN = "thi_tran", pgettext_lazy("local kind", "Township (thị trấn)")
    DAC_KHU = "dac_khu", pgettext_lazy("local kind", "Special zone (đặc khu)")
    THON = "thon", pgettext_lazy("local kind", "Village (thôn)")
    XOM = "xom", pgettext_lazy("local kind", "Hamlet (xóm)")
    LANG = "lang", pgettext_lazy("local kind", "Village (làng)")
    BAN = "ban", pgettext_lazy("local kind", "Village (bản)")
    AP = "ap", pgettext_lazy("local kind", "Hamlet (ấp)")
    BUON = "buon", pgettext_lazy("local kind", "Village (buôn)")
    PHUM = "phum", pgettext_lazy("local kind", "Village (phum)")
    SOC = "soc", pgettext_lazy("local kind", "Village (sóc)")
    KHOM = "khom", pgettext_lazy("local kind", "Urban block (khóm)")
    TO_DAN_PHO = "to_dan_pho", pgettext_lazy("local kind", "Residential group (tổ dân phố)")
    KHU_PHO = "khu_pho", pgettext_lazy("local kind", "Quarter (khu phố)")


LOCAL_KINDS_BY_KIND: dict[str, tuple[str, ...]] = {
    UnitKind.PROVINCE: (LocalKind.TINH, LocalKind.THANH_PHO_TW),
    UnitKind.DISTRICT: (LocalKind.HUYEN, LocalKind.QUAN, LocalKind.THI_XA, LocalKind.THANH_PHO),
    UnitKind.COMMUNE: (LocalKind.XA, LocalKind.PHUONG, LocalKind.THI_TRAN, LocalKind.DAC_KHU),
    UnitKind.RESIDENTIAL_AREA: (
        LocalKind.THON, LocalKind.XOM, LocalKind.LANG, LocalKind.BAN, LocalKind.AP, LocalKind.BUON,
        LocalKind.PHUM, LocalKind.SOC, LocalKind.KHOM, LocalKind.TO_DAN_PHO, LocalKind.KHU_PHO,
    ),
}

# Which kind of parent each kind hangs under.
PARENT_KINDS: dict[str, tuple[str, ...]] = {
    UnitKind.COUNTRY: (),
    UnitKind.PROVINCE: (UnitKind.COUNTRY,),
    UnitKind.DISTRICT: (UnitKind.PROVINCE,),
    UnitKind.COMMUNE: (UnitKind.PROVINCE, UnitKind.DISTRICT),
    UnitKind.RESIDENTIAL_AREA: (UnitKind.COMMUNE,),
    UnitKind.AGENCY: (UnitKind.COMMUNE,),
    UnitKind.ENTERPRISE: (UnitKind.COMMUNE,),
    UnitKind.SCHOOL: (UnitKind.COMMUNE,),
}


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class SchoolLevel(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    VOCATIONAL = "vocational", _("Vocational school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    MULTI_LEVEL = "multi_level", _("Multi-level school")
    CONTINUING = "continuing", _("Continuing education centre")
    PRIMARY = "primary", _("Primary school")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    NURSERY = "nursery", _("Nursery")


class ManagingLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District (before 2025)")
    PROVINCE = "province", _("Province")
    MINISTRY = "ministry", _("Ministry or central")


def _units_changed() -> None:
    from antq.core.generations import UNITS, data_changed, generation_bump

    generation_bump(UNITS)
    data_changed()


class UnitQuerySet(models.QuerySet):
    # Every way of writing units moves the "units" generation (antq.core.generations), which keys the cached
    # unit counts of the statistics (bulk_update goes through update). This is cache bookkeeping, not a rule:
    # the services decide what to write.
    def update(self, **kwargs) -> int:
        changed = super().update(**kwargs)
        if changed:
            _units_changed()
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            _units_changed()
        return created

    def delete(self):
        deleted = super().delete()
        _units_changed()
        return deleted

    def valid_on(self, day: datetime.date) -> "UnitQuerySet":
        """Units that existed on `day` (open-ended validity counts as valid)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def within(self, paths: list[str]) -> "UnitQuerySet":
        """Units in the subtree of any of `paths` (each unit's own path included)."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class Unit(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    local_kind = models.CharField(_("local kind"), max_length=20, choices=LocalKind.choices, blank=True)
    code = models.CharField(
        _("official code"), max_length=20, blank=True, help_text=_("Code in the official list, if any.")
    )
    name = models.CharField(_("name"), max_length=255)
    # Lower-case, accent-free copy of the name for search; written by the services with the name.
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("formed from"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    # What TT 124/2021 art. 1.2 needs to decide whether an organisation is covered at all.
    is_armed_forces = models.BooleanField(_("armed-forces agency"), default=False)
    enterprise_size = models.CharField(
        _("enterprise size"), max_length=10, choices=EnterpriseSize.choices, blank=True
    )
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    managing_level = models.CharField(
        _("managing level"), max_length=10, choices=ManagingLevel.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name_folded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~Q(code="") & Q(valid_to__isnull=True),
                name="unit_current_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["parent", "kind"], name="unit_parent_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _units_changed()  # see UnitQuerySet

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        _units_changed()
        return deleted

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATION_KINDS

    @property
    def is_legacy(self) -> bool:
        return self.valid_to is not None and self.valid_to < REFORM_DATE

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]
