"""Classification figures of an area and year, per block, printed the way reports print them.

`classification_counts(actor=…, year=…, area=…)` reads the summary rows of the area (`ClassificationTally`,
kept current by the services) for the levels, and counts the units of each block that existed in the year
(on 31 December, as the recognition statistics do; organisations only when TT 124/2021 art. 1.2 covers
them) for the totals. "131/159 Khá; 28/159 Trung bình" is `BlockCounts.fraction("good")` …; units that
exist but have no decided level are `not_classified`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antq.accounts.scope import visible_units
from antq.classification.engine import level_label
from antq.classification.models import Block, ClassificationTally
from antq.classification.rules import CLASSIFIED_KINDS, LEVELS
from antq.classification.tallies import block_of
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit

# The blocks in the order reports print them; districts only appear for the years they were classified.
BLOCKS = (Block.COMMUNE, Block.ORG_LOCAL, Block.ORG_PROVINCE, Block.SCHOOL, Block.RESIDENTIAL_AREA, Block.DISTRICT)
_COVERAGE_FIELDS = coverage_fields()


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BlockCounts:
    block: str
    units: int  # units of the block that existed in the year
    levels: dict[str, int] = field(default_factory=dict)  # every level, best first

    @property
    def label(self) -> str:
        return str(Block(self.block).label)

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
        return _share(count, self.units)

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


def units_by_block(*, area: Unit, year: int) -> dict[str, int]:
    """How many units of each block existed in the subtree of `area` (itself included) on 31 December of `year`."""
    day = datetime.date(year, 12, 31)
    groups = (Unit.objects.filter(path__startswith=area.path, kind__in=CLASSIFIED_KINDS).valid_on(day)
              .values("kind", "managing_level", *_COVERAGE_FIELDS).annotate(n=Count("pk")).order_by())
    counts = dict.fromkeys(BLOCKS, 0)
    covered: dict[tuple, bool] = {}
    for group in groups:
        kind = group["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(group[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: group[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        counts[block_of(kind, group["managing_level"] or "")] += group["n"]
    return counts


def classification_counts(*, actor, year: int, area: Unit) -> list[BlockCounts]:
    """Per block under `area` for `year`: units, count per level (from the summary rows) and not classified.

    404 when `area` is not visible to `actor`. The district block is left out when no district of the area
    was classified that year.
    """
    if not visible_units(actor).filter(pk=area.pk).exists():
        raise Http404
    levels: dict[str, dict[str, int]] = {block: dict.fromkeys(LEVELS, 0) for block in BLOCKS}
    for block, level, count in ClassificationTally.objects.filter(year=year, area=area).values_list(
            "block", "level", "count"):
        levels[block][level] += count
    units = units_by_block(area=area, year=year)
    rows = [BlockCounts(block=block, units=units[block], levels=levels[block]) for block in BLOCKS]
    return [row for row in rows if row.block != Block.DISTRICT or row.classified]
