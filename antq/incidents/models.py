"""The incident register (vụ việc, sự kiện về ANTT): the events that decide the "must not happen" and
"trend" criteria of the ANTT-safe standard (TT 124/2021/TT-BCA art. 4–7).

An incident happened in one unit (a KDC, a commune, or a CQ/DN/CSGD); through the unit tree it also
counts for the units above (an incident in a KDC counts for its commune). Types, crime severities and
discipline levels are codes of `data/incident_types.yaml` (see `catalogue.py`); their model choices are
callables, so a catalogue change needs no migration.

Incidents are never deleted: a wrong entry is *withdrawn* with a reason and stays in the register (and
in the audit trail), because it may already have decided a recognition.
"""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.incidents.catalogue import discipline_choices, severity_choices, type_choices
from antq.units.models import GRASSROOTS_KINDS, UnitKind

# Where an incident can happen: the units evaluated for the ANTT-safe standard.
INCIDENT_UNIT_KINDS = (UnitKind.COMMUNE, *GRASSROOTS_KINDS)
# Units whose criteria include the yearly trend (TT 124/2021 art. 4.4a; the commune inherits it, art. 5.2).
TREND_UNIT_KINDS = (UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA)


class PersonRole(models.TextChoices):
    """Who the person involved is, in the unit where the incident happened."""

    STAFF = "staff", _("Staff member (official, employee, teacher)")
    SECURITY_FORCE = "security_force", _("Member of the grassroots security force or protection force")
    COMMUNE_POLICE = "commune_police", _("Commune police officer")
    LEARNER = "learner", _("Learner")
    OTHER = "other", _("Other")


class IncidentQuerySet(models.QuerySet):
    def active(self) -> "IncidentQuerySet":
        """Incidents that have not been withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def in_subtree(self, path: str) -> "IncidentQuerySet":
        """Incidents of the unit with `path` and of every unit below it."""
        return self.filter(unit__path__startswith=path)


class Incident(models.Model):
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text=_("The residential area, commune, agency, enterprise or school where it happened."),
    )
    type = models.CharField(_("type"), max_length=40, choices=type_choices, db_index=True)
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    # Lower-case, accent-free copy of the title for search; written by the services with the title.
    title_folded = models.CharField(max_length=255, editable=False, db_index=True)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("crime category"),
        max_length=30,
        choices=severity_choices,
        blank=True,
        help_text=_("Crimes only: the category of the Penal Code, art. 9."),
    )
    force_majeure = models.BooleanField(_("force majeure"), default=False)
    detected_mitigated_reported = models.BooleanField(
        _("detected in time, mitigated and reported at once"),
        default=False,
        help_text=_("Detected in time, mitigation measures taken and reported at once to the competent level."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "occurred_on"], name="incident_unit_date_idx"),
            models.Index(fields=["occurred_on"], name="incident_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="incident_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class IncidentPerson(models.Model):
    """A person involved, for the types whose criteria look at discipline (has_people in the catalogue)."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="people")
    full_name = models.CharField(_("full name"), max_length=150)
    role_in_unit = models.CharField(_("role in the unit"), max_length=20, choices=PersonRole.choices)
    discipline = models.CharField(_("discipline level"), max_length=30, choices=discipline_choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name


def evidence_path(instance: "IncidentEvidence", filename: str) -> str:
    """Where an evidence file is stored: incidents/<year>/<random>.<ext>, never the uploaded name."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"incidents/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class IncidentEvidence(models.Model):
    """A file backing an incident (report, photo, minutes). Served only through a scoped view."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class YearlyTrendFigure(models.Model):
    """The number of crimes, social evils and other violations in a unit for one evaluation year.

    Entered where the register is incomplete (for instance before ANTQ was used); when present it
    replaces the register's count for that unit and year in `selectors.trend_counts`.
    """

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="trend_figures")
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    count = models.PositiveIntegerField(_("crimes, social evils and other violations"))
    note = models.CharField(_("source or note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("yearly trend figure")
        verbose_name_plural = _("yearly trend figures")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="trend_figure_unit_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.count}"
