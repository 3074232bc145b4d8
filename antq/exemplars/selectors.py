"""Reads of the exemplars register.

For people (pages, API, exports) every read starts from what the actor may see (`visible_units`), and a
fetch by id answers 404 when the exemplar is missing or out of scope alike. An individual's personal data
(date of birth, ID number, address, phone) is for whoever enters data on the exemplar's unit: everyone
else — a viewer, an officer of a neighbouring commune who can see the province — gets it masked
(`personal_for`), the way the security-team register masks its members' ID numbers.

For other modules:
- `exemplar_public_list` (the public portal, no login): only exemplars whose consent is recorded, and
  only their public fields.
- `exemplar_candidates` (commendations): the exemplars of an area and year in the actor's scope.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from antq.accounts.scope import Capability, has_capability, units_for, visible_units
from antq.core.text import fold
from antq.exemplars.models import Exemplar, ExemplarCategory, ExemplarKind
from antq.grassroots.selectors import mask_id_number
from antq.units.models import Unit, UnitKind


def _search(qs: QuerySet[Exemplar], query: str) -> QuerySet[Exemplar]:
    """Accent- and case-insensitive: "nguyen van" finds "Nguyễn Văn An"."""
    for word in fold(query or "").split():
        qs = qs.filter(name_folded__contains=word)
    return qs


def exemplar_list(*, actor, area: Unit | None = None, year: int | None = None, category: str = "",
                  kind: str = "", query: str = "", capability: Capability = Capability.VIEW) -> QuerySet[Exemplar]:
    """Exemplars of the units the actor holds `capability` on, under `area`, filtered."""
    qs = Exemplar.objects.filter(unit__in=units_for(actor, capability))
    if area is not None:
        qs = qs.in_subtree(area.path)
    if year:
        qs = qs.filter(year=year)
    if category:
        qs = qs.filter(category=category)
    if kind:
        qs = qs.filter(kind=kind)
    return _search(qs, query).select_related("unit__parent", "consent_by")


def get_exemplar_for(actor, pk, capability: Capability = Capability.VIEW) -> Exemplar:
    """The exemplar with id `pk` if the actor holds `capability` on its unit; 404 otherwise, missing or not."""
    try:
        return exemplar_list(actor=actor, capability=capability).get(pk=pk)
    except (Exemplar.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def exemplar_years(*, actor) -> list[int]:
    return list(Exemplar.objects.filter(unit__in=visible_units(actor)).values_list("year", flat=True)
                .distinct().order_by("-year"))


# --- personal data ---------------------------------------------------------------------------------------

def may_see_personal(actor, exemplar: Exemplar) -> bool:
    """Personal data is for whoever enters data on the exemplar's unit (not a viewer)."""
    return has_capability(actor, exemplar.unit, Capability.ENTER_DATA)


def mask_phone(value: str) -> str:
    return "" if not value else "•" * max(len(value) - 3, 0) + value[-3:]


@dataclass(frozen=True)
class Personal:
    birth_date: object  # a date, or None when hidden or not recorded
    birth_year: int | None
    id_number: str
    address: str
    phone: str
    shown: bool  # False: masked for this actor


def personal_for(actor, exemplar: Exemplar, *, shown: bool | None = None) -> Personal:
    """The exemplar's personal data as `actor` may see it: whole, or masked (year of birth, last digits)."""
    if shown is None:
        shown = may_see_personal(actor, exemplar)
    if shown:
        return Personal(exemplar.birth_date, exemplar.birth_date.year if exemplar.birth_date else None,
                        exemplar.id_number, exemplar.address, exemplar.phone, True)
    return Personal(None, None, mask_id_number(exemplar.id_number), "", mask_phone(exemplar.phone), False)


# --- for the public portal --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicExemplar:
    """What may be published about an exemplar that agreed to it, and nothing more."""

    name: str
    kind: str
    kind_label: str
    category: str
    category_label: str
    achievement: str
    year: int
    commune_name: str
    province_name: str

    @property
    def area(self) -> str:
        """"Phường Ba Đình, Tỉnh Quảng Trị": where the exemplar is, as the portal prints it."""
        return ", ".join(n for n in (self.commune_name, self.province_name) if n)


def _unit_or_id(value) -> int | None:
    if value is None or value == "":
        return None
    return value.pk if isinstance(value, Unit) else int(value)


