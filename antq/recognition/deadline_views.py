"""The deadline board page: per area and year, who has not registered and which decisions are due or late, and
which classifications (QĐ 510/QĐ-BCA-V05 art. 11.3: KDC by 20/11; communes, CQ, DN, CSGD by 30/11) are due or late.

`?area=<unit id>` (visible to the actor, 404 otherwise; default: the unit of the first role),
`?year=YYYY` (default: the year of the board's day) and `?on=dd/mm/yyyy` (default: today) to see the
board as it stood, or will stand, on another day. Each list shows the most late first, capped at
`list_size` entries unless `?all=registration`, `?all=decision` or `?all=classification` asks for the whole list.
The classification section reads `antq.classification.deadlines.classification_deadlines` for the same area,
year and day.
"""

import datetime
import re
from urllib.parse import urlencode

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from antq.accounts.scope import get_unit_for, grants_of
from antq.classification.deadlines import classification_deadlines
from antq.classification.models import ClassificationStatus
from antq.classification.rules import CLASSIFIED_KINDS, regulation_for
from antq.core.access import ScopedView
from antq.core.generations import cached_while_current, page_key
from antq.directives.selectors import directive_deadline_section
from antq.festival.selectors import festival_deadline_section
from antq.recognition.deadlines import (
    DECISION,
    DONE_LATE,
    DUE,
    LATE,
    REGISTRATION,
    deadline_board,
    deadline_rows,
)
from antq.recognition.models import CaseStatus
from antq.units.models import ManagingLevel, UnitKind
from antq.units.selectors import area_choices

_ON_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_STATE_LABELS = {
    (REGISTRATION, DUE): _("Not registered"), (REGISTRATION, LATE): _("Not registered, late"),
    (REGISTRATION, DONE_LATE): _("Registered late"), (DECISION, DUE): _("Decision due"),
    (DECISION, LATE): _("Decision late"), (DECISION, DONE_LATE): _("Decided late"),
}
_STATE_STYLES = {DUE: "text-bg-warning", LATE: "text-bg-danger", DONE_LATE: "text-bg-secondary"}
_CLASSIFICATION_LABELS = {DUE: _("Classification due"), LATE: _("Classification late"),
                          DONE_LATE: _("Classified late")}
CLASSIFICATION = "classification"


def _parse_on(value: str) -> datetime.date | None:
    """A day written dd/mm/yyyy (or yyyy-mm-dd, as a date input sends it); None when not a day."""
    match = _ON_RE.match(value)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class DeadlineBoardView(ScopedView, TemplateView):
    template_name = "recognition/deadlines.html"
    list_size = 25

    def resolve_scope(self, request, *args, **kwargs) -> None:
        params = request.GET
        if params.get("area"):
            self.area = get_unit_for(request.user, params["area"])
        else:
            grants = grants_of(request.user)
            if not grants:
                raise Http404
            self.area = get_unit_for(request.user, grants[0].unit_id)
        self.on_text = params.get("on", "").strip()
        parsed = _parse_on(self.on_text) if self.on_text else None
        self.on_invalid = bool(self.on_text) and parsed is None
        self.today = parsed or timezone.localdate()
        try:
            year = int(params.get("year", ""))
        except ValueError:
            year = None
        self.year = year if year is not None and 2000 <= year <= 2100 else self.today.year

    def get_context_data(self, **kwargs):
        show_all = self.request.GET.get("all", "")
        # The board reads every unit of the area (seconds for the country): it is rendered once and kept while
        # no write has committed, for viewers with the same grants.
        key = page_key("deadlines", self.area.pk, self.year, self.today.isoformat(), show_all[:20],
                       viewer=self.request.user)
        body = cached_while_current(key, lambda: render_to_string("recognition/_deadlines_body.html",
                                                                  self.body_context(show_all)))
        return super().get_context_data(
            area=self.area, year=self.year, today=self.today, on_text=self.on_text, on_invalid=self.on_invalid,
            is_today=self.today == timezone.localdate(), body=body,
            areas=area_choices(actor=self.request.user, current=self.area), **kwargs)

    def body_context(self, show_all: str) -> dict:
        board = deadline_board(deadline_rows(area=self.area, year=self.year), year=self.year, today=self.today)
        statuses = dict(CaseStatus.choices)
        levels = dict(ManagingLevel.choices)

        def listing(stage: str, title, entries) -> dict:
            shown = entries if show_all == stage else entries[: self.list_size]
            return {
                "stage": stage, "title": title, "total": len(entries), "capped": len(shown) < len(entries),
                "entries": [{
                    "entry": e, "label": _STATE_LABELS[(e.stage, e.state)], "style": _STATE_STYLES[e.state],
                    "status": statuses.get(e.row.status, "") if e.row.status else _("Not registered"),
                    "kind": UnitKind(e.row.kind).label,
                } for e in shown],
            }

        query = {"area": self.area.pk, "year": self.year}
        classification = self.classification_section(show_all == CLASSIFICATION)
        if self.on_text and not self.on_invalid:
            query["on"] = self.today.strftime("%d/%m/%Y")
        return dict(
            query=urlencode(query), area=self.area, year=self.year, today=self.today, board=board,
            count_tables=[
                (_("By unit kind"), [(UnitKind(k).label, c) for k, c in board.by_kind.items()], "deadlines-by-kind"),
                (_("By deciding level"), [(levels.get(k, k), c) for k, c in board.by_level.items()],
                 "deadlines-by-level"),
            ],
            lists=[listing(REGISTRATION, _("Registration"), board.registration),
                   listing(DECISION, _("Decision"), board.decision)],
            classification=classification,
            festival=festival_deadline_section(actor=self.request.user, area=self.area, year=self.year,
                                               today=self.today, list_size=self.list_size),
            directives=directive_deadline_section(actor=self.request.user, area=self.area, year=self.year,
                                                  today=self.today, list_size=self.list_size),
        )

    def classification_section(self, show_all: bool) -> dict:
        """Counts per kind (with each kind's deadline) and the list, most late first, of the classifications of
        the year that are due, late or were decided late."""
        try:
            deadlines = regulation_for(self.year).deadlines
        except LookupError:
            return {"available": False}
        entries = classification_deadlines(area=self.area, year=self.year, today=self.today)
        kinds = [k for k in CLASSIFIED_KINDS if k != UnitKind.DISTRICT or any(e.kind == k for e in entries)]
        counts = {kind: {DUE: 0, LATE: 0, DONE_LATE: 0} for kind in kinds}
        total = {DUE: 0, LATE: 0, DONE_LATE: 0}
        for entry in entries:
            counts[entry.kind][entry.state] += 1
            total[entry.state] += 1
        statuses = dict(ClassificationStatus.choices)
        shown = entries if show_all else entries[: self.list_size]
        return {
            "available": True, "total": total, "source": deadlines.source,
            "by_kind": [{"kind": kind, "label": UnitKind(kind).label, "deadline": deadlines.for_kind(kind, self.year),
                         "due": counts[kind][DUE], "late": counts[kind][LATE], "done_late": counts[kind][DONE_LATE]}
                        for kind in kinds],
            "count": len(entries), "capped": len(shown) < len(entries),
            "entries": [{"entry": e, "label": _CLASSIFICATION_LABELS[e.state], "style": _STATE_STYLES[e.state],
                         "kind": UnitKind(e.kind).label, "days_left": max(0, -e.days_late),
                         "status": statuses.get(e.status, "") if e.status else _("Not started")} for e in shown],
        }
