"""Editors of the registry's two legal data sets (`antq.core.law_data`), reached from the teams list:

- `grassroots.team_rules` (eligibility, origins, HD 01 ratings): national, edited by the national
  administrator, with the shared history / version / restore pages;
- `grassroots.team_quota` (teams and members per commune, team-size rule): a national default edited by the
  national administrator (same pages), and each province's own version, edited by the province
  (`law_data.may_edit`: `decide` on the province), whose page lists the province's versions.

Every save goes through `law_data.data_version_save`: the whole set is validated by the data set's parser, a
reason is required, a save from a stale page is refused, and the change is audited.
"""

import yaml
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import get_unit_for, is_national_admin, scope_roots
from antq.core import law_data
from antq.core.forms import attach_service_errors
from antq.core.law_data_views import DataVersionHistoryView, DataVersionRestoreView, LawDataView
from antq.grassroots.rules import TEAM_QUOTA, TEAM_RULES
from antq.grassroots.services import province_of
from antq.units.models import Unit, UnitKind


class LawDataForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Data (YAML)"),
                           widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false",
                                                        "class": "form-control font-monospace small"}))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                             help_text=gettext_lazy("The text that changed it: decision or resolution number"))
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def _province_of(area: Unit | None) -> Unit | None:
    if area is None:
        return None
    if area.kind == UnitKind.PROVINCE:
        return area
    return province_of(area if area.kind == UnitKind.COMMUNE else area.parent) if area.parent_id else None


def law_links_for(user, area: Unit | None) -> list[tuple[str, str]]:
    """(label, url) of the law-data editors `user` may open from the teams list of `area`."""
    links = []
    if is_national_admin(user):
        links += [(_("Team rules"), reverse("grassroots:law_rules")),
                  (_("National quota and team size"), reverse("grassroots:law_quota"))]
    provinces = [p for p in [_province_of(area)] if p is not None] or list(
        scope_roots(user).filter(kind=UnitKind.PROVINCE, valid_to__isnull=True))
    for province in provinces[:3]:
        if law_data.may_edit(user, scope=province):
            links.append((_("Quota and team size of %(province)s") % {"province": province.name},
                          reverse("grassroots:law_quota_province", args=[province.pk])))
    return links


class _EditView(LawDataView, FormView):
    template_name = "grassroots/law_edit.html"
    form_class = LawDataForm
    history_url_name = ""

    def get_initial(self):
        scope = self.data_scope()
        current = law_data.current_version(self.data_key, scope=scope)
        return {"text": _yaml(law_data.current_data(self.data_key, scope=scope)),
                "based_on": current.number if current else 0}

    def get_context_data(self, **kwargs):
        scope = self.data_scope()
        current = law_data.current_version(self.data_key, scope=scope)
        if current is not None:
            source = _("Version %(number)s in force.") % {"number": current.number}
        elif scope is not None and law_data.current_version(self.data_key) is not None:
            source = _("The national version is in force: this province has no version of its own yet.")
        else:
            source = _("The shipped file is in force.")
        versions = law_data.data_versions(self.data_key, scope=scope)[:20] if scope is not None else []
        return super().get_context_data(title=self.title, source=source, history_url_name=self.history_url_name,
                                        versions=[(v, _yaml(v.data)) for v in versions], scope=scope, **kwargs)

    def form_valid(self, form):
        try:
            data = yaml.safe_load(form.cleaned_data["text"])
        except yaml.YAMLError as exc:
            form.add_error("text", _("This is not valid YAML: %(error)s") % {"error": exc})
            return self.form_invalid(form)
        try:
            version = law_data.data_version_save(actor=self.request.user, key=self.data_key, data=data,
                                                 reason=form.cleaned_data["reason"], scope=self.data_scope(),
                                                 based_on=form.cleaned_data["based_on"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect(self.request.path)


class RulesEditView(_EditView):
    data_key = TEAM_RULES.key
    history_url_name = "grassroots:law_rules_history"

    @property
    def title(self) -> str:
        return _("Security team rules (Luật 30/2023, HD 01)")


class QuotaEditView(_EditView):
    data_key = TEAM_QUOTA.key
    history_url_name = "grassroots:law_quota_history"

    @property
    def title(self) -> str:
        return _("Quota and team size: national default")


class ProvinceQuotaEditView(_EditView):
    """The province's own quota per commune and team-size rule (HĐND / UBND tỉnh, Luật 30/2023 art. 14)."""

    data_key = TEAM_QUOTA.key

    def resolve_scope(self, request, *args, **kwargs):
        self.province = get_unit_for(request.user, kwargs["pk"])
        if self.province.kind != UnitKind.PROVINCE:
            raise Http404
        super().resolve_scope(request, *args, **kwargs)

    def data_scope(self):
        return self.province

    @property
    def title(self) -> str:
        return _("Quota and team size of %(province)s") % {"province": self.province.name}


class _VersionView(LawDataView, TemplateView):
    template_name = "grassroots/law_version.html"
    restore_url_name = ""
    history_url_name = ""

    def get_context_data(self, **kwargs):
        number = kwargs.pop("number")
        version = law_data.get_data_version(self.data_key, number) if number else None
        if number and version is None:
            raise Http404
        data = version.data if version is not None else law_data.file_data(self.data_key)
        current = law_data.current_version(self.data_key)
        return super().get_context_data(number=number, version=version, yaml_text=_yaml(data),
                                        current_number=current.number if current else 0,
                                        restore_url_name=self.restore_url_name,
                                        history_url_name=self.history_url_name, **kwargs)


class RulesHistoryView(DataVersionHistoryView):
    data_key = TEAM_RULES.key
    version_url_name = "grassroots:law_rules_version"
    back_url_name = "grassroots:law_rules"
    restore_url_name = "grassroots:law_rules_restore"

    @property
    def title(self) -> str:
        return _("Security team rules: history")


class RulesVersionView(_VersionView):
    data_key = TEAM_RULES.key
    restore_url_name = "grassroots:law_rules_restore"
    history_url_name = "grassroots:law_rules_history"


class RulesRestoreView(DataVersionRestoreView):
    data_key = TEAM_RULES.key
    success_url_name = "grassroots:law_rules"
    history_url_name = "grassroots:law_rules_history"
    version_url_name = "grassroots:law_rules_version"


class QuotaHistoryView(DataVersionHistoryView):
    data_key = TEAM_QUOTA.key
    version_url_name = "grassroots:law_quota_version"
    back_url_name = "grassroots:law_quota"
    restore_url_name = "grassroots:law_quota_restore"

    @property
    def title(self) -> str:
        return _("Quota and team size: history of the national default")


class QuotaVersionView(_VersionView):
    data_key = TEAM_QUOTA.key
    restore_url_name = "grassroots:law_quota_restore"
    history_url_name = "grassroots:law_quota_history"


class QuotaRestoreView(DataVersionRestoreView):
    data_key = TEAM_QUOTA.key
    success_url_name = "grassroots:law_quota"
    history_url_name = "grassroots:law_quota_history"
    version_url_name = "grassroots:law_quota_version"
