"""Exemplars pages: the register in scope (filters, search), the exemplar's page, forms, consent, and the
spreadsheet import and export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, units_for
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.sheets import CONTENT_TYPES, SheetError, cells_for, read_sheet, write_template_xlsx, write_xlsx
from antq.core.text import fold
from antq.exemplars import selectors
from antq.exemplars.columns import COLUMNS, YES_NO_FIELDS
from antq.exemplars.forms import ConsentForm, ExemplarForm, FilterForm
from antq.exemplars.models import HANDOVER_FIELDS
from antq.exemplars.services import (
    EDITABLE_FIELDS,
    EXEMPLAR_UNIT_KINDS,
    ImportResult,
    exemplar_consent_set,
    exemplar_create,
    exemplar_delete,
    exemplar_update,
    exemplars_import,
)
from antq.incidents.selectors import area_choices
from antq.units.models import UnitKind
from antq.units.transfer.forms import ImportForm

PAGE_SIZE = 25
MAX_UNIT_CHOICES = 500  # beyond this the form offers communes only
EXPORT_LIMIT = 20_000


def _area_from(request):
    value = request.GET.get("area") or request.POST.get("area")
    return get_unit_for(request.user, value) if value else None


def _filters(request, area):
    user = request.user
    years = sorted({*selectors.exemplar_years(actor=user), timezone.localdate().year}, reverse=True)
    form = FilterForm(request.GET or None, areas=area_choices(actor=user, selected=area), years=years)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.exemplar_list(actor=user, area=area, year=data.get("year"), category=data.get("category", ""),
                                 kind=data.get("kind", ""), query=data.get("q", ""))
    return form, qs


def _entry_units(user):
    return units_for(user, Capability.ENTER_DATA).filter(kind__in=EXEMPLAR_UNIT_KINDS, valid_to__isnull=True)


def _entry_communes(user):
    return units_for(user, Capability.ENTER_DATA).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)


class ExemplarListView(ScopedView, TemplateView):
    template_name = "exemplars/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form, qs = _filters(self.request, self.area)
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form, page=page, area=self.area, query=query.urlencode(),
            can_create=_entry_units(user).exists(), can_import=_entry_communes(user).exists(), **kwargs)


class ExemplarDetailView(ScopedView, TemplateView):
    template_name = "exemplars/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.exemplar = selectors.get_exemplar_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, exemplar = self.request.user, self.exemplar
        can_edit = has_capability(user, exemplar.unit, Capability.ENTER_DATA)
        return super().get_context_data(
            exemplar=exemplar, personal=selectors.personal_for(user, exemplar), can_edit=can_edit,
            consent_form=ConsentForm(initial={"consent": "yes" if exemplar.public_consent else "no"}),
            handover=[(exemplar._meta.get_field(f).verbose_name, getattr(exemplar, f)) for f in HANDOVER_FIELDS
                      if getattr(exemplar, f)], **kwargs)


class _FormView(ScopedView, FormView):
    template_name = "exemplars/form.html"
    form_class = ExemplarForm
    exemplar = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units, "with_consent": self.exemplar is None}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.units.count() > MAX_UNIT_CHOICES:
            form.fields["unit"].queryset = self.units.filter(kind=UnitKind.COMMUNE)
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(exemplar=self.exemplar, **kwargs)


class ExemplarCreateView(_FormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.units = _entry_units(request.user).order_by("path")
        unit_id = request.GET.get("unit")
        if request.method == "GET" and unit_id:
            get_unit_for(request.user, unit_id, Capability.ENTER_DATA)
        if not self.units[:1]:
            raise Http404

    def get_initial(self):
        unit_id = self.request.GET.get("unit")
        return {"unit": self.units.filter(pk=unit_id).first()} if unit_id else {}

    def form_valid(self, form):
        try:
            exemplar = exemplar_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The exemplar was recorded."))
        return redirect("exemplars:detail", exemplar.pk)


class ExemplarUpdateView(_FormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.exemplar = selectors.get_exemplar_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        self.units = _entry_units(request.user).order_by("path")

    def get_initial(self):
        return {name: getattr(self.exemplar, name) for name in EDITABLE_FIELDS}

    def form_valid(self, form):
        try:
            exemplar_update(actor=self.request.user, exemplar=self.exemplar, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("exemplars:detail", self.exemplar.pk)


class _PostView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.exemplar = selectors.get_exemplar_for(request.user, kwargs["pk"], Capability.ENTER_DATA)


class ExemplarConsentView(_PostView):
    """Record (or withdraw) the exemplar's consent to be named publicly."""

    def post(self, request, *args, **kwargs):
        form = ConsentForm(request.POST)
        if form.is_valid():
            exemplar_consent_set(actor=request.user, exemplar=self.exemplar, consent=form.cleaned_data["consent"])
            messages.success(request, _("The consent was recorded."))
        else:
            messages.error(request, _("Choose whether the exemplar agrees to be named publicly."))
        return redirect("exemplars:detail", self.exemplar.pk)


