"""The statistics page: per block, the count of each level over the units of the block, with shares.

`?area=<unit id>` (visible to the actor, 404 otherwise; default: the unit of the first role) and
`?year=YYYY` (default: this year). Historic years are shown on the units of that time: for a year before
the 2025 reform, a current province links to the provinces it was formed from, where that year's units are.
"""

from django.http import Http404
from django.views.generic import TemplateView

from antq.accounts.scope import get_unit_for, grants_of, visible_units
from antq.classification.engine import Level
from antq.classification.selectors import current_year
from antq.classification.statistics import classification_counts
from antq.core.access import ScopedView
from antq.units.models import REFORM_DATE
from antq.units.selectors import area_choices


def year_param(value) -> int:
    """The `year` query parameter, or the current year when missing or not a plausible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


class AreaYearMixin:
    """Resolves `area` (visible, 404 otherwise; default: the unit of the first role) and `year`."""

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


class StatisticsView(AreaYearMixin, ScopedView, TemplateView):
    template_name = "classification/statistics.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_area_year(request)

    def get_context_data(self, **kwargs):
        rows = classification_counts(actor=self.request.user, year=self.year, area=self.area)
        historic = []
        if self.year < REFORM_DATE.year and not self.area.is_legacy:
            historic = list(visible_units(self.request.user).filter(successors=self.area).order_by("name_folded"))
        return super().get_context_data(
            area=self.area, year=self.year, levels=Level.choices, historic=historic,
            rows=[{"row": row,
                   "cells": [(level, row.fraction(level), row.share(row.levels[level])) for level in Level.values],
                   "not_classified": (f"{row.not_classified}/{row.units}", row.share(row.not_classified))}
                  for row in rows],
            areas=area_choices(actor=self.request.user, current=self.area), **kwargs)
