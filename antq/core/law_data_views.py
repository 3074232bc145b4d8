"""Generic pages for an editable legal data set (`antq.core.law_data`): its history and restoring.

An app subclasses them with its data set's key and URL names. Only those who may edit the data set
(`law_data.may_edit`: the national administrator for national data) see them; others get 404, as
for a page that does not exist.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from antq.core import law_data
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": gettext_lazy("Give the reason for the change (the text that changed it).")})
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LawDataView(ScopedView):
    data_key = ""

    def data_scope(self):
        """The unit whose own version is shown; None for the national data set."""
        return None

    def resolve_scope(self, request, *args, **kwargs) -> None:
        if not law_data.may_edit(request.user, scope=self.data_scope()):
            raise Http404


class DataVersionHistoryView(LawDataView, TemplateView):
    """Every saved version, newest first: number, who, when, reason, and a link to each."""

    template_name = "core/law_data_history.html"
    title = ""
    version_url_name = ""  # takes the version number; 0 shows the shipped file
    back_url_name = ""
    restore_url_name = ""  # POST: reason, based_on and optionally number (none: the shipped file)
    page_size = 50

    def get_context_data(self, **kwargs):
        versions = law_data.data_versions(self.data_key, scope=self.data_scope())
        page = Paginator(versions, self.page_size).get_page(self.request.GET.get("page"))
        current = law_data.current_version(self.data_key, scope=self.data_scope())
        return super().get_context_data(
            title=self.title, page=page, current_number=current.number if current else 0,
            file_name=law_data.data_set(self.data_key).path.name, version_url_name=self.version_url_name,
            back_url_name=self.back_url_name, restore_url_name=self.restore_url_name, **kwargs,
        )


class DataVersionRestoreView(LawDataView, TemplateView):
    """POST only: save the shipped file, or an earlier version, as the newest version."""

    http_method_names = ["post"]
    success_url_name = ""  # the data set's page
    history_url_name = ""  # where the file is restored from
    version_url_name = ""  # where an earlier version is restored from

    def post(self, request, *args, **kwargs):
        form = RestoreForm(request.POST)
        number = request.POST.get("number") or None
        try:
            number = int(number) if number is not None else None
        except ValueError:
            raise Http404 from None
        if form.is_valid():
            try:
                version = law_data.data_version_restore(
                    actor=request.user, key=self.data_key, reason=form.cleaned_data["reason"], number=number,
                    scope=self.data_scope(), based_on=form.cleaned_data["based_on"])
            except ValidationError as exc:
                attach_service_errors(form, exc)
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
                return redirect(self.success_url_name)
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("Nothing was restored: %(errors)s") % {"errors": " ".join(errors)})
        if number is not None:
            return redirect(self.version_url_name, number)
        return redirect(self.history_url_name)
