from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, is_national_admin, scope_roots, units_for
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.incidents import catalogue, selectors
from antq.incidents.evidence import content_type_of, max_bytes
from antq.incidents.forms import (
    EvidenceForm,
    IncidentFilterForm,
    IncidentForm,
    PersonForm,
    TrendAreaForm,
    TrendFigureForm,
    WithdrawForm,
)
from antq.incidents.models import INCIDENT_UNIT_KINDS, TREND_UNIT_KINDS
from antq.incidents.services import (
    incident_create,
    incident_evidence_add,
    incident_evidence_remove,
    incident_person_add,
    incident_person_remove,
    incident_update,
    incident_withdraw,
    trend_figure_delete,
    trend_figure_set,
)
from antq.units.models import UnitKind
from antq.units.selectors import unit_ancestors

PAGE_SIZE = 25




def _area_from(request, param: str = "area"):
    """The visible unit named by a query parameter (404 if out of scope), or None when absent."""
    value = request.GET.get(param) or request.POST.get(param)
    return get_unit_for(request.user, value) if value else None


class IncidentListView(ScopedView, TemplateView):
    """The register in the actor's scope, filtered; htmx swaps just the results."""

    template_name = "incidents/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        user = self.request.user
        years = {*selectors.incident_years(actor=user), timezone.localdate().year}
        asked = self.request.GET.get("year", "")
        if asked.isdigit() and 1900 <= int(asked) <= 9999:
            years.add(int(asked))  # a year without incidents is still a valid filter
        form = IncidentFilterForm(self.request.GET or None, years=sorted(years, reverse=True),
                                  areas=selectors.area_choices(actor=user, selected=self.area))
        data = {}
        if form.is_bound:
            form.is_valid()
            data = form.cleaned_data  # the filters that are valid apply even if another one is not
        incidents = selectors.incident_list(
            actor=user, unit=self.area, year=data.get("year"), type=data.get("type") or None,
            q=data.get("q", ""), include_withdrawn=bool(data.get("withdrawn")))
        page = Paginator(incidents, PAGE_SIZE).get_page(self.request.GET.get("page"))
        can_create = units_for(user, Capability.ENTER_DATA).filter(kind__in=INCIDENT_UNIT_KINDS).exists()
        return super().get_context_data(form=form, page=page, area=self.area, can_create=can_create, **kwargs)


class IncidentDetailView(ScopedView, TemplateView):
    template_name = "incidents/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.incident = selectors.get_incident_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        incident = selectors.incident_with_details(self.incident)
        can_edit = not incident.is_withdrawn and has_capability(user, incident.unit, Capability.ENTER_DATA)
        return super().get_context_data(
            incident=incident,
            kind=catalogue.catalogue().type(incident.type),
            ancestors=unit_ancestors(unit=incident.unit)[1:],  # without the country
            can_edit=can_edit,
            is_admin=is_national_admin(user),
            **kwargs,
        )


class _IncidentFormView(ScopedView, FormView):
    template_name = "incidents/form.html"
    form_class = IncidentForm

    def get_template_names(self):
        if self.request.htmx and self.request.GET.get("partial") == "severity":
            return [f"{self.template_name}#severity"]
        return [self.template_name]

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Choosing the type re-renders the severity block (shown for crimes only); without JavaScript the
        # service's message asks for the severity and the re-rendered form shows the field.
        query = urlencode({"partial": "severity", **({"area": self.area.pk} if getattr(self, "area", None) else {})})
        form.fields["type"].widget.attrs.update({
            "hx-get": f"{self.request.path}?{query}", "hx-trigger": "change", "hx-target": "#severity-block",
            "hx-swap": "outerHTML", "hx-include": "this",
        })
        return form

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "units": self.units}
        if self.request.method == "GET" and self.request.GET.get("type"):
            kwargs["initial"] = {**kwargs.get("initial", {}), "type": self.request.GET["type"]}
        return kwargs


class IncidentCreateView(_IncidentFormView):
    """New incident: the place is chosen among the commune's units; with a choice of communes, that first."""

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)
        self.units = selectors.entry_units(actor=request.user, area=self.area)
        self.communes = [] if self.units else list(selectors.entry_communes(actor=request.user))
        if not self.units and (self.area is not None or not self.communes or request.method != "GET"):
            raise Http404

    def get(self, request, *args, **kwargs):
        if not self.units:
            return self.response_class(request=request, template=["incidents/choose_area.html"],
                                       context={"communes": self.communes})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, **kwargs)

    def form_valid(self, form):
        try:
            incident = incident_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The incident was recorded."))
        kind = catalogue.catalogue().type(incident.type)
        if kind and kind.has_people:
            return redirect("incidents:person_add", incident.pk)
        return redirect("incidents:detail", incident.pk)


