"""Reads of the incident register.

Two kinds of read:

* for people (views and API): they take the acting user and start from `visible_units(actor)`, so a
  province officer sees every incident of the province and a commune officer those of the commune and
  its KDC/CQ/DN/CSGD ("visible up the hierarchy"); a fetch by id answers 404 when missing or out of scope;
* for the recognition engine (`incident_facts`, `trend_counts`): no actor — they are called by services
  that have already checked the scope of the case being evaluated.

How sub-units count: with `include_sub_units=True` an incident of any unit whose path starts with the
evaluated unit's path counts for it (an incident in a KDC also counts for its commune) and is flagged
`in_sub_unit`. Withdrawn incidents never count. The units wholly merged into the evaluated one in a
reorganisation count as the unit itself (`_lineage`), so a period that straddles 1/7/2025 sees the
incidents registered on the former communes before the merger.

How trend figures count: for each period, the count is the entered `YearlyTrendFigure` of the evaluated
unit for the period's evaluation year (the year in which the period ends) when one exists; otherwise it
is the number of register incidents of the types with `counts_for_trend` that occurred in the period. An
entered figure *replaces* the register's count for that unit and year — it is never added to it — and,
for a commune, it stands for the whole commune including its KDC (their own figures are not summed).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from antq.accounts.scope import Capability, units_for, visible_units
from antq.core.text import fold, natural_key
from antq.incidents.catalogue import catalogue
from antq.incidents.models import (
    INCIDENT_UNIT_KINDS,
    Incident,
    IncidentEvidence,
    IncidentPerson,
    YearlyTrendFigure,
)
from antq.recognition.facts import IncidentFact, Period
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind


def _in_scope(actor, capability: Capability = Capability.VIEW) -> QuerySet[Incident]:
    return Incident.objects.filter(unit__in=units_for(actor, capability))


def incident_list(
    *,
    actor,
    unit: Unit | None = None,
    year: int | None = None,
    type: str | None = None,
    q: str = "",
    include_withdrawn: bool = False,
) -> QuerySet[Incident]:
    """Incidents the actor may see, newest first: in `unit` and below it, in calendar `year`, of `type`,
    whose title contains every word of `q` (accent- and case-insensitive)."""
    qs = _in_scope(actor)
    if not include_withdrawn:
        qs = qs.active()
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    if year:
        qs = qs.filter(occurred_on__year=year)
    if type:
        qs = qs.filter(type=type)
    for word in fold(q).split():
        qs = qs.filter(title_folded__contains=word)
    return qs.select_related("unit__parent")


def incident_years(*, actor) -> list[int]:
    """The calendar years in which the actor's visible incidents happened, newest first."""
    years = (
        _in_scope(actor).annotate(y=ExtractYear("occurred_on")).values_list("y", flat=True).distinct().order_by("-y")
    )
    return list(years)


