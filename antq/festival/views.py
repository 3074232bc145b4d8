"""Festival Day pages: the events in scope, coverage of an area and year, plan / record / photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, scope_roots, units_for
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.sheet_views import AreaImportView
from antq.core.sheets import CONTENT_TYPES, write_template_xlsx, write_xlsx
from antq.directives.forms import ImportForm
from antq.festival import selectors
from antq.festival.campaigns import campaign_for
from antq.festival.forms import EventForm, FilterForm, PhotoForm, RecordForm
from antq.festival.models import FESTIVAL_UNIT_KINDS
from antq.festival.services import (
    festival_event_create,
    festival_event_delete,
    festival_event_record,
    festival_event_update,
    festival_photo_add,
    may_record_exception,
)
from antq.festival.transfer import COLUMNS, export_rows, festival_events_import
from antq.incidents.evidence import content_type_of
from antq.incidents.selectors import area_choices
from antq.units.models import UnitKind

PAGE_SIZE = 25
# More units than this to choose from: the actor picks them from the coverage page instead.
MAX_UNIT_CHOICES = 500


def _area_from(request, param: str = "area"):
    value = request.GET.get(param) or request.POST.get(param)
    return get_unit_for(request.user, value) if value else None


def _year_from(request) -> int:
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and 2005 <= int(asked) <= 9999 else timezone.localdate().year


def _years(actor, *also: int) -> list[int]:
    return sorted({*selectors.event_years(actor=actor), timezone.localdate().year, *also}, reverse=True)


class EventListView(ScopedView, TemplateView):
    template_name = "festival/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = FilterForm(self.request.GET or None, areas=area_choices(actor=user, selected=self.area),
                          years=_years(user))
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        events = selectors.event_list(actor=user, area=self.area, year=data.get("year"))
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        can_create = units_for(user, Capability.ENTER_DATA).filter(kind__in=FESTIVAL_UNIT_KINDS).exists()
        return super().get_context_data(form=form, page=page, area=self.area, can_create=can_create, **kwargs)


class CoverageView(ScopedView, TemplateView):
    """Share of KDC/CQ/DN/CSGD of an area that held the year's Festival Day, and the missing ones."""

    template_name = "festival/coverage.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request) or scope_roots(request.user).order_by("path").first()
        if self.area is None:
            raise Http404
        self.year = _year_from(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = FilterForm(initial={"area": self.area.pk, "year": self.year},
                          areas=area_choices(actor=user, selected=self.area), years=_years(user, self.year),
                          all_years=False)
        result = selectors.coverage(actor=user, area=self.area, year=self.year)
        can_plan = {u.pk for u in result.missing if has_capability(user, u, Capability.ENTER_DATA)}
        return super().get_context_data(form=form, coverage=result, campaign=campaign_for(self.year),
                                        can_plan=can_plan, **kwargs)


class _EventFormView(ScopedView, FormView):
    template_name = "festival/form.html"
    form_class = EventForm
    event = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units, "allow_exception": self.allow_exception}

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventCreateView(_EventFormView):
    """Plan a Festival Day: `?unit=` for one unit (from the coverage page), else a choice of the actor's units."""

    def resolve_scope(self, request, *args, **kwargs):
        user = request.user
        entry = units_for(user, Capability.ENTER_DATA).filter(kind__in=FESTIVAL_UNIT_KINDS, valid_to__isnull=True)
        unit_id = request.GET.get("unit") or request.POST.get("unit")
        if request.method == "GET" and unit_id:
            entry = entry.filter(pk=get_unit_for(user, unit_id, Capability.ENTER_DATA).pk)
        self.units = entry.order_by("path")
        if not self.units[:1]:
            raise Http404
        self.allow_exception = any(may_record_exception(user, u) for u in self.units[:1])

    def get_initial(self):
        initial = {}
        if self.request.GET.get("unit"):
            initial["unit"] = self.units.first()
        campaign = campaign_for(timezone.localdate().year)
        initial["held_on"] = campaign.end
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.units.count() > MAX_UNIT_CHOICES:
            form.fields["unit"].queryset = self.units.filter(kind=UnitKind.COMMUNE)
        return form

    def form_valid(self, form):
        try:
            event = festival_event_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The Festival Day event was planned."))
        return redirect("festival:detail", event.pk)


