"""Pages of the directives register: the list (filters, accent-insensitive search, export, import), a document
with its plans and the reports it is owed, and the forms. Writes go through `services`."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, scope_roots, visible_units
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.sheets import CONTENT_TYPES, write_template_xlsx, write_xlsx
from antq.directives import selectors
from antq.directives.forms import DocumentForm, FilterForm, ImportForm, ObligationForm, SubmissionForm
from antq.directives.services import (
    REPORTER_KINDS,
    document_create,
    document_delete,
    document_update,
    may_issue,
    obligation_create,
    obligation_update,
    report_submission_create,
)
from antq.directives.transfer import COLUMNS, IMPORT_COLUMNS, document_cells, documents_import
from antq.incidents.evidence import content_type_of
from antq.incidents.selectors import area_choices
from antq.units.models import UnitKind

PAGE_SIZE = 25
# The document page lists the reporting units one by one up to this many; beyond, counts only.
MAX_REPORT_ROWS = 100
# More issuing units than this (the national administrator's every commune): the form offers the upper levels.
MAX_UNIT_CHOICES = 500


def _year_from(request) -> int:
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else timezone.localdate().year


def _filters(request):
    user = request.user
    area_id = request.GET.get("area")
    area = get_unit_for(user, area_id) if area_id else None
    form = FilterForm(request.GET or None, areas=area_choices(actor=user, selected=area),
                      years=selectors.document_years(actor=user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    documents = selectors.document_list(actor=user, area=area, year=data.get("year"), kind=data.get("kind"),
                                        validity=data.get("validity"), q=data.get("q", ""))
    return form, area, documents


def _download(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class DocumentListView(ScopedView, TemplateView):
    template_name = "directives/list.html"

    def get_context_data(self, **kwargs):
        form, area, documents = _filters(self.request)
        page = Paginator(documents, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        can_issue = selectors.issuing_units(actor=self.request.user).exists()
        return super().get_context_data(form=form, page=page, area=area, query=query.urlencode(),
                                        can_issue=can_issue, **kwargs)


class DocumentExportView(ScopedView, View):
    """The documents of the list, with its filters, as .xlsx in the import's format."""

    def get(self, request):
        _form, _area, documents = _filters(request)
        rows = (document_cells(d) for d in documents.iterator(chunk_size=500))
        return _download(write_xlsx(COLUMNS, rows, title="Văn bản"), f"van-ban-{timezone.localdate():%Y-%m-%d}.xlsx")


class TemplateDownloadView(ScopedView, View):
    """The blank import template; it holds no data."""

    def get(self, request):
        return _download(write_template_xlsx(IMPORT_COLUMNS, title="Văn bản"), "mau-nhap-van-ban.xlsx")


class DocumentImportView(ScopedView, FormView):
    template_name = "directives/import.html"
    form_class = ImportForm

    def resolve_scope(self, request, *args, **kwargs):
        self.units = selectors.issuing_units(actor=request.user)
        if not self.units.exists():
            raise Http404
        self.errors = []

    def get_form_kwargs(self):
        units = self.units
        if units.count() > MAX_UNIT_CHOICES:
            units = units.filter(kind__in=(UnitKind.COUNTRY, UnitKind.PROVINCE))
        return {**super().get_form_kwargs(), "units": units}

    def get_context_data(self, **kwargs):
        return super().get_context_data(row_errors=self.errors, columns=IMPORT_COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = documents_import(actor=self.request.user, unit=form.cleaned_data["unit"], data=upload.read(),
                                  file_name=upload.name or "")
        if result.errors:
            self.errors = result.errors
            messages.error(self.request, _("Nothing was imported: correct the rows below and upload the file again."))
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)s documents imported.") % {"count": len(result.created)})
        return redirect("directives:list")


