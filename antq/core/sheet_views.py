"""The upload page of an area's registry import (Festival Day events, outreach activities): choose the area,
upload the file, and either everything is imported or every bad row is listed and nothing is.

A subclass names the areas the actor may import into (`import_areas`), the service that imports
(`import_rows`), the file's columns (`columns`), the message for what was created and the list to go back to.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from antq.core.access import ScopedView


class AreaImportView(ScopedView, FormView):
    upload_form = None  # a form taking `units` and `unit_label` (antq.directives.forms.ImportForm)
    columns: tuple = ()

    def import_areas(self, user):
        raise NotImplementedError

    def import_rows(self, *, actor, area, data: bytes, file_name: str):
        """The service: returns a result with `created` and `errors` (antq.core.sheets.RowError)."""
        raise NotImplementedError

    def created_message(self, count: int) -> str:
        raise NotImplementedError

    def list_url(self) -> str:
        raise NotImplementedError

    def resolve_scope(self, request, *args, **kwargs):
        self.areas = self.import_areas(request.user)
        if not self.areas.exists():
            raise Http404
        self.row_errors = []

    def get_form(self, form_class=None):
        return self.upload_form(**self.get_form_kwargs(), units=self.areas, unit_label=_("Area"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(row_errors=self.row_errors, columns=self.columns, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = self.import_rows(actor=self.request.user, area=form.cleaned_data["unit"], data=upload.read(),
                                  file_name=upload.name or "")
        if result.errors:
            self.row_errors = result.errors
            messages.error(self.request, _("Nothing was imported: correct the rows below and upload the file again."))
            return self.form_invalid(form)
        messages.success(self.request, self.created_message(len(result.created)))
        return redirect(f"{self.list_url()}?area={form.cleaned_data['unit'].pk}")