class EventUpdateView(_EventFormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.event = selectors.get_event_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.event.unit, Capability.ENTER_DATA):
            raise Http404
        self.units = units_for(request.user, Capability.ENTER_DATA).filter(pk=self.event.unit_id)
        self.allow_exception = may_record_exception(request.user, self.event.unit)

    def get_initial(self):
        e = self.event
        return {name: getattr(e, name) for name in (
            "held_on", "place", "ceremony", "festivities", "guests", "participants", "gifts_count", "gifts_value",
            "awards_count", "awards", "report", "exception_reason")} | {"unit": e.unit}

    def form_valid(self, form):
        try:
            festival_event_update(actor=self.request.user, event=self.event, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("festival:detail", self.event.pk)


class EventDetailView(ScopedView, TemplateView):
    template_name = "festival/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.event = selectors.get_event_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        event = self.event
        return super().get_context_data(
            event=event, photos=list(event.photos.all()), campaign=campaign_for(event.year),
            can_edit=has_capability(self.request.user, event.unit, Capability.ENTER_DATA),
            record_form=RecordForm(initial={n: getattr(event, n) for n in RecordForm.base_fields}),
            photo_form=PhotoForm(), **kwargs)


class _EventPostView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.event = selectors.get_event_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.event.unit, Capability.ENTER_DATA):
            raise Http404

    def failed(self, exc: ValidationError):
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect("festival:detail", self.event.pk)


class EventRecordView(_EventPostView):
    """Record a planned event as held, with its figures."""

    def post(self, request, *args, **kwargs):
        form = RecordForm(request.POST)
        if not form.is_valid():
            return self.failed(ValidationError([e for errors in form.errors.values() for e in errors]))
        try:
            festival_event_record(actor=request.user, event=self.event, **form.cleaned_data)
        except ValidationError as exc:
            return self.failed(exc)
        messages.success(request, _("The Festival Day was recorded as held."))
        return redirect("festival:detail", self.event.pk)


class EventDeleteView(_EventPostView):
    def post(self, request, *args, **kwargs):
        unit = self.event.unit
        festival_event_delete(actor=request.user, event=self.event)
        messages.success(request, _("The event was deleted."))
        return redirect(f"{_list_url()}?area={unit.parent_id or unit.pk}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("festival:list")


class PhotoAddView(_EventPostView):
    def post(self, request, *args, **kwargs):
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.failed(ValidationError([e for errors in form.errors.values() for e in errors]))
        try:
            festival_photo_add(actor=request.user, event=self.event, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            return self.failed(exc)
        messages.success(request, _("The photo was added."))
        return redirect("festival:detail", self.event.pk)


class PhotoDownloadView(ScopedView, View):
    """A photo, to whoever may see the event; never through a public media URL."""

    def resolve_scope(self, request, *args, **kwargs):
        self.photo = selectors.get_photo_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        try:
            stream = self.photo.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, filename=self.photo.original_name,
                                content_type=content_type_of(self.photo.original_name))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- spreadsheets: export with the list's filters, import all-or-nothing (`transfer.py`) ---------------------

def _download(content: bytes, file_name: str):
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def import_areas(user):
    """Where the actor may import: the current provinces and communes they enter data for (provinces only
    when there are too many to list)."""
    units = units_for(user, Capability.ENTER_DATA).filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE),
                                                          valid_to__isnull=True)
    if units.count() > MAX_UNIT_CHOICES:
        units = units.filter(kind=UnitKind.PROVINCE)
    return units.order_by("path")


class EventExportView(ScopedView, View):
    """The events of the list, with its filters (area, year), as .xlsx in the import's format."""

    def get(self, request):
        area = _area_from(request)
        form = FilterForm(request.GET or None, areas=area_choices(actor=request.user, selected=area),
                          years=_years(request.user))
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        events = selectors.event_list(actor=request.user, area=area, year=data.get("year"))
        content = write_xlsx(COLUMNS, export_rows(events.iterator(chunk_size=500)), title="Ngày hội")
        return _download(content, f"ngay-hoi-{data.get('year') or 'tat-ca'}.xlsx")


class EventTemplateView(ScopedView, View):
    """The blank import template; it holds no data."""

    def get(self, request):
        return _download(write_template_xlsx(COLUMNS, title="Ngày hội"), "mau-nhap-ngay-hoi.xlsx")


class EventImportView(AreaImportView):
    """Upload the Festival Day events of an area: every row through the form's service, all or none."""

    template_name = "festival/import.html"
    upload_form = ImportForm
    columns = COLUMNS

    def import_areas(self, user):
        return import_areas(user)

    def import_rows(self, **kwargs):
        return festival_events_import(**kwargs)

    def created_message(self, count: int) -> str:
        return _("%(count)s events imported.") % {"count": count}

    def list_url(self) -> str:
        return _list_url()
