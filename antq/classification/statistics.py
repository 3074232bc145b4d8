"""Classification figures of an area, per block, printed the way reports print them; years compared; areas below.

Levels come from the summary rows (`ClassificationTally`, kept current by the services), never from grouping
the classifications; the totals are the units of each block that existed in the year (on 31 December, as the
recognition statistics do; organisations only when TT 124/2021 art. 1.2 covers them). "131/159 Khá; 28/159
Trung bình" is `BlockCounts.fraction("good")` …; units that exist but have no decided level are
`not_classified`.

* `classification_counts(actor=…, year=…, area=…)`: the blocks of one area and year.
* `classification_statistics(…)`: the same with the years before (`history`, plus every earlier year that has
  results, such as imported history) and the areas right below (`children`): what the statistics page, its
  workbook and the API show. One query for the summary rows of every year and area, one for the units.

Historic years and today's units. Before 1/7/2025 the results sit on the units of that time (the 63 provinces,
their districts and communes; `Unit.valid_to`). Read as they are, a year is shown on those units, and an area
of today shows only what was recorded on it. With `remap=True` a year before the reform is counted on today's
units through the predecessor links: a unit of today counts its own results and those of every earlier unit
wholly merged into it (one whose only successor it is, `Lineage`). An earlier unit split among several of
today's units is counted in none of them, because the summary rows do not say on which side of the new border
its KDC and organisations lay: it is listed apart (`Statistics.unattributed` for the areas below,
`Statistics.split` for the area itself) with its figures and the units it was split among. Districts,
abolished in 2025, are never attributed to a commune: in an area's list they are listed apart too.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, Q, When
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antq.accounts.scope import visible_units
from antq.classification.engine import level_label
from antq.classification.models import Block, ClassificationTally
from antq.classification.rules import CLASSIFIED_KINDS, LEVELS
from antq.classification.tallies import block_of
from antq.core.generations import UNITS, cache_or_compute, generation_of
from antq.core.numbers import share
from antq.core.text import natural_key
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ADMINISTRATIVE_KINDS, ORGANISATION_KINDS, REFORM_DATE, Unit, UnitKind

# The blocks in the order reports print them; districts only appear for the years they were classified.
BLOCKS = (Block.COMMUNE, Block.ORG_LOCAL, Block.ORG_PROVINCE, Block.SCHOOL, Block.RESIDENTIAL_AREA, Block.DISTRICT)
ALL_BLOCKS = "all"  # every block of an area added up (the areas below, the dashboard's trend)
DEFAULT_HISTORY = 5
_COVERAGE_FIELDS = coverage_fields()
# The administrative units a classified unit is counted under in the lists of areas: itself for a commune or
# district, its commune for a KDC, agency, enterprise or school (they hang under the commune they sit in).
_OWN_AREA_KINDS = (UnitKind.COMMUNE, UnitKind.DISTRICT)


def is_historic(year: int) -> bool:
    """Was `year` evaluated on the units before the 1/7/2025 reform?"""
    return year < REFORM_DATE.year


@dataclass(frozen=True)
class Change:
    """A level's count and share against the year before in the series (share in percentage points)."""

    count: int
    share: Decimal | None


@dataclass(frozen=True)
class BlockCounts:
    block: str
    units: int  # units of the block that existed in the year
    levels: dict[str, int] = field(default_factory=dict)  # every level, best first

    @property
    def label(self) -> str:
        return str(Block(self.block).label) if self.block in Block.values else _("All units")

    @property
    def classified(self) -> int:
        return sum(self.levels.values())

    @property
    def not_classified(self) -> int:
        return max(self.units - self.classified, 0)

    def fraction(self, level: str) -> str:
        """The count of a level over the units of the block, as reports print it: "131/159"."""
        return f"{self.levels.get(level, 0)}/{self.units}"

    def share(self, count: int) -> Decimal | None:
        return share(count, self.units)

    def change(self, level: str, before: "BlockCounts | None") -> Change | None:
        """This block's `level` against `before` (the same block another year); None without one."""
        if before is None:
            return None
        count = self.levels.get(level, 0) if level != "not_classified" else self.not_classified
        then = before.levels.get(level, 0) if level != "not_classified" else before.not_classified
        now_share, then_share = self.share(count), before.share(then)
        return Change(count=count - then,
                      share=None if now_share is None or then_share is None else now_share - then_share)

    def as_dict(self) -> dict:
        levels = {level: {"count": n, "fraction": self.fraction(level),
                          "share": None if self.share(n) is None else str(self.share(n))}
                  for level, n in self.levels.items()}
        return {"block": self.block, "label": self.label, "units": self.units, "levels": levels,
                "classified": self.classified, "not_classified": self.not_classified,
                "not_classified_fraction": f"{self.not_classified}/{self.units}",
                "not_classified_share": None if self.share(self.not_classified) is None
                else str(self.share(self.not_classified))}

    def sentence(self) -> str:
        """The report's line: "Khá 131/159 (82,4 %); Trung bình 28/159 (17,6 %)", levels with a count only."""
        parts = [self._part(level_label(level), n) for level, n in self.levels.items() if n]
        if self.not_classified:
            parts.append(self._part(_("not classified"), self.not_classified))
        return "; ".join(parts)

    def _part(self, label: str, count: int) -> str:
        share = self.share(count)
        text = f"{label} {count}/{self.units}"
        return f"{text} ({number_format(share)}\u00a0%)" if share is not None else text


