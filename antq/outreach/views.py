"""Outreach pages: the activities in scope with their totals, and entering one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, units_for
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.sheet_views import AreaImportView
from antq.core.sheets import CONTENT_TYPES, write_template_xlsx, write_xlsx
from antq.directives.forms import ImportForm
from antq.incidents.selectors import area_choices
from antq.outreach import selectors
from antq.outreach.forms import ActivityForm, FilterForm
from antq.outreach.report_section import totals_sentences
from antq.outreach.services import outreach_activity_create, outreach_activity_delete, outreach_activity_update
from antq.outreach.transfer import COLUMNS, export_rows, outreach_activities_import
from antq.units.models import ADMINISTRATIVE_KINDS, GRASSROOTS_KINDS, UnitKind

PAGE_SIZE = 25
ENTRY_KINDS = (UnitKind.PROVINCE, UnitKind.COMMUNE, *GRASSROOTS_KINDS)
MAX_UNIT_CHOICES = 500


class ActivityListView(ScopedView, TemplateView):
    template_name = "outreach/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        value = request.GET.get("area")
        self.area = get_unit_for(request.user, value) if value else None

    def get_context_data(self, **kwargs):
        user = self.request.user
        year = timezone.localdate().year
        data = {"start": f"01/01/{year}", "end": f"31/12/{year}"} | self.request.GET.dict()
        form = FilterForm(data, areas=area_choices(actor=user, selected=self.area))
        form.is_valid()
        cleaned = form.cleaned_data
        filters = {"area": self.area, "start": cleaned.get("start"), "end": cleaned.get("end")}
        activities = selectors.activity_list(actor=user, form=cleaned.get("form") or None,
                                             topic=cleaned.get("topic") or None, **filters)
        totals = selectors.outreach_totals(actor=user, **filters)
        page = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        can_create = units_for(user, Capability.ENTER_DATA).filter(kind__in=ENTRY_KINDS).exists()
        return super().get_context_data(form=form, page=page, totals=totals, sentences=totals_sentences(totals),
                                        can_create=can_create, area=self.area, **kwargs)


def _entry_units(user):
    units = units_for(user, Capability.ENTER_DATA).filter(kind__in=ENTRY_KINDS, valid_to__isnull=True)
    if units.count() > MAX_UNIT_CHOICES:  # a province officer: the province and communes only
        units = units.filter(kind__in=ADMINISTRATIVE_KINDS)
    return units.order_by("path")


class ActivityCreateView(ScopedView, FormView):
    template_name = "outreach/form.html"
    form_class = ActivityForm

    def resolve_scope(self, request, *args, **kwargs):
        self.units = _entry_units(request.user)
        if not self.units[:1]:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units}

    def form_valid(self, form):
        try:
            outreach_activity_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The activity was recorded."))
        return redirect("outreach:list")


class ActivityUpdateView(ScopedView, FormView):
    template_name = "outreach/form.html"
    form_class = ActivityForm

    def resolve_scope(self, request, *args, **kwargs):
        self.activity = selectors.get_activity_for(request.user, kwargs["pk"])
        self.can_edit = has_capability(request.user, self.activity.unit, Capability.ENTER_DATA)
        if request.method == "POST" and not self.can_edit:
            raise Http404
        self.units = units_for(request.user).filter(pk=self.activity.unit_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units}

    def get_initial(self):
        a = self.activity
        return {n: getattr(a, n) for n in ("held_on", "form", "topic", "title", "audience", "pages", "copies",
                                           "clips", "note")} | {"unit": a.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, can_edit=self.can_edit, **kwargs)

    def form_valid(self, form):
        try:
            outreach_activity_update(actor=self.request.user, activity=self.activity, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("outreach:list")


class ActivityDeleteView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.activity = selectors.get_activity_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.activity.unit, Capability.ENTER_DATA):
            raise Http404

    def post(self, request, *args, **kwargs):
        outreach_activity_delete(actor=request.user, activity=self.activity)
        messages.success(request, _("The activity was deleted."))
        return redirect("outreach:list")


# --- spreadsheets: export with the list's filters, import all-or-nothing (`transfer.py`) ---------------------

def _download(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ActivityExportView(ScopedView, View):
    """The activities of the list, with its filters (area, period, form, topic; this year by default), as .xlsx
    in the import's format."""

    def get(self, request):
        value = request.GET.get("area")
        area = get_unit_for(request.user, value) if value else None
        year = timezone.localdate().year
        data = {"start": f"01/01/{year}", "end": f"31/12/{year}"} | request.GET.dict()
        form = FilterForm(data, areas=area_choices(actor=request.user, selected=area))
        form.is_valid()
        cleaned = form.cleaned_data
        activities = selectors.activity_list(actor=request.user, area=area, start=cleaned.get("start"),
                                             end=cleaned.get("end"), form=cleaned.get("form") or None,
                                             topic=cleaned.get("topic") or None)
        content = write_xlsx(COLUMNS, export_rows(activities.iterator(chunk_size=500)), title="Tuyên truyền")
        return _download(content, f"tuyen-truyen-{timezone.localdate():%Y-%m-%d}.xlsx")


class ActivityTemplateView(ScopedView, View):
    """The blank import template; it holds no data."""

    def get(self, request):
        return _download(write_template_xlsx(COLUMNS, title="Tuyên truyền"), "mau-nhap-tuyen-truyen.xlsx")


class ActivityImportView(AreaImportView):
    """Upload the outreach activities of an area: every row through the form's service, all or none."""

    template_name = "outreach/import.html"
    upload_form = ImportForm
    columns = COLUMNS

    def import_areas(self, user):
        # Where rows may go: the current provinces and communes the actor enters data for.
        return _entry_units(user).filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE))

    def import_rows(self, **kwargs):
        return outreach_activities_import(**kwargs)

    def created_message(self, count: int) -> str:
        return _("%(count)s activities imported.") % {"count": count}

    def list_url(self) -> str:
        return reverse("outreach:list")
