"""The statistics page and its workbook: per block, the count of each level over the units of the block, with
shares; the years compared; the areas below, each a link to the same page (nation → province → commune).

`?area=<unit id>` (visible to the actor, 404 otherwise; default: the unit of the first role), `?year=YYYY`
(default: this year), `?remap=1` (years before the 2025 reform counted on today's units, see
`antq.classification.statistics`), `?block=<block>` (the block the list of areas below shows; default: every
block added up). Historic years are shown on the units of that time: for a year before the reform, an area of
today links to the units it was formed from, where that year's results are.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.formats import number_format
from django.views import View
from django.views.generic import TemplateView

from antq.accounts.scope import Capability, get_unit_for, grants_of, has_capability, visible_units
from antq.classification.engine import Level
from antq.classification.selectors import current_year
from antq.classification.statistics import (
    ALL_BLOCKS,
    BLOCKS,
    DEFAULT_HISTORY,
    BlockCounts,
    Change,
    Statistics,
    classification_statistics,
    is_historic,
)
from antq.classification.workbook import XLSX_CONTENT_TYPE, statistics_workbook, workbook_file_name
from antq.core.access import ScopedView
from antq.units.selectors import area_choices, unit_ancestors

MAX_HISTORY = 20


def year_param(value) -> int:
    """The `year` query parameter, or the current year when missing or not a plausible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


def history_param(value) -> int:
    """The `years` query parameter (how many years to compare), 1 to MAX_HISTORY; default DEFAULT_HISTORY."""
    try:
        years = int(value)
    except (TypeError, ValueError):
        return DEFAULT_HISTORY
    return min(max(years, 1), MAX_HISTORY)


def flag_param(value) -> bool:
    return str(value or "").lower() in ("1", "true", "yes", "on")


class AreaYearMixin:
    """Resolves `area` (visible, 404 otherwise; default: the unit of the first role), `year`, `remap`, `history`."""

    def resolve_area_year(self, request) -> None:
        params = getattr(request, "query_params", request.GET)
        if params.get("area"):
            self.area = get_unit_for(request.user, params["area"])
        else:
            grants = grants_of(request.user)
            if not grants:
                raise Http404
            self.area = get_unit_for(request.user, grants[0].unit_id)
        self.year = year_param(params.get("year"))
        self.remap = flag_param(params.get("remap"))
        self.history = history_param(params.get("years"))


def signed(value, decimals: int = 0) -> str:
    """A change as people write it: "+3", "−1,5", "0"."""
    if value is None:
        return ""
    text = number_format(abs(value), decimal_pos=decimals) if decimals else str(abs(value))
    return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else text


def cells(row: BlockCounts) -> list[dict]:
    """Each level's fraction ("131/159") and share, then the units not classified: a table row's cells."""
    cells = [{"level": level, "fraction": row.fraction(level), "share": row.share(row.levels.get(level, 0))}
             for level in Level.values]
    return [*cells, {"level": "not_classified", "fraction": f"{row.not_classified}/{row.units}",
                     "share": row.share(row.not_classified)}]


def _change(change: Change | None) -> dict | None:
    if change is None:
        return None
    return {"count": signed(change.count), "share": signed(change.share, 1), "direction":
            "up" if change.count > 0 else "down" if change.count < 0 else "same"}


def year_tables(stats: Statistics) -> list[dict]:
    """Per block, one row per year compared: each level's fraction, share and change from the year before."""
    tables = []
    for block in stats.year_blocks:
        rows = []
        for counts in reversed(stats.years):  # newest first, as people read a comparison
            row = counts.block(block)
            changed = [{**cell, "change": _change(counts.change(block, cell["level"]))} for cell in cells(row)]
            rows.append({"year": counts.year, "units": row.units, "cells": changed, "remapped": counts.remapped,
                         "before": counts.before.year if counts.before else None})
        tables.append({"block": block, "label": BlockCounts(block=block, units=0).label, "rows": rows})
    return tables


class StatisticsView(AreaYearMixin, ScopedView, TemplateView):
    template_name = "classification/statistics.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_area_year(request)
        block = request.GET.get("block", "")
        self.block = block if block in BLOCKS else ALL_BLOCKS

    def _link(self, unit_id, **changes) -> str:
        query = {"area": unit_id, "year": self.year, "block": self.block, **changes}
        if self.remap and "remap" not in changes:
            query["remap"] = 1
        return "?" + urlencode({k: v for k, v in query.items() if v not in ("", None, ALL_BLOCKS)})

    def get_context_data(self, **kwargs):
        user = self.request.user
        stats = classification_statistics(actor=user, area=self.area, year=self.year, history=self.history,
                                          children=True, remap=self.remap)
        historic = []
        if is_historic(self.year) and not self.area.is_legacy and not stats.remapped:
            historic = list(visible_units(user).filter(successors=self.area).order_by("name_folded"))
        crumbs = [a for a in unit_ancestors(unit=self.area) if has_capability(user, a, Capability.VIEW)]
        children = [{"unit": row.unit, "link": self._link(row.unit.pk), "block": row.block(self.block),
                     "cells": cells(row.block(self.block))} for row in stats.children]
        apart = [{"unit": row.unit, "split_among": row.split_among, "link": self._link(row.unit.pk, remap=""),
                  "cells": cells(row.block(self.block)), "block": row.block(self.block)}
                 for row in stats.unattributed if row.block(self.block).units or row.block(self.block).classified]
        total = next(y for y in stats.years if y.year == self.year).block(self.block)
        blocks = [(b, BlockCounts(block=b, units=0).label) for b in BLOCKS
                  if b != "district" or any(r.block("district").units for r in stats.children)]
        return super().get_context_data(
            area=self.area, year=self.year, levels=Level.choices, historic=historic, stats=stats,
            remap=self.remap, history=self.history, block=self.block, blocks=blocks, crumbs=crumbs,
            crumb_links=[(a, self._link(a.pk)) for a in crumbs],
            rows=[{"row": row, "cells": cells(row)} for row in stats.blocks],
            year_tables=year_tables(stats), children=children, apart=apart,
            total={"block": total, "cells": cells(total)}, block_label=total.label,
            remap_on=self._link(self.area.pk, remap=1), remap_off=self._link(self.area.pk, remap=""),
            xlsx_query=self._link(self.area.pk)[1:],
            areas=area_choices(actor=user, current=self.area), **kwargs)


class StatisticsXlsxView(AreaYearMixin, ScopedView, View):
    """The statistics workbook: a summary sheet and one sheet per block, formatted for printing."""

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_area_year(request)

    def get(self, request, *args, **kwargs):
        stats = classification_statistics(actor=request.user, area=self.area, year=self.year, history=self.history,
                                          children=True, remap=self.remap)
        response = HttpResponse(statistics_workbook(stats), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{workbook_file_name(stats)}"'
        return response