def combine(blocks: Iterable[BlockCounts], key: str = ALL_BLOCKS) -> BlockCounts:
    """Several blocks added up into one (units and every level)."""
    levels = dict.fromkeys(LEVELS, 0)
    units = 0
    for block in blocks:
        units += block.units
        for level, n in block.levels.items():
            levels[level] += n
    return BlockCounts(block=key, units=units, levels=levels)


def _shown(blocks: list[BlockCounts]) -> list[BlockCounts]:
    return [b for b in blocks if b.block != Block.DISTRICT or b.classified]


# --- today's units and the units they were formed from ----------------------------------------------------


@dataclass(frozen=True)
class Lineage:
    """A unit of today, the earlier units wholly merged into it, and those split among it and others."""

    unit: Unit
    merged: tuple[Unit, ...] = ()
    split: tuple[tuple[Unit, tuple[str, ...]], ...] = ()  # (earlier unit, names of the units it was split among)

    @property
    def members(self) -> list[Unit]:
        """The units whose results count for `unit`: itself and the earlier units wholly merged into it."""
        return [self.unit, *self.merged]


def lineages(units: list[Unit]) -> dict[int, Lineage]:
    """The lineage of each of `units` (by id), in at most three queries whatever their number."""
    result = {unit.pk: Lineage(unit) for unit in units}
    if not units:
        return result
    link = Unit.predecessors.through
    pairs = list(link.objects.filter(from_unit__in=[u.pk for u in units]).values_list("from_unit_id", "to_unit_id"))
    if not pairs:
        return result
    # Counted on a fresh queryset: annotating through the link that selects them would count only that link.
    earlier = {u.pk: u for u in Unit.objects.filter(pk__in={to for _from, to in pairs})
               .annotate(successor_count=Count("successors", distinct=True))}
    split_ids = [pk for pk, u in earlier.items() if u.successor_count > 1]
    successors: dict[int, list[str]] = defaultdict(list)
    if split_ids:
        for to_id, name in (link.objects.filter(to_unit__in=split_ids).order_by("from_unit__name_folded")
                            .values_list("to_unit_id", "from_unit__name")):
            successors[to_id].append(name)
    merged: dict[int, list[Unit]] = defaultdict(list)
    split: dict[int, list[tuple[Unit, tuple[str, ...]]]] = defaultdict(list)
    for from_id, to_id in pairs:
        unit = earlier[to_id]
        if unit.successor_count > 1:
            split[from_id].append((unit, tuple(successors[to_id])))
        else:
            merged[from_id].append(unit)
    order = natural_key
    for unit in units:
        result[unit.pk] = Lineage(unit=unit, merged=tuple(sorted(merged[unit.pk], key=lambda u: order(u.name))),
                                  split=tuple(sorted(split[unit.pk], key=lambda s: order(s[0].name))))
    return result


# --- the units of each block ------------------------------------------------------------------------------

UNIT_GROUPS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class UnitGroup:
    """Covered units of one block counted under one administrative unit (`owner`), with one validity."""

    owner_path: str
    block: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    n: int

    def exists_in(self, year: int) -> bool:
        day = datetime.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def owner_ids(self) -> list[int]:
        return [int(part) for part in self.owner_path.strip("/").split("/") if part]


def unit_groups(paths: list[str]) -> list[UnitGroup]:
    """The covered units of the classified kinds in the subtrees of `paths`, grouped by the administrative unit
    they count under, block and validity: one query; coverage decided once per distinct group.

    Kept in the cache under the units' generation (`antq.core.generations`): the grouping reads every unit of
    the area (for the country, 200,000 rows and about two seconds), while the units change rarely and every
    write to them moves the generation, so a cached grouping is never older than the last unit written."""
    digest = hashlib.sha1("|".join(sorted(paths)).encode(), usedforsecurity=False).hexdigest()
    key = f"antq:unit-groups:{generation_of(UNITS)}:{digest}"
    return cache_or_compute(key, lambda: _unit_groups(paths), UNIT_GROUPS_SECONDS)