def get_incident_for(actor, pk, capability: Capability = Capability.VIEW) -> Incident:
    """The incident with id `pk` if the actor holds `capability` on its unit; 404 otherwise, missing or not."""
    try:
        return _in_scope(actor, capability).select_related("unit__parent", "created_by", "withdrawn_by").get(pk=pk)
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_person_for(actor, pk, capability: Capability = Capability.ENTER_DATA) -> IncidentPerson:
    """A person involved, if the actor holds `capability` on the incident's unit; 404 otherwise."""
    try:
        return IncidentPerson.objects.select_related("incident__unit").get(
            pk=pk, incident__unit__in=units_for(actor, capability))
    except (IncidentPerson.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_evidence_for(actor, pk, capability: Capability = Capability.VIEW) -> IncidentEvidence:
    """An evidence file, if the actor holds `capability` on the incident's unit; 404 otherwise."""
    try:
        return IncidentEvidence.objects.select_related("incident__unit").get(
            pk=pk, incident__unit__in=units_for(actor, capability))
    except (IncidentEvidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def incident_with_details(incident: Incident) -> Incident:
    """The same incident with its people and evidence (and their uploaders) loaded, for one page."""
    return (
        Incident.objects.select_related("unit__parent", "created_by", "withdrawn_by")
        .prefetch_related("people", Prefetch("evidence", IncidentEvidence.objects.select_related("uploaded_by")))
        .get(pk=incident.pk)
    )


# Areas and units for forms ----------------------------------------------------------------------------------


def area_choices(*, actor, selected: Unit | None = None) -> list[Unit]:
    """Areas offered by the list filter: the visible current provinces and communes (only provinces when
    the actor sees more than one), plus `selected` if it is something else."""
    current = visible_units(actor).filter(valid_to__isnull=True)
    provinces = list(current.filter(kind=UnitKind.PROVINCE).order_by("name_folded"))
    units = list(provinces)
    if len(provinces) <= 1:
        units += list(current.filter(kind=UnitKind.COMMUNE).order_by("name_folded"))
    if selected is not None and selected.pk not in {u.pk for u in units}:
        units.insert(0, selected)
    return units


def entry_communes(*, actor) -> QuerySet[Unit]:
    """Current communes where the actor may enter incidents."""
    return units_for(actor, Capability.ENTER_DATA).filter(
        kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("name_folded")


def entry_units(*, actor, area: Unit | None) -> list[Unit]:
    """The units an incident may be entered for from `area`: a commune and its current KDC/CQ/DN/CSGD, or
    the one grassroots unit; only those where the actor holds data entry. With no area: the same for the
    actor's only commune, or their only unit (empty when there is a choice of communes to make first)."""
    allowed = units_for(actor, Capability.ENTER_DATA).filter(kind__in=INCIDENT_UNIT_KINDS)
    if area is None:
        communes = list(entry_communes(actor=actor)[:2])
        if len(communes) == 1:
            area = communes[0]
        else:
            own = list(allowed.filter(valid_to__isnull=True)[:2])
            return own if len(own) == 1 and not communes else []
    if area.kind == UnitKind.COMMUNE:
        children = allowed.filter(parent=area, valid_to__isnull=True)
        return list(allowed.filter(pk=area.pk)) + sorted(
            children, key=lambda u: (GRASSROOTS_KINDS.index(u.kind), natural_key(u.name)))
    return list(allowed.filter(pk=area.pk))


def trend_figure_rows(*, actor, area: Unit, year: int) -> list[tuple[Unit, YearlyTrendFigure | None]]:
    """The KDC and communes of `area` (the area itself first, if it is one) with their figure for `year`."""
    visible = visible_units(actor).filter(kind__in=(UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA),
                                          valid_to__isnull=True)
    if area.kind == UnitKind.PROVINCE:
        units = sorted(visible.filter(parent=area, kind=UnitKind.COMMUNE), key=lambda u: natural_key(u.name))
    else:
        units = list(visible.filter(pk=area.pk)) + sorted(
            visible.filter(parent=area, kind=UnitKind.RESIDENTIAL_AREA), key=lambda u: natural_key(u.name))
    figures = {f.unit_id: f for f in YearlyTrendFigure.objects.filter(unit__in=units, year=year)
               .select_related("entered_by")}
    return [(unit, figures.get(unit.pk)) for unit in units]


def trend_figures_of(*, actor, unit: Unit) -> list[YearlyTrendFigure]:
    """Every figure entered for `unit`, newest year first (empty if the actor cannot see the unit)."""
    return list(YearlyTrendFigure.objects.filter(unit=unit, unit__in=visible_units(actor))
                .select_related("entered_by").order_by("-year"))


# For the recognition engine (no actor) ------------------------------------------------------------------------


def _lineage(unit: Unit) -> list[Unit]:
    """`unit` and the earlier units wholly merged into it (their only successor is `unit`).

    A period can straddle a reorganisation (16/11/2024 – 15/11/2025 spans 1/7/2025): what happened in a
    former commune before the merger is the new commune's history. A former commune split among several
    new ones is left out — the register does not say on which side of the new border an incident was."""
    # Counted on a fresh queryset: annotating `unit.predecessors` would count over the join it filters on.
    return [unit, *wholly_merged(Unit.objects.filter(pk__in=unit.predecessors.values("pk")))]


def wholly_merged(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Those of `units` whose only successor is the unit formed from them (see `_lineage`)."""
    return units.annotate(successor_count=Count("successors")).filter(successor_count=1)


def _register(unit: Unit, period: Period, include_sub_units: bool,
              lineage: list[Unit] | None = None) -> QuerySet[Incident]:
    lineage = lineage if lineage is not None else _lineage(unit)
    qs = Incident.objects.active().filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
    if not include_sub_units:
        return qs.filter(unit__in=lineage)
    in_any = Q()
    for member in lineage:
        in_any |= Q(unit__path__startswith=member.path)
    return qs.filter(in_any)


def incident_facts(*, unit: Unit, period: Period, include_sub_units: bool) -> tuple[IncidentFact, ...]:
    """The register's incidents of `unit` (and, with `include_sub_units`, of every unit below it) that
    occurred within `period` (both ends included), oldest first, as the engine sees them. Withdrawn
    incidents are left out. For services that have already checked the actor's scope; two queries."""
    lineage = _lineage(unit)
    own = {member.pk for member in lineage}
    incidents = (
        _register(unit, period, include_sub_units, lineage)
        .select_related("unit")
        .prefetch_related(Prefetch("people", IncidentPerson.objects.order_by("id")))
        .order_by("occurred_on", "id")
    )
    return tuple(
        incident_fact(incident, disciplines=tuple(person.discipline for person in incident.people.all()), own=own)
        for incident in incidents
    )


def incident_fact(incident: Incident, *, disciplines: tuple[str, ...], own: set[int]) -> IncidentFact:
    """One incident (with its `unit` loaded) as the engine sees it. `disciplines`: the discipline codes of
    its people in the order they were entered; `own`: the ids of the evaluated unit's lineage."""
    return IncidentFact(
        id=incident.pk,
        type=incident.type,
        occurred_on=incident.occurred_on,
        unit_name=incident.unit.name,
        severity=incident.severity,
        force_majeure=incident.force_majeure,
        detected_mitigated_reported=incident.detected_mitigated_reported,
        discipline_levels=disciplines,
        in_sub_unit=incident.unit_id not in own,
        title=incident.title,
    )


@dataclass(frozen=True)
class TrendCount:
    count: int
    source: str  # "figure": an entered YearlyTrendFigure; "register": counted from the incidents
    year: int  # the evaluation year of the period (the year it ends in)

    FIGURE = "figure"
    REGISTER = "register"


def trend_count(*, unit: Unit, period: Period, include_sub_units: bool) -> TrendCount:
    """The trend count of `unit` for one period, with where it came from (see the module docstring)."""
    year = trend_year(period)
    figure = YearlyTrendFigure.objects.filter(unit=unit, year=year).values_list("count", flat=True).first()
    if figure is not None:
        return TrendCount(count=figure, source=TrendCount.FIGURE, year=year)
    count = _register(unit, period, include_sub_units).filter(type__in=trend_types()).count()
    return TrendCount(count=count, source=TrendCount.REGISTER, year=year)


def trend_year(period: Period) -> int:
    """The evaluation year whose entered figure stands for `period`: the year the period ends in."""
    return period.end.year


def trend_types() -> tuple[str, ...]:
    """The incident types the register counts for the trend criterion."""
    return catalogue().type_codes(counts_for_trend=True)


def trend_counts(*, unit: Unit, period: Period, previous_period: Period,
                 include_sub_units: bool) -> tuple[int, int]:
    """(this period's count, the previous period's count) of crimes, social evils and other violations,
    each from the entered yearly figure when there is one, else from the register. No actor: for services."""
    current = trend_count(unit=unit, period=period, include_sub_units=include_sub_units)
    previous = trend_count(unit=unit, period=previous_period, include_sub_units=include_sub_units)
    return current.count, previous.count
