from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, creatable_kinds, get_unit_for
from antq.core.access import ScopedView
from antq.core.text import fold
from antq.units.forms import HistoryForm
from antq.units.models import UnitKind
from antq.units.transfer import selectors
from antq.units.transfer.columns import COLUMNS, NO_WORDS, YES_WORDS
from antq.units.transfer.forms import ImportForm
from antq.units.transfer.reader import FORMATS
from antq.units.transfer.services import import_job_create
from antq.units.transfer.writer import (
    CONTENT_TYPES,
    unit_cells,
    write_csv,
    write_template_xlsx,
    write_xlsx,
)

# What the import page says about each column; the rules themselves live in antq.units.services.
COLUMN_NOTES = {
    "kind": gettext_lazy("Always. KDC, CQ, DN and CSGD are accepted too."),
    "name": gettext_lazy("Always. Unique within the commune for each kind."),
    "local_kind": gettext_lazy("Residential areas only, and always for them."),
    "code": gettext_lazy("If the unit has an official code."),
    "address": gettext_lazy("Optional."),
    "valid_from": gettext_lazy("Optional: the day the unit was set up, as dd/mm/yyyy."),
    "enterprise_size": gettext_lazy("Enterprises only, and always for them."),
    "school_level": gettext_lazy("Schools only, and always for them."),
    "managing_level": gettext_lazy("Agencies, enterprises and schools, always."),
    "is_armed_forces": gettext_lazy("Agencies only; empty means no."),
}


def _download(content: bytes, fmt: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _format_or_404(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


class ImportView(ScopedView, FormView):
    """Upload a spreadsheet of KDC and CQ/DN/CSGD into a commune the actor enters data for."""

    template_name = "units/transfer/import.html"
    form_class = ImportForm

    def resolve_scope(self, request, *args, **kwargs):
        self.unit = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.unit.kind != UnitKind.COMMUNE or not creatable_kinds(request.user, self.unit):
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            columns=[(c.header, COLUMN_NOTES[c.field], [a[0] for a in c.words.values()] if c.words else
                      ([YES_WORDS[0], NO_WORDS[0]] if c.field == "is_armed_forces" else [])) for c in COLUMNS],
            max_bytes=settings.ANTQ_IMPORT_MAX_BYTES,
            jobs=selectors.import_jobs_recent(actor=self.request.user, unit=self.unit),
            **kwargs,
        )

    def form_valid(self, form):
        job = import_job_create(actor=self.request.user, unit=self.unit, upload=form.cleaned_data["file"])
        return redirect("units:import_job", job.pk)


class ImportJobView(ScopedView, TemplateView):
    """Progress and outcome of one import; htmx polls the progress fragment until it is done."""

    template_name = "units/transfer/job.html"

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#progress"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = selectors.import_job_get_for(self.request.user, self.kwargs["job_pk"])
        return super().get_context_data(job=job, unit=job.unit, **kwargs)


class ExportView(ScopedView, View):
    """The commune's KDC and CQ/DN/CSGD the actor may see, on a date, in the import's format."""

    def get(self, request, pk, fmt):
        fmt = _format_or_404(fmt)
        commune = get_unit_for(request.user, pk)
        if commune.kind != UnitKind.COMMUNE:
            raise Http404
        history = HistoryForm(request.GET)
        if not history.is_valid():
            return HttpResponseBadRequest(_("Write the date as dd/mm/yyyy."))
        on = history.cleaned_data["on"] or timezone.localdate()
        rows = [unit_cells(u) for u in selectors.units_for_export(actor=request.user, commune=commune, on=on)]
        content = write_xlsx(rows) if fmt == "xlsx" else write_csv(rows)
        return _download(content, fmt, f"don-vi-{slugify(fold(commune.name))}-{on:%Y-%m-%d}.{fmt}")


class TemplateDownloadView(ScopedView, View):
    """The blank import template; it holds no data, so any signed-in user may download it."""

    def get(self, request, fmt):
        fmt = _format_or_404(fmt)
        content = write_template_xlsx() if fmt == "xlsx" else write_csv([])
        return _download(content, fmt, f"mau-nhap-don-vi.{fmt}")
