"""Commendation pages: the list with filters, nominating, the award page with its steps, past awards
(one by one or from a spreadsheet), export, counts for a period, histories per unit and person, and the
law data (issuers, workflow, eligibility) for the national administrator."""

import yaml
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, scope_roots, units_for
from antq.commendations import candidates, selectors, services, sheets
from antq.commendations.forms import CountsForm, FilterForm, NominationForm, RecordForm, RulesForm, StepForm
from antq.commendations.models import AwardStatus
from antq.commendations.rules import AWARDS, current_rules
from antq.commendations.summary import counts_sentences
from antq.core import law_data
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.law_data_views import DataVersionHistoryView, DataVersionRestoreView, LawDataView
from antq.core.models import AuditEvent
from antq.core.sheets import CONTENT_TYPES, cells_for, write_template_xlsx, write_xlsx
from antq.festival.models import FestivalEvent
from antq.incidents.selectors import area_choices
from antq.units.models import UnitKind
from antq.units.transfer.forms import ImportForm

PAGE_SIZE = 25
MAX_UNIT_CHOICES = 500  # above this, the form offers communes; the unit page's button preselects others
XLSX = CONTENT_TYPES["xlsx"]


def _area_from(request, param: str = "area"):
    value = request.GET.get(param) or request.POST.get(param)
    return get_unit_for(request.user, value) if value else None


class AwardListView(ScopedView, TemplateView):
    template_name = "commendations/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def filters(self) -> tuple[FilterForm, dict]:
        form = FilterForm(self.request.GET or None, areas=area_choices(actor=self.request.user, selected=self.area),
                          rules=current_rules())
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        return form, {k: data.get(k) for k in ("status", "form", "issuer", "recipient_type", "year_from", "year_to")}

    def get_context_data(self, **kwargs):
        user = self.request.user
        form, filters = self.filters()
        awards = selectors.award_list(actor=user, area=self.area, **filters)
        page = Paginator(awards, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = selectors.with_wording(page.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form, page=page, area=self.area, query=query.urlencode(),
            can_nominate=units_for(user, Capability.ENTER_DATA).exists(),
            can_record=units_for(user, Capability.DECIDE).exists(), can_edit_rules=law_data.may_edit(user), **kwargs)


class ExportView(AwardListView):
    """The filtered list as .xlsx, in the import's columns (personal data only where the actor may see it)."""

    def get(self, request, *args, **kwargs):
        _form, filters = self.filters()
        awards = selectors.award_list(actor=request.user, area=self.area, **filters).select_related("person__unit")
        rules = sheets.current_rules()  # once for the file, not twice a row
        rows = [cells_for(sheets.COLUMNS, sheets.export_values(
            a, personal=a.person is not None and selectors.may_see_personal(request.user, a.person), rules=rules))
            for a in awards]
        response = HttpResponse(write_xlsx(sheets.COLUMNS, rows, title="Khen thưởng"), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="khen-thuong.xlsx"'
        return response


class TemplateDownloadView(ScopedView, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(write_template_xlsx(sheets.COLUMNS, title="Khen thưởng"), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-khen-thuong.xlsx"'
        return response


def _entry_units(user, capability: Capability, unit_id):
    units = units_for(user, capability).filter(valid_to__isnull=True).exclude(kind=UnitKind.COUNTRY)
    if unit_id:
        units = units.filter(pk=get_unit_for(user, unit_id, capability).pk)
    elif units.count() > MAX_UNIT_CHOICES:
        units = units.filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE))
    return units.order_by("path")


class NominateView(ScopedView, FormView):
    """Nominate a unit or a person of it: `?unit=` preselects the unit (from its history page)."""

    template_name = "commendations/form.html"
    form_class = NominationForm
    capability = Capability.ENTER_DATA

    def resolve_scope(self, request, *args, **kwargs):
        unit_id = request.GET.get("unit") if request.method == "GET" else None
        self.units = _entry_units(request.user, self.capability, unit_id)
        if not self.units[:1]:
            raise Http404

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "units": self.units, "rules": current_rules()}
        if self.form_class is NominationForm:
            kwargs["events"] = (FestivalEvent.objects.held().filter(unit__in=units_for(self.request.user),
                                                                     year__gte=timezone.localdate().year - 1)
                                .select_related("unit").order_by("-held_on")[:200])
        return kwargs

    def get_initial(self):
        initial = {}
        if self.request.GET.get("unit"):
            initial["unit"] = self.units.first()
        candidate = candidates.candidate_for(actor=self.request.user, key=self.request.GET.get("candidate", ""))
        if candidate is not None:  # from the candidates page: an exemplar or a typical model
            initial.update(candidates.nomination_initial(candidate))
        if self.request.GET.get("event", "").isdigit():
            initial["festival_event"] = int(self.request.GET["event"])
            initial["kind"] = "thematic"
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.form_class is RecordForm, **kwargs)

    def call_service(self, data, person_data):
        event = None
        if data.get("festival_event"):
            event = (FestivalEvent.objects.filter(pk=data["festival_event"], unit__in=units_for(self.request.user))
                     .first())
        return services.award_nominate(
            actor=self.request.user, unit=data["unit"], form=data["form"], issuer=data["issuer"], kind=data["kind"],
            year=data["year"], achievement=data["achievement"], person_data=person_data, festival_event=event)

    def form_valid(self, form):
        try:
            award = self.call_service(form.cleaned_data, form.person_data())
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("commendations:detail", award.pk)

    success_message = property(lambda self: _("The nomination was sent."))


