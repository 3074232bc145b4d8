"""Summary rows of the decided levels: kept current by the services, rebuilt on demand.

A decided classification counts once in its year, block and level under every administrative unit of
its path (the country, its province, district and commune, and the unit itself when it is one), so the
figures of any area are a handful of rows (`ClassificationTally`). `tally_move` runs inside the decide,
reopen and import transactions (take one count away from the old block and level, add one to the new);
`tally_rebuild` recomputes a year from the classifications and must give the same rows.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F

from antq.classification.models import Block, Classification, ClassificationStatus, ClassificationTally
from antq.units.models import ADMINISTRATIVE_KINDS, Unit, UnitKind

# The administrative kinds are the only ones with units below them: every ancestor on a path is one.
_AREA_KINDS = frozenset(ADMINISTRATIVE_KINDS)


def block_of(kind: str, managing_level: str) -> str:
    """The block a unit's classification is counted in (SEEDS 000: communes; CQ/DN by managing level; …)."""
    if kind in (UnitKind.AGENCY, UnitKind.ENTERPRISE):
        return Block.ORG_PROVINCE if managing_level in ("province", "ministry") else Block.ORG_LOCAL
    return {UnitKind.COMMUNE: Block.COMMUNE, UnitKind.SCHOOL: Block.SCHOOL,
            UnitKind.RESIDENTIAL_AREA: Block.RESIDENTIAL_AREA, UnitKind.DISTRICT: Block.DISTRICT}[kind]


def area_ids(unit: Unit) -> list[int]:
    """The areas a unit counts under: its ancestors, and itself when it is an administrative unit."""
    ids = unit.ancestor_ids()
    return [*ids, unit.pk] if unit.kind in _AREA_KINDS else ids


def _bump(year: int, area_id: int, block: str, level: str, delta: int) -> None:
    rows = ClassificationTally.objects.filter(year=year, area_id=area_id, block=block, level=level)
    if rows.update(count=F("count") + delta):
        return
    try:
        # A first decision for this area, block and level: another transaction may create the row at the
        # same moment; the unique constraint lets one insert win and the other adds to it.
        with transaction.atomic():
            ClassificationTally.objects.create(year=year, area_id=area_id, block=block, level=level,
                                               count=max(delta, 0))
    except IntegrityError:
        rows.update(count=F("count") + delta)


def tally_move(*, unit: Unit, year: int, old: tuple[str, str] | None, new: tuple[str, str] | None) -> None:
    """Move one unit's count from (block, level) `old` to `new` (either None) in every area above it.

    Call inside the transaction of the decision, reopening or import that changes the level.
    """
    if old == new:
        return
    for area_id in area_ids(unit):
        if old is not None:
            _bump(year, area_id, *old, -1)
        if new is not None:
            _bump(year, area_id, *new, +1)


@transaction.atomic
def tally_rebuild(*, year: int) -> int:
    """Recompute the summary rows of `year` from the decided classifications; return the number of rows."""
    counts: Counter = Counter()
    decided = (Classification.objects.filter(year=year, status=ClassificationStatus.DECIDED)
               .values_list("unit_id", "unit__kind", "unit__path", "block", "level"))
    for unit_id, kind, path, block, level in decided.iterator(chunk_size=2000):
        unit = Unit(pk=unit_id, kind=kind, path=path)
        for area_id in area_ids(unit):
            counts[(area_id, block, level)] += 1
    ClassificationTally.objects.filter(year=year).delete()
    ClassificationTally.objects.bulk_create(
        [ClassificationTally(year=year, area_id=area, block=block, level=level, count=n)
         for (area, block, level), n in sorted(counts.items())], batch_size=1000)
    return len(counts)


def tally_apply(deltas: Counter) -> None:
    """Apply many count changes at once: `deltas[(year, area_id, block, level)] = ±n` (an import's moves)."""
    for (year, area_id, block, level), delta in sorted(deltas.items()):
        if delta:
            _bump(year, area_id, block, level, delta)


def moves(*, unit: Unit, year: int, old: tuple[str, str] | None, new: tuple[str, str] | None) -> Counter:
    """The count changes of one unit's move from `old` to `new`, for `tally_apply`."""
    deltas: Counter = Counter()
    if old == new:
        return deltas
    for area_id in area_ids(unit):
        if old is not None:
            deltas[(year, area_id, *old)] -= 1
        if new is not None:
            deltas[(year, area_id, *new)] += 1
    return deltas
