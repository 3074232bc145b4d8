"""The dashboard page: `?area=<unit id>` (visible to the actor, 404 otherwise; default: the unit of the first
role) and `?year=YYYY` (default: this year). Figures and charts come from `antq.reports.dashboard`."""



from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from antq.classification.engine import Level
from antq.classification.statistics import combine
from antq.classification.statistics_views import AreaYearMixin, cells
from antq.core.access import ScopedView
from antq.core.generations import cached_while_current, page_key
from antq.recognition.deadlines import DONE_LATE, DUE, LATE
from antq.reports.dashboard import dashboard
from antq.reports.sections import module_sections
from antq.units.models import UnitKind
from antq.units.selectors import area_choices

# The page of each module whose report section the dashboard shows (recognition and classification have
# their own panels above).
SECTION_PAGES = {
    "festival": "festival:list",
    "outreach": "outreach:list",
    "grassroots": "grassroots:teams",
    "clubs": "clubs:list",
    "exemplars": "exemplars:list",
    "commendations": "commendations:list",
    "directives": "directives:list",
}
OWN_PANELS = frozenset({"classification", "recognition"})


def _section_link(key: str) -> str | None:
    try:
        return reverse(SECTION_PAGES[key])
    except (KeyError, NoReverseMatch):
        return None


class DashboardView(AreaYearMixin, ScopedView, TemplateView):
    template_name = "reports/dashboard.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_area_year(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        # The figures take from a tenth of a second (a province) to seconds (the country) and every officer of
        # the area opens the same ones: they are rendered once and kept while no write has committed.
        key = page_key("dashboard", self.area.pk, self.year, viewer=user)
        body = cached_while_current(key, self.render_body)
        return super().get_context_data(area=self.area, year=self.year, body=body,
                                        areas=area_choices(actor=user, current=self.area), **kwargs)

    def render_body(self) -> str:
        return render_to_string("reports/_dashboard_body.html", self.body_context())

    def body_context(self) -> dict:
        board = dashboard(actor=self.request.user, area=self.area, year=self.year)
        kinds = dict(UnitKind.choices)
        return dict(
            area=self.area, year=self.year, board=board, levels=Level.choices, charts=board.charts,
            classified=combine(board.classification.blocks),
            level_rows=[{"row": row, "cells": cells(row)} for row in board.classification.blocks],
            level_trend=[{"year": year, "row": row, "cells": cells(row)} for year, row in board.level_trend()],
            recognition_trend=board.recognition_trend(),
            classification_overdue=[(kinds[kind], counts[DUE], counts[LATE], counts[DONE_LATE])
                                    for kind, counts in board.overdue.classification_by_kind.items()],
            states={"due": DUE, "late": LATE, "done_late": DONE_LATE},
            sections=[(section, _section_link(section.key)) for section in
                      module_sections(actor=self.request.user, area=self.area, year=self.year, exclude=OWN_PANELS)],
        )