class IncidentUpdateView(_IncidentFormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.incident = selectors.get_incident_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.incident.is_withdrawn:
            raise Http404
        unit = self.incident.unit
        area = unit if unit.kind == UnitKind.COMMUNE else unit.parent
        self.units = selectors.entry_units(actor=request.user, area=area)
        if unit.pk not in {u.pk for u in self.units}:
            self.units.insert(0, unit)

    def get_initial(self):
        incident = self.incident
        return {"unit": incident.unit_id, "type": incident.type, "occurred_on": incident.occurred_on,
                "title": incident.title, "severity": incident.severity, "description": incident.description,
                "force_majeure": incident.force_majeure,
                "detected_mitigated_reported": incident.detected_mitigated_reported}

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, **kwargs)

    def form_valid(self, form):
        try:
            incident_update(actor=self.request.user, incident=self.incident, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("incidents:detail", self.incident.pk)


class IncidentWithdrawView(ScopedView, FormView):
    template_name = "incidents/withdraw.html"
    form_class = WithdrawForm

    def resolve_scope(self, request, *args, **kwargs):
        self.incident = selectors.get_incident_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.incident.is_withdrawn:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, **kwargs)

    def form_valid(self, form):
        try:
            incident_withdraw(actor=self.request.user, incident=self.incident, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The incident was withdrawn. It stays in the register, marked as such."))
        return redirect("incidents:detail", self.incident.pk)


class PersonAddView(ScopedView, FormView):
    template_name = "incidents/person_form.html"
    form_class = PersonForm

    def resolve_scope(self, request, *args, **kwargs):
        self.incident = selectors.get_incident_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        kind = catalogue.catalogue().type(self.incident.type)
        if self.incident.is_withdrawn or kind is None or not kind.has_people:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, people=self.incident.people.all(), **kwargs)

    def form_valid(self, form):
        try:
            incident_person_add(actor=self.request.user, incident=self.incident, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Added %(name)s.") % {"name": form.cleaned_data["full_name"]})
        if "add_another" in self.request.POST:
            return redirect("incidents:person_add", self.incident.pk)
        return redirect("incidents:detail", self.incident.pk)


class PersonRemoveView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.person = selectors.get_person_for(request.user, kwargs["pk"])

    def post(self, request, *args, **kwargs):
        incident_pk = self.person.incident_id
        try:
            incident_person_remove(actor=request.user, person=self.person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("incidents:detail", incident_pk)


class EvidenceAddView(ScopedView, FormView):
    template_name = "incidents/evidence_form.html"
    form_class = EvidenceForm

    def resolve_scope(self, request, *args, **kwargs):
        self.incident = selectors.get_incident_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.incident.is_withdrawn:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident, max_bytes=max_bytes(), **kwargs)

    def form_valid(self, form):
        try:
            incident_evidence_add(actor=self.request.user, incident=self.incident, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The file was added."))
        return redirect("incidents:detail", self.incident.pk)


class EvidenceDownloadView(ScopedView, View):
    """An evidence file, to whoever may see the incident; never through a public media URL."""

    def resolve_scope(self, request, *args, **kwargs):
        self.evidence = selectors.get_evidence_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        evidence = self.evidence
        try:
            stream = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, as_attachment=True, filename=evidence.original_name,
                                content_type=content_type_of(evidence.original_name))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class EvidenceRemoveView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.evidence = selectors.get_evidence_for(request.user, kwargs["pk"], Capability.ENTER_DATA)

    def post(self, request, *args, **kwargs):
        incident_pk = self.evidence.incident_id
        try:
            incident_evidence_remove(actor=request.user, evidence=self.evidence)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("incidents:detail", incident_pk)


def _default_trend_area(user):
    for root in scope_roots(user).order_by("path"):
        if root.kind in (UnitKind.PROVINCE, *TREND_UNIT_KINDS):
            return root
    return None


class TrendFigureListView(ScopedView, TemplateView):
    """Entered yearly figures of the KDC and communes of an area, for one evaluation year."""

    template_name = "incidents/figures.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request) or _default_trend_area(request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = TrendAreaForm(self.request.GET or None,
                             areas=selectors.area_choices(actor=user, selected=self.area),
                             initial={"area": getattr(self.area, "pk", None)})
        year = timezone.localdate().year - 1
        if form.is_valid() and form.cleaned_data.get("year"):
            year = form.cleaned_data["year"]
        rows = []
        if self.area is not None and self.area.kind in (UnitKind.PROVINCE, *TREND_UNIT_KINDS):
            rows = [(unit, figure, has_capability(user, unit, Capability.ENTER_DATA))
                    for unit, figure in selectors.trend_figure_rows(actor=user, area=self.area, year=year)]
        return super().get_context_data(form=form, area=self.area, year=year, rows=rows, **kwargs)


class TrendFigureEditView(ScopedView, FormView):
    """Enter, correct or clear the yearly figure of one KDC or commune."""

    template_name = "incidents/figure_form.html"
    form_class = TrendFigureForm

    def resolve_scope(self, request, *args, **kwargs):
        self.unit = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.unit.kind not in TREND_UNIT_KINDS:
            raise Http404

    def get_initial(self):
        year = self.request.GET.get("year")
        initial = {"year": int(year) if year and year.isdigit() else timezone.localdate().year - 1}
        existing = next((f for f in self.figures() if f.year == initial["year"]), None)
        if existing is not None:
            initial.update(count=existing.count, note=existing.note)
        return initial

    def figures(self):
        if not hasattr(self, "_figures"):
            self._figures = selectors.trend_figures_of(actor=self.request.user, unit=self.unit)
        return self._figures

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, figures=self.figures(), **kwargs)

    def post(self, request, *args, **kwargs):
        if "delete" in request.POST:
            year = request.POST.get("year", "")
            if year.isdigit():
                trend_figure_delete(actor=request.user, unit=self.unit, year=int(year))
                messages.success(request, _("The figure was removed; the register's count applies again."))
            return redirect("incidents:figure_edit", self.unit.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            trend_figure_set(actor=self.request.user, unit=self.unit, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("incidents:figure_edit", self.unit.pk)