def _unit_groups(paths: list[str]) -> list[UnitGroup]:
    owner = Case(When(kind__in=_OWN_AREA_KINDS, then=F("path")), default=F("parent__path"))
    rows = (Unit.objects.within(paths).filter(kind__in=CLASSIFIED_KINDS).annotate(owner=owner)
            .values("owner", "kind", "managing_level", *_COVERAGE_FIELDS, "valid_from", "valid_to")
            .annotate(n=Count("pk")).order_by())
    covered: dict[tuple, bool] = {}
    groups = []
    for row in rows:
        kind = row["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(row[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: row[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        groups.append(UnitGroup(owner_path=row["owner"] or "", block=block_of(kind, row["managing_level"] or ""),
                                valid_from=row["valid_from"], valid_to=row["valid_to"], n=row["n"]))
    return groups


# --- the page's figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCounts:
    """The blocks of the area in one year of the comparison, and the year it is compared with."""

    year: int
    blocks: list[BlockCounts]
    remapped: bool  # counted on today's units (a year before the reform, `remap`)
    before: "YearCounts | None" = None

    def block(self, key: str) -> BlockCounts:
        if key == ALL_BLOCKS:
            return combine(self.blocks)
        return next(b for b in self.blocks if b.block == key)

    def change(self, block: str, level: str) -> Change | None:
        return self.block(block).change(level, self.before.block(block) if self.before else None)

    def as_dict(self) -> dict:
        blocks = []
        for b in self.blocks:
            changes = {}
            for level in (*LEVELS, "not_classified"):
                change = self.change(b.block, level)
                changes[level] = None if change is None else {
                    "count": change.count, "share": None if change.share is None else str(change.share)}
            blocks.append({**b.as_dict(), "change": changes})
        return {"year": self.year, "remapped": self.remapped,
                "compared_with": self.before.year if self.before else None, "blocks": blocks}


@dataclass(frozen=True)
class AreaRow:
    """One area in the list of areas below: its blocks for the year."""

    unit: Unit
    blocks: list[BlockCounts]
    split_among: tuple[str, ...] = ()  # an earlier unit split among several of today's: their names

    def block(self, key: str = ALL_BLOCKS) -> BlockCounts:
        if key == ALL_BLOCKS or not key:
            return combine(self.blocks)
        return next(b for b in self.blocks if b.block == key)

    def as_dict(self) -> dict:
        return {"area": {"id": self.unit.pk, "name": self.unit.name, "kind": self.unit.kind},
                "split_among": list(self.split_among), "all": self.block(ALL_BLOCKS).as_dict(),
                "blocks": [b.as_dict() for b in _shown(self.blocks)]}


@dataclass(frozen=True)
class Statistics:
    area: Unit
    year: int
    remapped: bool  # the year is before the reform and counted on today's units
    can_remap: bool  # an area of today with years before the reform: the switch means something
    blocks: list[BlockCounts]  # the area's blocks in `year` (districts only when classified)
    years: list[YearCounts] = field(default_factory=list)  # oldest first, ending with `year`
    children: list[AreaRow] = field(default_factory=list)
    unattributed: list[AreaRow] = field(default_factory=list)  # remapped: units of that time not in any child
    split: tuple[tuple[Unit, tuple[str, ...]], ...] = ()  # remapped: the area's own predecessors split, not counted
    merged: tuple[Unit, ...] = ()  # remapped: the earlier units counted with the area

    @property
    def year_blocks(self) -> list[str]:
        """The blocks of the comparison: all but districts, unless some year classified districts."""
        keep_district = any(y.block(Block.DISTRICT).classified for y in self.years)
        return [b for b in BLOCKS if b != Block.DISTRICT or keep_district]


class _Counter:
    """Levels and units per (key, year, block), filled from summary rows and unit groups."""

    def __init__(self):
        self.levels: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
        self.units: dict[tuple, int] = defaultdict(int)

    def blocks(self, key, year: int) -> list[BlockCounts]:
        return [BlockCounts(block=b, units=self.units[(key, year, b)], levels=dict(self.levels[(key, year, b)]))
                for b in BLOCKS]