class DocumentDetailView(ScopedView, TemplateView):
    template_name = "directives/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.document = selectors.get_document_for(request.user, kwargs["pk"])
        self.year = _year_from(request)

    def _report_area(self):
        """Whose reports the page lists: the issuer's subtree if the actor sees it, else the actor's own."""
        user = self.request.user
        if visible_units(user).filter(pk=self.document.unit_id).exists():
            return self.document.unit
        roots = scope_roots(user).filter(path__startswith=self.document.unit.path).order_by("path")
        return roots.first()

    def get_context_data(self, **kwargs):
        user, document = self.request.user, self.document
        area = self._report_area()
        today = timezone.localdate()
        obligations = []
        for obligation in document.obligations.all():
            owed = selectors.reports_owed(
                actor=user, area=area, year=self.year, today=today,
                obligations=document.obligations.filter(pk=obligation.pk)) if area is not None else []
            counts = {state: sum(1 for r in owed if r.state == state) for state in
                      (selectors.DUE, selectors.LATE, selectors.ON_TIME, selectors.DONE_LATE)}
            rows = [{"item": r, "can_submit": r.open and has_capability(user, r.unit, Capability.ENTER_DATA)}
                    for r in owed[:MAX_REPORT_ROWS]]
            obligations.append({"obligation": obligation, "counts": counts, "rows": rows,
                                "capped": len(owed) > MAX_REPORT_ROWS, "total": len(owed)})
        can_edit = may_issue(user, document.unit)
        return super().get_context_data(
            document=document, plans=selectors.document_list(actor=user, parent=document),
            obligations=obligations, year=self.year, years=range(today.year + 1, max(2000, document.year) - 1, -1),
            can_edit=can_edit, can_plan=selectors.issuing_units(actor=user).filter(
                path__startswith=document.unit.path).exists(),
            can_add_obligation=can_edit and bool(REPORTER_KINDS.get(document.unit.kind)), **kwargs)


class _DocumentFormView(ScopedView, FormView):
    template_name = "directives/form.html"
    form_class = DocumentForm
    document = None

    def get_form_kwargs(self):
        parents = selectors.document_list(actor=self.request.user)
        if self.document is not None:
            parents = parents.exclude(pk=self.document.pk)
        units = self.units
        if units.count() > MAX_UNIT_CHOICES:  # the national administrator: the country and the provinces
            units = units.filter(kind__in=(UnitKind.COUNTRY, UnitKind.PROVINCE))
        return {**super().get_form_kwargs(), "units": units, "parents": parents.order_by("-issued_on")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)


class DocumentCreateView(_DocumentFormView):
    """Enter a document; `?parent=<id>` enters a plan implementing that document."""

    def resolve_scope(self, request, *args, **kwargs):
        self.units = selectors.issuing_units(actor=request.user)
        parent_id = request.GET.get("parent")
        self.parent = selectors.get_document_for(request.user, parent_id) if parent_id else None
        if self.parent is not None:
            self.units = self.units.filter(path__startswith=self.parent.unit.path)
        if not self.units.exists():
            raise Http404

    def get_initial(self):
        initial = {"validity": "in_force"}
        if self.parent is not None:
            initial.update(parent=self.parent, kind="plan")
            below = self.units.exclude(pk=self.parent.unit_id).first()
            initial["unit"] = below or self.units.first()
        if initial.get("unit") is not None:
            initial["issuer"] = _issuer_name(initial["unit"])
        return initial

    def form_valid(self, form):
        try:
            document = document_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The document was entered in the register."))
        return redirect("directives:detail", document.pk)


def _issuer_name(unit) -> str:
    """The usual issuer of a local plan: the unit's People's Committee."""
    if unit.kind == UnitKind.COUNTRY:
        return ""
    return f"UBND {unit.name}"


