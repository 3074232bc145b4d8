"""Spreadsheet pages of the security-team registry: export (teams and members in scope, or one team), the
blank template, and the imports (members into a team, teams with members into a commune)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from antq.accounts.scope import Capability, get_unit_for
from antq.core.access import ScopedView
from antq.core.sheets import CONTENT_TYPES, SheetError, read_sheet, write_template_xlsx, write_xlsx
from antq.core.text import fold
from antq.grassroots import selectors
from antq.grassroots.transfer import COLUMNS, YES_NO_FIELDS, ImportResult, export_rows, members_import, teams_import
from antq.units.models import UnitKind
from antq.units.transfer.forms import ImportForm

SHEET_TITLE = "Tổ bảo vệ ANTT"


def _download(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _xlsx(rows, name: str) -> HttpResponse:
    return _download(write_xlsx(COLUMNS, rows, title=SHEET_TITLE),
                     f"to-bao-ve-antt-{slugify(fold(name))}-{timezone.localdate():%Y-%m-%d}.xlsx")


class TeamsExportView(ScopedView, View):
    """The active teams under `?area=` (or everywhere the actor sees) and their serving members."""

    def resolve_scope(self, request, *args, **kwargs):
        value = request.GET.get("area")
        self.area = get_unit_for(request.user, value) if value else None

    def get(self, request, *args, **kwargs):
        rows = export_rows(actor=request.user, area=self.area)
        return _xlsx(rows, self.area.name if self.area else "tat-ca")


class TeamExportView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return _xlsx(export_rows(actor=request.user, team=self.team), self.team.name)


class TemplateDownloadView(ScopedView, View):
    """The blank import template; it holds no data."""

    def get(self, request, *args, **kwargs):
        return _download(write_template_xlsx(COLUMNS, title=SHEET_TITLE, yes_no_fields=YES_NO_FIELDS),
                         "mau-nhap-to-bao-ve-antt.xlsx")


class _ImportView(ScopedView, FormView):
    template_name = "grassroots/import.html"
    form_class = ImportForm
    team = None
    commune = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, commune=self.commune, result=getattr(self, "result", None),
                                        columns=[(c.header, [a[0] for a in c.words.values()] if c.words else [])
                                                 for c in COLUMNS], **kwargs)

    def run(self, rows, file_name: str) -> ImportResult:
        raise NotImplementedError

    def done(self):
        raise NotImplementedError

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            self.result = self.run(read_sheet(upload.read(), upload.name, COLUMNS), upload.name)
        except SheetError as exc:
            self.result = ImportResult(errors=exc.errors)
        if self.result.errors:
            return self.render_to_response(self.get_context_data(form=form))
        members = ngettext("%(count)s member", "%(count)s members", self.result.members) % {
            "count": self.result.members}
        if self.team is None:
            teams = ngettext("%(count)s team", "%(count)s teams", self.result.teams) % {"count": self.result.teams}
            messages.success(self.request, _("Recorded: %(teams)s, %(members)s.") % {"teams": teams,
                                                                                    "members": members})
        else:
            messages.success(self.request, _("Recorded: %(members)s.") % {"members": members})
        return self.done()


class MembersImportView(_ImportView):
    """Members into one active team of a commune the actor enters data for."""

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.team.is_active:
            raise Http404
        self.commune = self.team.commune

    def run(self, rows, file_name):
        return members_import(actor=self.request.user, team=self.team, rows=rows, file_name=file_name)

    def done(self):
        return redirect("grassroots:team_detail", self.team.pk)


class TeamsImportView(_ImportView):
    """Teams with their members into a commune the actor enters data for."""

    def resolve_scope(self, request, *args, **kwargs):
        self.commune = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if self.commune.kind != UnitKind.COMMUNE:
            raise Http404

    def run(self, rows, file_name):
        return teams_import(actor=self.request.user, commune=self.commune, rows=rows, file_name=file_name)

    def done(self):
        return redirect(f"{reverse('grassroots:teams')}?area={self.commune.pk}")