class ExemplarDeleteView(_PostView):
    def post(self, request, *args, **kwargs):
        unit = self.exemplar.unit
        exemplar_delete(actor=request.user, exemplar=self.exemplar)
        messages.success(request, _("The exemplar was deleted."))
        return redirect(f"{_list_url()}?area={unit.parent_id if unit.kind != UnitKind.COMMUNE else unit.pk}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("exemplars:list")


def _download(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ExportView(ScopedView, View):
    """The register as filtered on the list page, in the import's format; personal data only where the
    actor may see it."""

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def get(self, request, *args, **kwargs):
        _form, qs = _filters(request, self.area)
        rows = []
        for exemplar in qs.select_related("unit__parent")[:EXPORT_LIMIT]:
            unit = exemplar.unit
            commune = unit if unit.kind == UnitKind.COMMUNE else unit.parent
            personal = selectors.personal_for(request.user, exemplar)
            values = {name: getattr(exemplar, name) for name in (
                "year", "kind", "category", "name", "achievement", "proposed_by", "act_date", "sex",
                *HANDOVER_FIELDS, "items_note", "public_consent")}
            values.update(commune=commune.name if commune else "", unit="" if unit.kind == UnitKind.COMMUNE
                          else unit.name, birth_date=personal.birth_date, id_number=personal.id_number,
                          address=personal.address, phone=personal.phone)
            rows.append(cells_for(COLUMNS, values))
        name = slugify(fold(self.area.name)) if self.area else "tat-ca"
        return _download(write_xlsx(COLUMNS, rows, title="Điển hình"),
                         f"dien-hinh-{name}-{timezone.localdate():%Y-%m-%d}.xlsx")


class TemplateDownloadView(ScopedView, View):
    """The blank import template; it holds no data."""

    def get(self, request, *args, **kwargs):
        return _download(write_template_xlsx(COLUMNS, title="Điển hình", yes_no_fields=YES_NO_FIELDS),
                         "mau-nhap-dien-hinh.xlsx")


class ImportView(ScopedView, FormView):
    """Upload a spreadsheet of exemplars into a commune: all rows are recorded, or none."""

    template_name = "exemplars/import.html"
    form_class = ImportForm

    def resolve_scope(self, request, *args, **kwargs):
        self.communes = _entry_communes(request.user).order_by("name_folded")
        value = request.GET.get("commune") or request.POST.get("commune")
        if value:
            self.commune = get_unit_for(request.user, value, Capability.ENTER_DATA)
            if self.commune.kind != UnitKind.COMMUNE:
                raise Http404
        else:
            self.commune = self.communes.first() if self.communes.count() == 1 else None
        if not self.communes[:1]:
            raise Http404
        self.result = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            commune=self.commune, communes=self.communes[:MAX_UNIT_CHOICES], result=self.result,
            columns=[(c.header, [a[0] for a in c.words.values()] if c.words else []) for c in COLUMNS], **kwargs)

    def form_valid(self, form):
        if self.commune is None:
            form.add_error(None, _("Choose the commune to import into."))
            return self.form_invalid(form)
        upload = form.cleaned_data["file"]
        try:
            rows = read_sheet(upload.read(), upload.name, COLUMNS)
            self.result = exemplars_import(actor=self.request.user, commune=self.commune, rows=rows,
                                           file_name=upload.name)
        except SheetError as exc:
            self.result = ImportResult(errors=exc.errors)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        if not self.result.errors:
            count = self.result.created
            messages.success(self.request, ngettext("%(count)s exemplar was recorded.",
                                                    "%(count)s exemplars were recorded.", count) % {"count": count})
            return redirect(f"{_list_url()}?area={self.commune.pk}")
        return self.render_to_response(self.get_context_data(form=form))