class RecordView(NominateView):
    """Enter an award decided earlier outside the system (needs decide rights on the unit)."""

    form_class = RecordForm
    capability = Capability.DECIDE

    def call_service(self, data, person_data):
        return services.award_record(
            actor=self.request.user, unit=data["unit"], form=data["form"], issuer=data["issuer"], kind=data["kind"],
            year=data["year"], achievement=data["achievement"], person_data=person_data,
            decision_number=data["decision_number"], decision_date=data["decision_date"],
            decision_signer=data["decision_signer"])

    success_message = property(lambda self: _("The award was recorded."))


class AwardDetailView(ScopedView, TemplateView):
    template_name = "commendations/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.award = selectors.get_award_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, award = self.request.user, self.award
        steps = set()
        if award.status == AwardStatus.NOMINATED and services.can_review(user, award):
            steps |= {"review", "return"}
        if award.status == AwardStatus.REVIEWED and services.can_decide(user, award):
            steps |= {"decide", "return"}
        if award.status == AwardStatus.RETURNED and services.may_nominate(user, award):
            steps.add("resubmit")
        trail = (AuditEvent.objects.filter(target_type__app_label="commendations", target_type__model="award",
                                           target_id=str(award.pk)).select_related("actor").order_by("at", "id"))
        selectors.with_wording([award])
        return super().get_context_data(
            award=award,
            steps=steps, trail=trail,
            personal=award.person is not None and selectors.may_see_personal(user, award.person),
            step_form=StepForm(initial={"version": award.version, "achievement": award.achievement}), **kwargs)


class AwardStepView(ScopedView, View):
    """POST one step (review, return, decide, resubmit) with the version the page showed."""

    def resolve_scope(self, request, *args, **kwargs):
        self.award = selectors.get_award_for(request.user, kwargs["pk"])

    def post(self, request, *args, **kwargs):
        step = kwargs["step"]
        form = StepForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("commendations:detail", self.award.pk)
        data, user = form.cleaned_data, request.user
        common = {"actor": user, "award": self.award, "seen_version": data["version"]}
        try:
            if step == "review":
                services.award_review(note=data["note"], **common)
                done = _("The nomination was reviewed.")
            elif step == "return":
                services.award_return(reason=data["reason"], **common)
                done = _("The nomination was returned.")
            elif step == "decide":
                services.award_decide(decision_number=data["decision_number"], decision_date=data["decision_date"],
                                      decision_signer=data["decision_signer"], **common)
                done = _("The award was decided.")
            elif step == "resubmit":
                services.award_resubmit(achievement=data["achievement"], **common)
                done = _("The nomination was sent again.")
            else:
                raise Http404
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect("commendations:detail", self.award.pk)


class ImportView(ScopedView, FormView):
    """Past awards from a spreadsheet, under an area where the actor decides: all rows or none."""

    template_name = "commendations/import.html"
    form_class = ImportForm

    def resolve_scope(self, request, *args, **kwargs):
        self.areas = list(units_for(request.user, Capability.DECIDE)
                          .filter(kind__in=(UnitKind.COUNTRY, UnitKind.PROVINCE), valid_to__isnull=True)
                          .order_by("path")[:100])
        if not self.areas:
            raise Http404
        self.area = _area_from(request) or self.areas[0]
        if not has_capability(request.user, self.area, Capability.DECIDE):
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, areas=self.areas, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = services.awards_import(actor=self.request.user, area=self.area, data=upload.read(),
                                            file_name=upload.name)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        if result.errors:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(self.request, _("%(count)s awards were recorded.") % {"count": result.created})
        return redirect(f"{_url('commendations:list')}?area={self.area.pk}&status=decided")