def classification_statistics(*, actor, area: Unit, year: int, history: int = 0, children: bool = False,
                              remap: bool = False, today: datetime.date | None = None) -> Statistics:
    """The figures of `area` for `year`; with `history` the years before (that many, plus every earlier year
    with results) compared; with `children` the administrative units right below, each with its figures.

    `remap` counts the years before the reform on today's units (see the module docstring); it has no effect
    on a unit of that time. 404 when `area` is not visible to `actor`.
    """
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    today = today or timezone.localdate()
    can_remap = not area.is_legacy and (is_historic(year) or history > 0)
    remapping = remap and not area.is_legacy
    lineage = lineages([area])[area.pk] if remapping else Lineage(area)
    remapped = remapping and is_historic(year)
    members = lineage.members

    # The areas below: today's (re-mapped) or those of the year; each maps the units it counts.
    row_units: list[Unit] = []
    row_of: dict[int, int] = {}  # unit id (the child, or an earlier unit merged into it) → child id
    child_lineages: dict[int, Lineage] = {}
    if children:
        on = today if remapped else datetime.date(year, 12, 31)
        row_units = sorted(Unit.objects.filter(parent=area, kind__in=ADMINISTRATIVE_KINDS).valid_on(on),
                           key=lambda u: natural_key(u.name))
        child_lineages = lineages(row_units) if remapped else {u.pk: Lineage(u) for u in row_units}
        for unit in row_units:
            for member in child_lineages[unit.pk].members:
                row_of[member.pk] = unit.pk

    counter = _Counter()
    groups = unit_groups([m.path for m in members])
    years = set(range(year - history + 1, year + 1)) if history else {year}
    own_ids = {m.pk for m in members}
    unattributed: dict[int, str] = {}  # owner id → the blocks it holds ("district" or the others)
    for group in groups:
        for y in years:
            if group.exists_in(y):
                counter.units[("area", y, group.block)] += group.n
        if not children or not group.exists_in(year):
            continue
        ids = group.owner_ids
        child = next((row_of[i] for i in ids if i in row_of), None)
        if child is not None:
            counter.units[(child, year, group.block)] += group.n
        elif remapped and ids and ids[-1] not in own_ids:
            # A unit of that time in none of today's areas below: split, or a district.
            owner = ids[-1]
            unattributed[owner] = Block.DISTRICT if group.block == Block.DISTRICT else "local"
            counter.units[(owner, year, group.block)] += group.n

    # One query for every summary row: the area's (and its merged predecessors') for the years compared and
    # every earlier year with results, the areas below and the units apart for the year.
    condition = Q(area_id__in=own_ids, year__lte=year) if history else Q(area_id__in=own_ids, year=year)
    if row_of or unattributed:
        condition |= Q(area_id__in=[*row_of, *unattributed], year=year)
    tallies = ClassificationTally.objects.filter(condition, count__gt=0).values_list("year", "area_id", "block",
                                                                                    "level", "count")
    extra_years = set()
    for y, area_id, block, level, count in tallies:
        # The merged predecessors count only for the years they existed in: before the reform.
        if area_id in own_ids and (area_id == area.pk or is_historic(y)):
            counter.levels[("area", y, block)][level] += count
            extra_years.add(y)
        if y != year:
            continue
        if area_id in row_of:
            counter.levels[(row_of[area_id], year, block)][level] += count
        elif area_id in unattributed and (block == Block.DISTRICT) == (unattributed[area_id] == Block.DISTRICT):
            counter.levels[(area_id, year, block)][level] += count

    if history:
        # Earlier years with results (imported history) join the comparison; their units are counted too.
        new_years = extra_years - years
        for group in groups:
            for y in new_years:
                if group.exists_in(y):
                    counter.units[("area", y, group.block)] += group.n
        years |= new_years

    series: list[YearCounts] = []
    for y in sorted(years):
        series.append(YearCounts(year=y, blocks=counter.blocks("area", y), remapped=remapping and is_historic(y),
                                 before=series[-1] if series else None))
    rows = [AreaRow(unit=u, blocks=counter.blocks(u.pk, year)) for u in row_units]
    apart = []
    if unattributed:
        names = Unit.objects.in_bulk(list(unattributed))
        split_among = {unit.pk: successors for lin in child_lineages.values() for unit, successors in lin.split}
        for owner_id in unattributed:
            apart.append(AreaRow(unit=names[owner_id], blocks=counter.blocks(owner_id, year),
                                 split_among=split_among.get(owner_id, ())))
        apart.sort(key=lambda r: natural_key(r.unit.name))
    this_year = next(y for y in series if y.year == year)
    return Statistics(area=area, year=year, remapped=remapped, can_remap=can_remap, blocks=_shown(this_year.blocks),
                      years=series if history else [], children=rows, unattributed=apart,
                      split=lineage.split if remapping else (), merged=lineage.merged if remapping else ())


def classification_counts(*, actor, year: int, area: Unit, remap: bool = False) -> list[BlockCounts]:
    """Per block under `area` for `year`: units, count per level (from the summary rows) and not classified.

    404 when `area` is not visible to `actor`. The district block is left out when no district of the area
    was classified that year. `remap`: a year before the reform counted on today's units.
    """
    return classification_statistics(actor=actor, area=area, year=year, remap=remap).blocks