def _ancestor_names(units: list[Unit]) -> dict[int, dict[str, str]]:
    """unit id → {"commune": …, "province": …}: the names of the unit's commune and province."""
    ids = {int(part) for u in units for part in u.path.strip("/").split("/") if part}
    named = {u.pk: u for u in Unit.objects.filter(pk__in=ids, kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE))
             .only("pk", "kind", "name")}
    result = {}
    for unit in units:
        names = {"commune": "", "province": ""}
        for part in unit.path.strip("/").split("/"):
            ancestor = named.get(int(part)) if part else None
            if ancestor is not None:
                names[ancestor.kind] = ancestor.name
        result[unit.pk] = names
    return result


def exemplar_public_list(*, province=None, commune=None, year: int | None = None, query: str = "",
                         limit: int = 1000) -> list[PublicExemplar]:
    """Consented exemplars (newest year first), with their public fields only; no login needed.

    `province` and `commune` are units or ids; at most `limit` rows."""
    qs = Exemplar.objects.consented()
    for value in (province, commune):
        unit_id = _unit_or_id(value)
        if unit_id is not None:
            path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
            if path is None:
                return []
            qs = qs.in_subtree(path)
    if year:
        qs = qs.filter(year=year)
    rows = list(_search(qs, query).select_related("unit").order_by("-year", "name_folded", "pk")[:limit])
    names = _ancestor_names([r.unit for r in rows])
    return [PublicExemplar(name=r.name, kind=r.kind, kind_label=str(r.get_kind_display()), category=r.category,
                           category_label=str(r.get_category_display()), achievement=r.achievement, year=r.year,
                           commune_name=names[r.unit_id]["commune"], province_name=names[r.unit_id]["province"])
            for r in rows]


# --- for commendations ------------------------------------------------------------------------------------

def exemplar_candidates(*, actor, area: Unit, year: int) -> QuerySet[Exemplar]:
    """The exemplars of `year` under `area` that the actor may see: nomination candidates for a commendation.

    Each carries its `unit` (for a collective, the unit it is) and, for an individual, the person's fields
    (`name`, `birth_date`, `sex`, `id_number`, `address`); the caller shows them through `personal_for`.
    404 when `area` is outside the actor's scope."""
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    return exemplar_list(actor=actor, area=area, year=year).order_by("kind", "category", "name_folded", "pk")


# --- figures ------------------------------------------------------------------------------------------------

@dataclass
class Figures:
    """Counts of an area's exemplars of a year, by category and kind, and what was handed over."""

    counts: dict[tuple[str, str], int]  # (category, kind) → count
    guns: int = 0
    ammunition: int = 0
    explosives_kg: Decimal = Decimal(0)
    detonators: int = 0
    rudimentary_weapons: int = 0
    support_tools: int = 0
    consented: int = 0

    def count(self, category: str | None = None, kind: str | None = None) -> int:
        return sum(n for (c, k), n in self.counts.items()
                   if (category is None or c == category) and (kind is None or k == kind))

    @property
    def total(self) -> int:
        return self.count()

    @property
    def handed_over_anything(self) -> bool:
        return bool(self.guns or self.ammunition or self.explosives_kg or self.detonators
                    or self.rudimentary_weapons or self.support_tools)


def exemplar_figures(*, actor, area: Unit, year: int) -> Figures:
    """The year's figures under `area` (404 when outside the actor's scope): two grouped queries."""
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    qs = exemplar_list(actor=actor, area=area, year=year).select_related(None).order_by()
    counts = {(row["category"], row["kind"]): row["n"]
              for row in qs.values("category", "kind").annotate(n=Count("id"))}
    sums = qs.aggregate(guns=Sum("guns"), ammunition=Sum("ammunition"), explosives_kg=Sum("explosives_kg"),
                        detonators=Sum("detonators"), rudimentary_weapons=Sum("rudimentary_weapons"),
                        support_tools=Sum("support_tools"), consented=Count("id", filter=Q(public_consent=True)))
    return Figures(counts=counts, **{k: v or (Decimal(0) if k == "explosives_kg" else 0) for k, v in sums.items()})


CATEGORY_ORDER = list(ExemplarCategory.values)
KIND_ORDER = list(ExemplarKind.values)