def _url(name, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


class CountsView(ScopedView, TemplateView):
    """Decided awards per issuer, form and recipient type for an area and a period of years."""

    template_name = "commendations/counts.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request) or scope_roots(request.user).order_by("path").first()
        if self.area is None:
            raise Http404

    def get_context_data(self, **kwargs):
        user, year = self.request.user, timezone.localdate().year
        areas = area_choices(actor=user, selected=self.area)
        form = CountsForm(self.request.GET or None, areas=areas,
                          initial={"area": self.area.pk, "year_from": year, "year_to": year})
        if form.is_bound and form.is_valid():
            year_from, year_to = form.cleaned_data["year_from"], form.cleaned_data["year_to"]
        else:
            year_from = year_to = year
            if form.is_bound and not form.errors.get("area"):
                form = CountsForm(initial={"area": self.area.pk, "year_from": year, "year_to": year}, areas=areas)
        counts = selectors.award_counts(actor=user, area=self.area, year_from=year_from, year_to=year_to)
        return super().get_context_data(form=form, counts=counts, sentences=counts_sentences(counts),
                                        **kwargs)


class UnitHistoryView(ScopedView, TemplateView):
    template_name = "commendations/unit_history.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.unit = get_unit_for(request.user, kwargs["unit_pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        awards = selectors.with_wording(selectors.unit_history(actor=user, unit=self.unit))
        pending = selectors.with_wording(
            selectors.award_list(actor=user).filter(unit=self.unit).exclude(status=AwardStatus.DECIDED))
        return super().get_context_data(unit=self.unit, awards=awards, pending=pending,
                                        can_nominate=services.can_nominate(user, self.unit), **kwargs)


class PersonHistoryView(ScopedView, TemplateView):
    template_name = "commendations/person_history.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.person = selectors.get_person_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            person=self.person, awards=selectors.with_wording(selectors.person_history(actor=user, person=self.person)),
            personal=selectors.may_see_personal(user, self.person), **kwargs)


# --- the law data ---------------------------------------------------------------------------------


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


class RulesView(LawDataView, FormView):
    """The national administrator edits the issuers, workflow levels and eligibility rules (a new version)."""

    template_name = "commendations/rules.html"
    form_class = RulesForm
    data_key = AWARDS.key

    def get_initial(self):
        current = law_data.current_version(self.data_key)
        return {"text": _yaml(law_data.current_data(self.data_key)), "based_on": current.number if current else 0}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rules=current_rules(), **kwargs)

    def form_valid(self, form):
        try:
            data = yaml.safe_load(form.cleaned_data["text"])
        except yaml.YAMLError as exc:
            form.add_error("text", _("This is not valid YAML: %(error)s") % {"error": exc})
            return self.form_invalid(form)
        try:
            version = law_data.data_version_save(actor=self.request.user, key=self.data_key, data=data,
                                                 reason=form.cleaned_data["reason"],
                                                 based_on=form.cleaned_data["based_on"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("commendations:rules")


class RulesHistoryView(DataVersionHistoryView):
    data_key = AWARDS.key
    version_url_name = "commendations:rules_version"
    back_url_name = "commendations:rules"
    restore_url_name = "commendations:rules_restore"

    @property
    def title(self) -> str:
        return _("Commendation rules: history")


class RulesVersionView(LawDataView, TemplateView):
    template_name = "commendations/rules_version.html"
    data_key = AWARDS.key

    def get_context_data(self, **kwargs):
        number = kwargs.pop("number")
        version = law_data.get_data_version(self.data_key, number) if number else None
        if number and version is None:
            raise Http404
        data = version.data if version is not None else law_data.file_data(self.data_key)
        current = law_data.current_version(self.data_key)
        return super().get_context_data(number=number, version=version, yaml_text=_yaml(data),
                                        current_number=current.number if current else 0, **kwargs)


class RulesRestoreView(DataVersionRestoreView):
    data_key = AWARDS.key
    success_url_name = "commendations:rules"
    history_url_name = "commendations:rules_history"
    version_url_name = "commendations:rules_version"


class CandidatesView(ScopedView, TemplateView):
    """The exemplars and typical models of a year under an area, each with a button to nominate it."""

    template_name = "commendations/candidates.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request) or scope_roots(request.user).order_by("path").first()
        if self.area is None:
            raise Http404
        asked = request.GET.get("year", "")
        self.year = int(asked) if asked.isdigit() and 1945 <= int(asked) <= 9999 else timezone.localdate().year

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = CountsForm(initial={"area": self.area.pk}, areas=area_choices(actor=user, selected=self.area))
        del form.fields["year_from"], form.fields["year_to"]
        form.fields["year"] = forms.IntegerField(label=_("Year"), initial=self.year, min_value=1945, max_value=9999,
                                                 widget=forms.NumberInput(attrs={"class": "form-control"}))
        found = candidates.nomination_candidates(actor=user, area=self.area, year=self.year)
        entry = {c.unit.pk for c in found if has_capability(user, c.unit, Capability.ENTER_DATA)}
        return super().get_context_data(form=form, candidates=found, can_nominate=entry, **kwargs)
