"""Commendations (khen thưởng) of the movement: a nomination that becomes an award once decided.

One `Award` row per recipient and form: a collective (a `Unit`) or an individual (a `Person`). It is
proposed (*nominated*), checked by the reviewing level (*reviewed*), and *decided* with the decision's
number, date and signer; the reviewer may *return* it with a reason. A decided award is locked.
Past awards decided outside the system are entered directly as decided (`source` recorded/imported).
Which issuer gives which form, and who reviews and decides at each issuer level, is law data
(`data/awards.yaml`, `rules.py`); eligibility is computed by the pure `eligibility.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardForm(models.TextChoices):
    FLAG = "flag", _("Emulation flag")
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit")
    COMMENDATION_LETTER = "commendation_letter", _("Commendation letter")
    COMMEMORATIVE_MEDAL = "commemorative_medal", _("Commemorative medal")


class AwardKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    THEMATIC = "thematic", _("Thematic")
    AD_HOC = "ad_hoc", _("Ad hoc")
    LONG_SERVICE = "long_service", _("Long service")


class RecipientType(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class AwardStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    RETURNED = "returned", _("Returned")
    REVIEWED = "reviewed", _("Reviewed")
    DECIDED = "decided", _("Decided")


class AwardSource(models.TextChoices):
    NOMINATED = "nominated", _("Through a nomination")
    RECORDED = "recorded", _("Recorded from an earlier decision")
    IMPORTED = "imported", _("Imported")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonCategory(models.TextChoices):
    """Groups the tenure rules of the commemorative medal speak of (TT 11/2021 art. 4)."""

    LEADER = "leader", _("Leader of a Party committee, authority, organisation, school or enterprise")
    COMMUNE_POLICE = "commune_police", _("Semi-professional commune police")
    STREET_GUARD = "street_guard", _("Street security guard")
    AGENCY_GUARD = "agency_guard", _("Guard of an agency or enterprise")
    OTHER = "other", _("Other")


class Person(models.Model):
    """An individual recipient. Date of birth and ID number are personal data: shown only to those who
    enter data for the person's unit (`selectors.may_see_personal`)."""

    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="award_people")
    position = models.CharField(_("position"), max_length=150, blank=True)
    category = models.CharField(_("group"), max_length=20, choices=PersonCategory.choices,
                                default=PersonCategory.OTHER)
    in_post_since = models.DateField(_("in the post since"), null=True, blank=True)
    in_force_since = models.DateField(_("in the force since"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=~models.Q(id_number=""),
                                    name="commendations_person_id_number_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Award(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="awards",
                             help_text=_("The collective awarded, or the unit of the person awarded."))
    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="awards")
    recipient_type = models.CharField(_("recipient"), max_length=10, choices=RecipientType.choices)
    form = models.CharField(_("form"), max_length=30, choices=AwardForm.choices)
    issuer = models.CharField(_("issuer"), max_length=40)  # a key of the issuers in data/awards.yaml
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year (or last year) of the achievement."))
    achievement = models.TextField(_("achievement"), blank=True)
    festival_event = models.ForeignKey("festival.FestivalEvent", verbose_name=_("Festival Day event"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="commendations")
    status = models.CharField(_("status"), max_length=10, choices=AwardStatus.choices,
                              default=AwardStatus.NOMINATED)
    source = models.CharField(_("source"), max_length=10, choices=AwardSource.choices,
                              default=AwardSource.NOMINATED)
    version = models.PositiveIntegerField(default=1)
    eligibility = models.JSONField(_("eligibility"), null=True, blank=True, editable=False)

    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    nominated_at = models.DateTimeField(_("nominated at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    returned_reason = models.TextField(_("reason for return"), blank=True)

    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(recipient_type="collective", person__isnull=True)
                           | models.Q(recipient_type="individual", person__isnull=False)),
                name="commendations_award_recipient_matches"),
            models.CheckConstraint(condition=~models.Q(status="decided") | ~models.Q(decision_number=""),
                                   name="commendations_award_decided_has_number"),
        ]
        indexes = [models.Index(fields=["status", "year"], name="commendations_status_year")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.recipient_name} ({self.year})"

    @property
    def recipient_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def is_locked(self) -> bool:
        return self.status == AwardStatus.DECIDED
