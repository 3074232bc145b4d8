"""Pages of the dossier: drafts to download, papers to file, download and remove, the certificate.

Every view is scoped: the case (or the filed paper's case) is fetched through selectors that start
from the units the user may see, so another area's case answers 404. Files are served only here,
as attachments, never from a public media URL. Writes go through `services`, which decide who may
file what and when; a refused write comes back to the case page as a message with nothing stored.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from antq.core.access import ScopedView
from antq.recognition.dossier import rules
from antq.recognition.dossier.certificate import certificate_filename, issued_certificate, render_certificate
from antq.recognition.dossier.drafts import DOCX_CONTENT_TYPE, draft_filename, render_draft
from antq.recognition.dossier.forms import DocumentUploadForm
from antq.recognition.dossier.selectors import get_document_for
from antq.recognition.dossier.services import case_certificate_issue, case_document_delete, case_document_upload
from antq.recognition.selectors import get_case_for


def _back_to_dossier(case_pk: int):
    return redirect(f"{reverse('recognition:case', args=[case_pk])}#case-dossier")


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _CaseView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.case = get_case_for(request.user, kwargs["pk"])


class DraftDownloadView(_CaseView):
    """The .docx draft of one dossier paper, filled from the case."""

    paper = ""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(render_draft(self.case, self.paper), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{draft_filename(self.case, self.paper)}"'
        return _private(response)


class DocumentUploadView(_CaseView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DocumentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = [str(e) for field in form for e in field.errors] + [str(e) for e in form.non_field_errors()]
            messages.error(request, _("The paper was not filed: %(errors)s") % {"errors": " ".join(errors)})
            return _back_to_dossier(self.case.pk)
        data = form.cleaned_data
        try:
            case_document_upload(actor=request.user, case=self.case, kind=data["kind"], file=data["file"],
                                 criterion_id=data["criterion_id"])
        except ValidationError as exc:
            messages.error(request, _("The paper was not filed: %(errors)s") % {"errors": " ".join(exc.messages)})
        else:
            messages.success(request, _("The paper was filed."))
        return _back_to_dossier(self.case.pk)


class DocumentDownloadView(ScopedView, View):
    """A filed paper, to whoever may see its case; never through a public media URL."""

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.document = get_document_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        document = self.document
        try:
            stream = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return _private(FileResponse(stream, as_attachment=True, filename=document.original_name,
                                     content_type=rules.content_type_of(document.original_name)))


class DocumentDeleteView(ScopedView, View):
    http_method_names = ["post"]

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.document = get_document_for(request.user, kwargs["pk"])

    def post(self, request, *args, **kwargs):
        case_pk = self.document.case_id
        try:
            case_document_delete(actor=request.user, document=self.document)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The paper was removed."))
        return _back_to_dossier(case_pk)


class CertificateIssueView(_CaseView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            case_certificate_issue(actor=request.user, case=self.case)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The certificate was issued."))
        return _back_to_dossier(self.case.pk)


class CertificateView(_CaseView):
    """The certificate PDF of a recognised case, once issued; 404 for any other case."""

    def get(self, request, *args, **kwargs):
        content = issued_certificate(self.case)
        if content is None:
            raise Http404
        response = HttpResponse(render_certificate(content), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate_filename(content)}"'
        return _private(response)
