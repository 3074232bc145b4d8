from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import (
    Capability,
    creatable_kinds,
    get_unit_for,
    has_capability,
    is_national_admin,
    scope_roots,
)
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.generations import cached_while_current, page_key
from antq.core.text import natural_key
from antq.units import selectors
from antq.units.coverage import coverage_of_unit
from antq.units.forms import HistoryForm, SearchForm, UnitForm
from antq.units.models import GRASSROOTS_KINDS, ORGANISATION_KINDS, Unit, UnitKind
from antq.units.services import unit_create, unit_update


def _history_date(request):
    form = HistoryForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return form, on


class UnitIndexView(ScopedView, TemplateView):
    """Where browsing starts: the units the user's roles are held on (straight there if only one)."""

    template_name = "units/index.html"

    def get(self, request, *args, **kwargs):
        roots = list(scope_roots(request.user))
        if len(roots) == 1:
            return redirect("units:detail", roots[0].pk)
        return self.render_to_response(self.get_context_data(roots=roots, search_form=SearchForm()))


class UnitSearchView(ScopedView, TemplateView):
    """Accent- and case-insensitive search in the user's scope; htmx swaps just the results."""

    template_name = "units/search.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["units/search.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        results = selectors.unit_list(actor=self.request.user, kind=data.get("kind") or None,
                                      on=data.get("on"), q=data.get("q", ""))
        page = Paginator(results, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(form=form, page=page, searched=bool(self.request.GET), **kwargs)


class UnitPanels:
    """The costly parts of a unit's page — its children with their counts and coverage, the lineage links —
    computed only when the page's cached block is rendered, that is when the cache misses."""

    def __init__(self, user, unit: Unit, on):
        self.user, self.unit, self.on = user, unit, on

    @cached_property
    def _children(self) -> tuple[list, list]:
        user, unit, on = self.user, self.unit, self.on
        children = sorted(selectors.unit_list(actor=user, parent_id=unit.pk, on=on),
                          key=lambda child: natural_key(child.name))
        grandchild_counts = selectors.unit_child_counts(
            actor=user, parents=[c for c in children if c.kind not in ORGANISATION_KINDS], on=on
        )
        labels = dict(UnitKind.choices)
        groups: dict[str, list] = {}
        for child in children:
            covered = coverage_of_unit(child).covered
            groups.setdefault(child.kind, []).append((child, grandchild_counts.get(child.pk), covered))
        grouped = [(kind, labels[kind], groups[kind]) for kind in UnitKind.values if kind in groups]
        shown_kinds = sorted({k for counts in grandchild_counts.values() for k in counts},
                             key=UnitKind.values.index)
        return grouped, [(k, labels[k]) for k in shown_kinds]

    @property
    def grouped(self) -> list:
        return self._children[0]

    @property
    def shown_kinds(self) -> list:
        return self._children[1]

    @cached_property
    def predecessors(self) -> list[Unit]:
        return list(self.unit.predecessors.all().order_by("name_folded"))

    @cached_property
    def successors(self) -> list[Unit]:
        return list(self.unit.successors.all().order_by("name_folded"))

    @cached_property
    def visible_ids(self) -> set[int]:
        return selectors.visible_unit_ids(actor=self.user, ids=[
            *self.unit.ancestor_ids(), *(u.pk for u in self.predecessors), *(u.pk for u in self.successors)])

    @cached_property
    def ancestors(self) -> list[Unit]:
        return list(selectors.unit_ancestors(unit=self.unit))


class UnitDetailView(ScopedView, TemplateView):
    template_name = "units/detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = get_unit_for(user, self.kwargs["pk"])
        history_form, on = _history_date(self.request)
        # The page is the same for every viewer with the same grants until a write commits or the day changes
        # (this year's cases): it is rendered once and kept under the data generation.
        page = {
            "unit": unit,
            "on": on,
            "history_form": history_form,
            "panels": UnitPanels(user, unit, on),
            "user": user,
            "creatable": [(k, label) for k, label in UnitKind.choices if k in creatable_kinds(user, unit)],
            "can_edit": has_capability(user, unit, Capability.ENTER_DATA)
            and (unit.kind in GRASSROOTS_KINDS or is_national_admin(user)),
            "can_transfer": unit.kind == UnitKind.COMMUNE and has_capability(user, unit, Capability.ENTER_DATA),
            "coverage": coverage_of_unit(unit) if unit.is_organisation else None,
            "organisation_kinds": ORGANISATION_KINDS,
            "is_admin": is_national_admin(user),
        }

        def render() -> str:
            return render_to_string("units/detail.html#page", page)

        key = page_key("unit-page", unit.pk, on, viewer=user)
        # A date that did not parse is shown back with its error: that page is not kept.
        html = render() if history_form.errors else cached_while_current(key, render)
        return super().get_context_data(unit=unit, page=html, **kwargs)


class UnitCreateView(ScopedView, FormView):
    template_name = "units/form.html"
    form_class = UnitForm

    def resolve_scope(self, request, *args, **kwargs):
        self.parent = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        self.kind = request.GET.get("kind") or request.POST.get("kind") or ""
        if self.kind not in creatable_kinds(request.user, self.parent):
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, kind=self.kind,
                                        kind_label=UnitKind(self.kind).label, **kwargs)

    def form_valid(self, form):
        try:
            unit = unit_create(actor=self.request.user, parent=self.parent, kind=self.kind,
                               **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Created %(name)s.") % {"name": unit.name})
        return redirect("units:detail", self.parent.pk)


class UnitUpdateView(ScopedView, FormView):
    template_name = "units/form.html"
    form_class = UnitForm

    def resolve_scope(self, request, *args, **kwargs):
        self.unit = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.unit.kind not in GRASSROOTS_KINDS and not is_national_admin(request.user):
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.unit.kind, "instance": Unit.objects.get(pk=self.unit.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, parent=self.unit.parent, kind=self.unit.kind,
                                        kind_label=self.unit.get_kind_display(), **kwargs)

    def form_valid(self, form):
        try:
            unit_update(actor=self.request.user, unit=self.unit, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("units:detail", self.unit.pk)


