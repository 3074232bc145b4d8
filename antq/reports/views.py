"""The year's report of an area: edit its text, preview its figures, generate the .docx or PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from antq.accounts.scope import Capability, get_unit_for, grants_of, has_capability
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.recognition.selectors import current_year
from antq.reports.annual import report_text_values
from antq.reports.forms import ReportRequestForm, ReportTextForm
from antq.reports.models import ReportJob, ReportText
from antq.reports.sections import report_sections
from antq.reports.selectors import get_report_job_for, report_jobs
from antq.reports.services import REPORT_AREA_KINDS, report_job_create, report_text_save
from antq.units.selectors import area_choices


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


class AnnualReportView(ScopedView, TemplateView):
    template_name = "reports/annual.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        params = request.POST if request.method == "POST" else request.GET
        if params.get("area"):
            self.area = get_unit_for(request.user, params["area"])
        else:
            grants = grants_of(request.user)
            if not grants:
                raise Http404
            self.area = get_unit_for(request.user, grants[0].unit_id)
        if self.area.kind not in REPORT_AREA_KINDS:
            raise Http404
        self.year = _year(params.get("year"))
        self.can_write = has_capability(request.user, self.area, Capability.ENTER_DATA)

    def _url(self) -> str:
        return f"{reverse('reports:annual')}?{urlencode({'area': self.area.pk, 'year': self.year})}"

    def get_context_data(self, text_form=None, **kwargs):
        saved = ReportText.objects.filter(area=self.area, year=self.year).first()
        if text_form is None and self.can_write:
            text_form = ReportTextForm(initial={**report_text_values(area=self.area, year=self.year),
                                                "version": saved.version if saved else None})
        return super().get_context_data(
            area=self.area, year=self.year, saved=saved, text=report_text_values(area=self.area, year=self.year),
            text_form=text_form, request_form=ReportRequestForm(), can_write=self.can_write,
            sections=report_sections(actor=self.request.user, area=self.area, year=self.year),
            jobs=report_jobs(actor=self.request.user, area=self.area, year=self.year)[:5],
            areas=[a for a in area_choices(actor=self.request.user, current=self.area) if a.kind in REPORT_AREA_KINDS],
            **kwargs)

    def post(self, request, *args, **kwargs):
        if "format" in request.POST:
            form = ReportRequestForm(request.POST)
            if form.is_valid():
                try:
                    job = report_job_create(actor=request.user, area=self.area, year=self.year,
                                            format=form.cleaned_data["format"])
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    return redirect(self._url())
                return redirect("reports:job", job.pk)
            return redirect(self._url())
        if not self.can_write:
            raise Http404
        form = ReportTextForm(request.POST)
        if form.is_valid():
            try:
                report_text_save(actor=request.user, area=self.area, year=self.year,
                                 values={k: v for k, v in form.cleaned_data.items() if k != "version"},
                                 seen_version=form.cleaned_data.get("version"))
            except ValidationError as exc:
                attach_service_errors(form, exc)
            else:
                messages.success(request, _("The report text was saved."))
                return redirect(self._url())
        return self.render_to_response(self.get_context_data(text_form=form))


class ReportJobView(ScopedView, TemplateView):
    """The progress of one generation; polled by htmx until the file is ready."""

    template_name = "reports/job.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.job = get_report_job_for(request.user, kwargs["pk"])

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["reports/job.html#progress"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, area=self.job.area, **kwargs)


class ReportJobDownloadView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.job = get_report_job_for(request.user, kwargs["pk"])
        if self.job.status != ReportJob.Status.SUCCEEDED or not self.job.file:
            raise Http404

    def get(self, request, *args, **kwargs):
        response = FileResponse(self.job.file.open("rb"), as_attachment=True, filename=self.job.file_name)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                     filename=self.job.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