class DocumentUpdateView(_DocumentFormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.document = selectors.get_document_for(request.user, kwargs["pk"])
        if not may_issue(request.user, self.document.unit):
            raise Http404
        self.units = selectors.issuing_units(actor=request.user).filter(pk=self.document.unit_id)

    def get_initial(self):
        d = self.document
        return {name: getattr(d, name) for name in (
            "unit", "kind", "number", "issued_on", "issuer", "title", "summary", "parent", "validity",
            "effective_from", "effective_to")}

    def form_valid(self, form):
        values = dict(form.cleaned_data)
        values.pop("unit")
        try:
            document_update(actor=self.request.user, document=self.document, **values)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("directives:detail", self.document.pk)


class DocumentDeleteView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.document = selectors.get_document_for(request.user, kwargs["pk"])
        if not may_issue(request.user, self.document.unit):
            raise Http404

    def post(self, request, *args, **kwargs):
        try:
            document_delete(actor=request.user, document=self.document)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("directives:detail", self.document.pk)
        messages.success(request, _("The document was deleted."))
        return redirect("directives:list")


class ObligationCreateView(ScopedView, FormView):
    template_name = "directives/obligation_form.html"
    form_class = ObligationForm

    def resolve_scope(self, request, *args, **kwargs):
        self.document = selectors.get_document_for(request.user, kwargs["pk"])
        self.reporter_kinds = REPORTER_KINDS.get(self.document.unit.kind, ())
        if not may_issue(request.user, self.document.unit) or not self.reporter_kinds:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reporter_kinds": self.reporter_kinds}

    def get_initial(self):
        return {"recurrence": "yearly"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)

    def form_valid(self, form):
        try:
            obligation_create(actor=self.request.user, document=self.document, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The report obligation was added."))
        return redirect("directives:detail", self.document.pk)


class ObligationUpdateView(ScopedView, FormView):
    """Change a report obligation; due dates that already have submissions cannot be dropped (the service)."""

    template_name = "directives/obligation_form.html"
    form_class = ObligationForm

    def resolve_scope(self, request, *args, **kwargs):
        self.obligation = selectors.get_obligation_for(request.user, kwargs["pk"])
        self.document = self.obligation.document
        if not may_issue(request.user, self.document.unit):
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reporter_kinds": REPORTER_KINDS.get(self.document.unit.kind, ())}

    def get_initial(self):
        return {name: getattr(self.obligation, name) for name in ObligationForm.base_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, obligation=self.obligation, **kwargs)

    def form_valid(self, form):
        try:
            obligation_update(actor=self.request.user, obligation=self.obligation, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("directives:detail", self.document.pk)


class SubmissionCreateView(ScopedView, FormView):
    """Record a report handed in: `?unit=<id>&due=yyyy-mm-dd` name the reporting unit and the due date."""

    template_name = "directives/submission_form.html"
    form_class = SubmissionForm

    def resolve_scope(self, request, *args, **kwargs):
        self.obligation = selectors.get_obligation_for(request.user, kwargs["pk"])
        params = request.GET if request.method == "GET" else request.POST
        self.unit = get_unit_for(request.user, params.get("unit"), Capability.ENTER_DATA)
        try:
            self.due_on = datetime.date.fromisoformat(params.get("due", ""))
        except ValueError:
            raise Http404 from None

    def get_initial(self):
        return {"submitted_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(obligation=self.obligation, document=self.obligation.document,
                                        unit=self.unit, due_on=self.due_on, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report_submission_create(actor=self.request.user, obligation=self.obligation, unit=self.unit,
                                     due_on=self.due_on, submitted_on=data["submitted_on"], number=data["number"],
                                     upload=data["file"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The report was recorded as submitted."))
        url = reverse("directives:detail", args=[self.obligation.document_id])
        return redirect(f"{url}?year={self.due_on.year}")


class SubmissionFileView(ScopedView, View):
    """The signed report file, to whoever sees the reporting unit or the issuer; never a public media URL."""

    def resolve_scope(self, request, *args, **kwargs):
        self.submission = selectors.get_submission_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        try:
            stream = self.submission.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, filename=self.submission.original_name,
                                content_type=content_type_of(self.submission.original_name), as_attachment=True)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
