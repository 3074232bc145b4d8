"""Reads of the models-and-clubs registry; every read starts from what the actor may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from antq.accounts.scope import visible_units
from antq.clubs.models import Club, ModelEvaluation, ModelType, MovementModel, Sector
from antq.core.text import fold
from antq.units.models import Unit, UnitKind


def model_list(*, actor, area: Unit | None = None, sector: str | None = None, type_id: int | None = None,
               status: str | None = None, year: int | None = None, typical: bool | None = None,
               q: str = "") -> QuerySet[MovementModel]:
    """Models at sites the actor sees. `year` keeps those evaluated that year; `typical` those marked
    typical (in `year`, or in any year); `q` matches the model, type or site name without accents."""
    qs = MovementModel.objects.filter(site__in=visible_units(actor))
    if area is not None:
        qs = qs.in_subtree(area.path)
    if sector:
        qs = qs.filter(type__sector=sector)
    if type_id:
        qs = qs.filter(Q(type_id=type_id) | Q(type__national_id=type_id))
    if status:
        qs = qs.filter(status=status)
    evaluations = ModelEvaluation.objects.filter(model=OuterRef("pk"))
    if year:
        evaluations = evaluations.filter(year=year)
        qs = qs.filter(Exists(evaluations))
    if typical is not None:
        marked = Exists(evaluations.filter(typical=True))
        qs = qs.filter(marked if typical else ~marked)
    if q.strip():
        words = fold(q)
        qs = qs.filter(Q(name_folded__contains=words) | Q(type__name_folded__contains=words)
                       | Q(site__name_folded__contains=words))
    return qs.select_related("type__national", "site__parent").annotate(
        typical_mark=Exists(ModelEvaluation.objects.filter(model=OuterRef("pk"), typical=True, **(
            {"year": year} if year else {}))))


def get_model_for(actor, pk) -> MovementModel:
    """The model with id `pk` if the actor may see its site; 404 otherwise, missing or not."""
    try:
        return model_list(actor=actor).get(pk=pk)
    except (MovementModel.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_club_for(actor, pk) -> Club:
    try:
        return Club.objects.select_related("model__site").get(pk=pk, model__site__in=visible_units(actor))
    except (Club.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def model_with_details(model: MovementModel) -> MovementModel:
    """The model with its clubs, evaluations, source and replicas loaded for its page."""
    return (MovementModel.objects.select_related("type__national", "site__parent", "replicated_from__site")
            .prefetch_related("clubs", "evaluations",
                              Prefetch("replicas", queryset=MovementModel.objects.select_related("site")))
            .get(pk=model.pk))


def province_of_actor(actor) -> Unit | None:
    """The one current province the actor sees (its province types are offered), if exactly one."""
    provinces = list(visible_units(actor).filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)[:2])
    if len(provinces) == 1:
        return provinces[0]
    unit = visible_units(actor).filter(valid_to__isnull=True).order_by("path").first()
    if unit is None:
        return None
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def type_list(*, actor, province: Unit | None = None) -> QuerySet[ModelType]:
    """The national catalogue and the types of `province` (if the actor sees it)."""
    qs = ModelType.objects.filter(province__isnull=True)
    if province is not None and visible_units(actor).filter(pk=province.pk).exists():
        qs = ModelType.objects.filter(Q(province__isnull=True) | Q(province=province))
    return qs.select_related("national", "province")


def get_type_for(actor, pk) -> ModelType:
    try:
        model_type = ModelType.objects.select_related("national", "province").get(pk=pk)
    except (ModelType.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if model_type.province_id and not visible_units(actor).filter(pk=model_type.province_id).exists():
        raise Http404
    return model_type


def evaluation_years(*, actor) -> list[int]:
    return list(ModelEvaluation.objects.filter(model__site__in=visible_units(actor))
                .values_list("year", flat=True).distinct().order_by("-year"))


def effective_models_of(*, unit: Unit, year: int) -> list[MovementModel]:
    """Models at `unit` (a commune: also at its KDC) evaluated effective for `year`. For recognition,
    which has checked scope already."""
    sites = Q(site=unit)
    if unit.kind == UnitKind.COMMUNE:
        sites |= Q(site__parent=unit, site__kind=UnitKind.RESIDENTIAL_AREA)
    return list(MovementModel.objects.filter(sites, evaluations__year=year, evaluations__effective=True)
                .select_related("site", "type").order_by("name_folded", "pk").distinct())


# --- Counts ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectorCount:
    sector: str
    types: int
    sites: int
    models: int
    clubs: int
    members: int

    @property
    def label(self) -> str:
        return Sector(self.sector).label


@dataclass(frozen=True)
class Counts:
    area: Unit
    day: datetime.date
    types: int  # distinct national types (a province's variant counted under its national type)
    sites: int
    models: int
    clubs: int
    members: int
    typical: int
    sectors: tuple[SectorCount, ...]

    def of(self, sector: str) -> SectorCount:
        return next(s for s in self.sectors if s.sector == sector)


def existing_on(day: datetime.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": day})) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gt": day}))


def counts(*, actor, area: Unit, year: int | None = None) -> Counts:
    """How many types, sites, models and clubs exist below `area` at the end of `year` (today if None).

    The counting rule, chosen so the figures of a report add up without double counting:
    - a model counts if it was established by that day (or has no date) and not dissolved on or before it;
      a club counts under the same rule for itself, and only if its model counts;
    - clubs, models and sites are each counted once, and belong to exactly one sector (the sector of the
      model's type; a site of one kind takes models of one sector only), so the sectors add up to the total;
    - per sector, *types* are the distinct types as registered (a province's variant counted on its own);
    - for the whole area, *types* are the distinct **national** types: a province's variant counts under
      the national type it names, so a variant does not add a type to the total. This is how "13 loại mô
      hình … ngoài xã hội 10 loại … trong cơ quan, doanh nghiệp, nhà trường 30 loại" (Trà Vinh, 2017)
      reads: the 30 kinds of the agencies are variants of a few national types.
    Raises Http404 when the actor cannot see `area`.
    """
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    day = datetime.date(year, 12, 31) if year else timezone.localdate()
    counted = MovementModel.objects.in_subtree(area.path).filter(existing_on(day))
    models = list(counted.annotate(root_type=Coalesce("type__national_id", "type_id"))
                  .values("pk", "type_id", "root_type", "site_id", "type__sector"))
    clubs = list(Club.objects.filter(existing_on(day), model__in=counted)
                 .values_list("model__type__sector", "members_count"))
    typical = (ModelEvaluation.objects.filter(model__in=counted, typical=True, **({"year": year} if year else {}))
               .values("model_id").distinct().count())
    sectors = []
    for sector in Sector.values:
        mine = [m for m in models if m["type__sector"] == sector]
        mine_clubs = [c for c in clubs if c[0] == sector]
        sectors.append(SectorCount(sector=sector, types=len({m["type_id"] for m in mine}),
                                   sites=len({m["site_id"] for m in mine}), models=len(mine),
                                   clubs=len(mine_clubs), members=sum(c[1] for c in mine_clubs)))
    return Counts(area=area, day=day, types=len({m["root_type"] for m in models}),
                  sites=len({m["site_id"] for m in models}), models=len(models), clubs=len(clubs),
                  members=sum(c[1] for c in clubs), typical=typical, sectors=tuple(sectors))
