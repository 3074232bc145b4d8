"""Grassroots security teams (Tổ bảo vệ an ninh, trật tự ở cơ sở, Luật 30/2023/QH15): the teams of a
commune, each covering one or several thôn/tổ dân phố, their members, and the yearly ratings of HD
01/HD-BCA-V05. Teams and members are never deleted: a team is dissolved and a member leaves, by decision.

The codes of education, origin and rating levels are those of `rules.py` (whose data files cite the
articles); the choices here only give them labels.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    HIGHER = "higher", _("Vocational or higher")


class Origin(models.TextChoices):
    """Where the member came from: the forces merged on 01/7/2024 (Luật 30/2023 art. 14.1) or new."""

    NEIGHBOURHOOD_GUARD = "neighbourhood_guard", _("Former neighbourhood guard (bảo vệ dân phố)")
    SEMI_PROFESSIONAL_POLICE = "semi_professional_commune_police", _("Former semi-professional commune police")
    CIVIL_DEFENCE_LEADER = "civil_defence_leader", _("Former civil defence team leader or deputy")
    NEW = "new", _("Newly selected")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


class CommuneAreaFlags(models.Model):
    """What kind of area a commune is, for the education rule of Luật 30/2023 art. 13 (primary allowed)."""

    commune = models.OneToOneField("units.Unit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                   related_name="area_flags", limit_choices_to={"kind": "commune"})
    border = models.BooleanField(_("border area"), default=False)
    island = models.BooleanField(_("island"), default=False)
    mountain = models.BooleanField(_("mountain area"), default=False)
    ethnic_minority = models.BooleanField(_("ethnic-minority area"), default=False)

    class Meta:
        verbose_name = _("commune area flags")

    def __str__(self) -> str:
        return str(self.commune)

    def flags(self) -> set[str]:
        return {name for name in ("border", "island", "mountain", "ethnic_minority") if getattr(self, name)}


class SecurityTeam(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    commune = models.ForeignKey("units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="security_teams")
    areas = models.ManyToManyField("units.Unit", verbose_name=_("residential areas covered"),
                                   related_name="covering_teams")
    name = models.CharField(_("name"), max_length=255)
    households = models.PositiveIntegerField(_("households in the area"), null=True, blank=True)
    decision_number = models.CharField(_("establishing decision number"), max_length=60)
    decision_date = models.DateField(_("establishing decision date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    dissolution_number = models.CharField(_("dissolution decision number"), max_length=60, blank=True)
    dissolution_date = models.DateField(_("dissolution decision date"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolution"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("security team")
        ordering = ["commune_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="grassroots_team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class TeamMember(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Serving")
        LEFT = "left", _("Left")

    team = models.ForeignKey(SecurityTeam, verbose_name=_("team"), on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    # Shown only to those who enter data on the commune (selectors.mask_id_number).
    id_number = models.CharField(_("ID number"), max_length=12, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    resident_since = models.DateField(_("living in the area since"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    decision_number = models.CharField(_("recognition decision number"), max_length=60)
    joined_on = models.DateField(_("recognition decision date"))
    origin = models.CharField(_("origin"), max_length=40, choices=Origin.choices, default=Origin.NEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.TextField(_("reason for leaving"), blank=True)
    age_exception = models.BooleanField(_("over the age limit by exception"), default=False)
    age_exception_reason = models.TextField(_("reason for the age exception"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team member")
        ordering = ["team_id", "role", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class TeamRating(models.Model):
    team = models.ForeignKey(SecurityTeam, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=20, choices=RatingLevel.choices)
    note = models.TextField(_("note"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team rating")
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="grassroots_team_rating_once")]

    def __str__(self) -> str:
        return f"{self.team} {self.year}: {self.get_level_display()}"


class MemberRating(models.Model):
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=20, choices=RatingLevel.choices)
    note = models.TextField(_("note"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member rating")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="grassroots_member_rating_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.get_level_display()}"
