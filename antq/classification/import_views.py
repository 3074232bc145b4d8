"""Upload a workbook of past classification results into an area, and follow the import.

`?area=<unit id>` (default: the unit of the first role): the actor decides for it (404 otherwise). The
template workbook lists the columns; the job page polls the progress with htmx until it is done.
"""

import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import FormView, TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from antq.accounts.scope import Capability, get_unit_for, grants_of, units_for
from antq.classification.forms import ClassificationImportForm
from antq.classification.import_reader import HEADERS, LEVEL_WORDS
from antq.classification.importer import import_job_create
from antq.classification.models import ClassificationImport
from antq.core.access import ScopedView
from antq.units.transfer.writer import CONTENT_TYPES


def import_jobs_recent(*, actor, area, limit: int = 10) -> list[ClassificationImport]:
    """The latest imports into `area` (the caller has checked the decide capability on it)."""
    return list(ClassificationImport.objects.filter(area=area, area__in=units_for(actor, Capability.DECIDE))
                .select_related("created_by")[:limit])


def get_import_for(actor, pk) -> ClassificationImport:
    """The import with id `pk` if the actor decides for its area; 404 otherwise, missing or not."""
    try:
        return ClassificationImport.objects.select_related("area", "created_by").get(
            pk=pk, area__in=units_for(actor, Capability.DECIDE))
    except (ClassificationImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class ImportView(ScopedView, FormView):
    template_name = "classification/import.html"
    form_class = ClassificationImportForm

    def resolve_scope(self, request, *args, **kwargs) -> None:
        area_id = request.GET.get("area")
        if not area_id:
            grants = grants_of(request.user)
            if not grants:
                raise Http404
            area_id = grants[0].unit_id
        self.area = get_unit_for(request.user, area_id, Capability.DECIDE)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            area=self.area, max_bytes=settings.ANTQ_IMPORT_MAX_BYTES, headers=HEADERS, level_words=LEVEL_WORDS,
            jobs=import_jobs_recent(actor=self.request.user, area=self.area), **kwargs)

    def form_valid(self, form):
        job = import_job_create(actor=self.request.user, area=self.area, upload=form.cleaned_data["file"])
        return redirect("classification:import_job", job.pk)


class ImportJobView(ScopedView, TemplateView):
    template_name = "classification/import_job.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.job = get_import_for(request.user, kwargs["pk"])

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#progress"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, area=self.job.area, **kwargs)


class TemplateDownloadView(ScopedView, View):
    """The blank workbook to fill in; it holds no data, so any signed-in user may download it."""

    def get(self, request):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Kết quả phân loại"
        sheet.append([headers[0] for headers in HEADERS.values()])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.append(["19111", "Xã Quảng Phú", 2011, "Khá", 78.5])
        for letter, width in zip("ABCDE", (14, 32, 8, 14, 8), strict=True):
            sheet.column_dimensions[letter].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                     filename="mau-ket-qua-phan-loai.xlsx")
        return response
