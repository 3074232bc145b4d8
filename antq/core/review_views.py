"""Pages every reviewed record shares: the list of an area, year and status with a count per status.

The domain views name their statuses, their styles and their selectors; the filter's markup is
`templates/includes/reviewed_list_filter.html`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.accounts.scope import get_unit_for
from antq.units.selectors import area_choices


def allowed(check, actor, record) -> bool:
    """`check(actor, record)` (can_review …) as a yes or no for showing a step: a record whose reviewer cannot
    be found (an organisation without a managing level) has nobody to review it yet."""
    try:
        return check(actor, record)
    except (ValidationError, LookupError):
        return False


def list_filter_form(statuses: type[models.TextChoices]) -> type[forms.Form]:
    """The query-string form of a reviewed list: area (an id checked against the actor's scope), year, status."""
    return type("ReviewedListFilterForm", (forms.Form,), {
        "area": forms.IntegerField(required=False, widget=forms.HiddenInput),
        "year": forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100),
        "status": forms.ChoiceField(label=_("Status"), required=False,
                                    choices=[("", _("All statuses")), *statuses.choices]),
    })


class ReviewedListMixin:
    """Resolves area (404 out of scope), year and status from the query string; pages and counts the rows."""

    statuses: type[models.TextChoices]
    status_styles: dict[str, str]
    page_size = 50

    def default_year(self) -> int:
        raise NotImplementedError

    def resolve_list_filter(self, request) -> None:
        self.filters = list_filter_form(self.statuses)(request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        self.area = get_unit_for(request.user, data["area"]) if data.get("area") else None
        self.year = data.get("year") or self.default_year()
        self.status = data.get("status") or ""

    def list_context(self, *, rows, counts: dict[str, int]) -> dict:
        labels = dict(self.statuses.choices)
        return {
            "area": self.area, "year": self.year, "status": self.status,
            "page": Paginator(rows, self.page_size).get_page(self.request.GET.get("page")),
            "counts": [(s, labels[s], counts[s], self.status_styles[s]) for s in self.statuses.values],
            "total": sum(counts.values()), "statuses": self.statuses.choices,
            "areas": area_choices(actor=self.request.user, current=self.area),
        }
