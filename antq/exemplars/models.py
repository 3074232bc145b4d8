"""Exemplars of the movement (điển hình tiên tiến, gương quần chúng), one row per exemplar and year.

An exemplar is a collective (a KDC, an agency, a club, a family …) or an individual, recorded on the unit
it belongs to (a commune, or a KDC or organisation below it), with its achievement and the unit that
proposed it. Besides the advanced exemplars of the movement, the register holds the citizens who
denounced crime, helped catch criminals, or handed over weapons and explosives (what, how many, when).

An individual's personal data (date of birth, ID number, address, phone) is shown only to whoever enters
data on the exemplar's unit (`selectors.may_see_personal`). An exemplar appears on the public portal only
when its consent to be named publicly is recorded, with who recorded it and when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExemplarKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ExemplarCategory(models.TextChoices):
    ADVANCED = "advanced", _("Advanced exemplar of the movement")
    DENOUNCED_CRIME = "denounced_crime", _("Denounced a crime")
    HELPED_ARREST = "helped_arrest", _("Helped catch criminals")
    HANDED_OVER_WEAPONS = "handed_over_weapons", _("Handed over weapons or explosives")


# The categories that record one act of a citizen, with its date.
ACT_CATEGORIES = (ExemplarCategory.DENOUNCED_CRIME, ExemplarCategory.HELPED_ARREST,
                  ExemplarCategory.HANDED_OVER_WEAPONS)
# What was handed over: field → how it is counted (the unit printed after the quantity).
HANDOVER_FIELDS = ("guns", "ammunition", "explosives_kg", "detonators", "rudimentary_weapons", "support_tools")
PERSONAL_FIELDS = ("birth_date", "id_number", "address", "phone")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ExemplarQuerySet(models.QuerySet):
    def in_subtree(self, path: str) -> "ExemplarQuerySet":
        return self.filter(unit__path__startswith=path)

    def consented(self) -> "ExemplarQuerySet":
        return self.filter(public_consent=True)


class Exemplar(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="exemplars",
                             help_text=_("The commune, or the KDC or organisation the exemplar belongs to."))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=ExemplarKind.choices)
    category = models.CharField(_("category"), max_length=24, choices=ExemplarCategory.choices,
                                default=ExemplarCategory.ADVANCED)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    achievement = models.TextField(_("achievement"))
    proposed_by = models.CharField(_("proposing unit"), max_length=255)
    act_date = models.DateField(_("date of the act"), null=True, blank=True)
    # Personal data of an individual; see selectors.may_see_personal.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Handed over (category handed_over_weapons only).
    guns = models.PositiveIntegerField(_("guns"), default=0)
    ammunition = models.PositiveIntegerField(_("rounds of ammunition"), default=0)
    explosives_kg = models.DecimalField(_("explosives (kg)"), max_digits=9, decimal_places=2, default=0)
    detonators = models.PositiveIntegerField(_("detonators"), default=0)
    rudimentary_weapons = models.PositiveIntegerField(_("rudimentary weapons"), default=0)
    support_tools = models.PositiveIntegerField(_("support tools"), default=0)
    items_note = models.TextField(_("other items handed over"), blank=True)
    public_consent = models.BooleanField(_("agrees to be named publicly"), default=False)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consent recorded by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        ordering = ["-year", "name_folded", "id"]
        indexes = [models.Index(fields=["year", "category"], name="exemplar_year_category_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def is_individual(self) -> bool:
        return self.kind == ExemplarKind.INDIVIDUAL

    @property
    def handed_over_anything(self) -> bool:
        return any(getattr(self, f) for f in HANDOVER_FIELDS) or bool(self.items_note)
