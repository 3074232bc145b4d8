"""Pages of the derived national criteria.

The commune page (one commune, one year) is for every role that sees the commune: the commune is
fetched through `get_commune_for` (404 when missing, out of scope, or not a commune). Its answer
forms are shown to whoever may answer, and the answer is taken by `derived_answer_set`, which decides.
The definitions editor and its version history are for the national administrator; others get 404.
"""

import yaml
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import is_national_admin
from antq.core import law_data
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.law_data import current_data
from antq.core.law_data_views import DataVersionHistoryView, DataVersionRestoreView
from antq.core.models import AuditEvent
from antq.recognition.derived.forms import DECIDED_BY_LABELS, AnswerForm, RulesForm, answer_auto_id
from antq.recognition.derived.rules import KEY, MAX_YEAR, MIN_YEAR, DerivedRulesError, current_rules, parse_rules
from antq.recognition.derived.selectors import (
    commune_results,
    commune_years,
    get_commune_for,
    rules_version_number,
)
from antq.recognition.derived.services import can_answer, derived_answer_set, derived_rules_save
from antq.recognition.models import CaseStatus, DerivedContentAnswer
from antq.recognition.selectors import case_list, current_year
from antq.units.selectors import unit_ancestors


def _answer_history(*, commune, year: int) -> list[AuditEvent]:
    """The audit events of the commune's answers for `year`, newest first. The caller has checked scope."""
    ids = [str(pk) for pk in DerivedContentAnswer.objects.filter(commune=commune, year=year).values_list("pk",
                                                                                                         flat=True)]
    return list(
        AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(DerivedContentAnswer),
                                  target_id__in=ids, action="derived.answer")
        .select_related("actor").order_by("-at", "-id")
    )


class CommuneDerivedView(ScopedView, TemplateView):
    template_name = "recognition/derived/commune.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.commune = get_commune_for(request.user, kwargs["unit_pk"])
        self.year = kwargs["year"]
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise Http404

    def page_context(self, *, form: AnswerForm | None = None) -> dict:
        user, commune, year = self.request.user, self.commune, self.year
        rules = current_rules()
        case = case_list(actor=user).filter(unit=commune, year=year).first()
        decided = case is not None and case.status == CaseStatus.DECIDED
        may_answer = can_answer(user, commune, decided=decided) and year <= current_year()
        indicators = []
        for result in commune_results(commune=commune, year=year, rules=rules):
            if not result.indicator.applies_to(commune.local_kind):
                continue
            rows = []
            for r in result.contents:
                row = {"r": r, "decided_by": DECIDED_BY_LABELS[r.content.decided_by]}
                if r.content.entered and may_answer:
                    posted = form is not None and (form.data.get("indicator"), form.data.get("content")) == (
                        result.indicator.code, r.content.code)
                    if posted:
                        row["form"] = form
                    else:
                        answer = r.answer
                        met = "unknown" if answer is None or answer.met is None else (
                            "met" if answer.met else "not_met")
                        row["form"] = AnswerForm(
                            initial={"indicator": result.indicator.code, "content": r.content.code, "met": met,
                                     "note": answer.note if answer else ""},
                            auto_id=answer_auto_id(result.indicator.code, r.content.code))
                rows.append(row)
            indicators.append({"result": result, "rows": rows})
        return {
            "commune": commune, "unit": commune, "year": year, "case": case, "decided": decided,
            "may_answer": may_answer, "indicators": indicators, "ancestors": unit_ancestors(unit=commune),
            "years": commune_years(commune=commune, current=current_year()),
            "history": _answer_history(commune=commune, year=year), "is_admin": is_national_admin(user),
        }

    def get_context_data(self, *, answer_form: AnswerForm | None = None, **kwargs):
        kwargs.pop("unit_pk", None)  # the URL's, resolved in resolve_scope
        kwargs.pop("year", None)
        return super().get_context_data(**self.page_context(form=answer_form), **kwargs)


class CommuneDerivedAnswerView(CommuneDerivedView):
    """POST one answer; a refusal comes back on the page with the form and its message, nothing changed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST, auto_id=answer_auto_id(request.POST.get("indicator", "")[:40],
                                                               request.POST.get("content", "")[:40]))
        if form.is_valid():
            data = form.cleaned_data
            try:
                derived_answer_set(actor=request.user, commune=self.commune, year=self.year,
                                   indicator=data["indicator"], content_code=data["content"], met=form.met_value,
                                   note=data["note"])
            except ValidationError as exc:
                attach_service_errors(form, exc)
            else:
                messages.success(request, _("Answer saved."))
                url = reverse("recognition:derived:commune", args=[self.commune.pk, self.year])
                return redirect(f"{url}#content-{data['indicator']}-{data['content']}")
        messages.error(request, _("The answer was not saved: correct the form below."))
        return self.render_to_response(self.get_context_data(answer_form=form))


class NationalAdminMixin:
    def resolve_scope(self, request, *args, **kwargs) -> None:
        if not is_national_admin(request.user):
            raise Http404


class RulesEditView(NationalAdminMixin, ScopedView, FormView):
    template_name = "recognition/derived/definitions.html"
    form_class = RulesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(data_set=current_data(KEY), rules=current_rules())
        return kwargs

    def get_initial(self):
        return {"seen_version": rules_version_number()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        return super().get_context_data(groups=form.bound_groups(), rules=form.rules,
                                        version=rules_version_number(), **kwargs)

    def form_valid(self, form):
        try:
            version = derived_rules_save(actor=self.request.user, data=form.edited_data(),
                                         reason=form.cleaned_data["reason"],
                                         seen_version=form.cleaned_data["seen_version"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            messages.error(self.request, _("The definitions were not saved: see the message below."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("recognition:derived:definitions")


def _as_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


class RulesHistoryView(DataVersionHistoryView):
    data_key = KEY
    version_url_name = "recognition:derived:version"
    back_url_name = "recognition:derived:definitions"
    restore_url_name = "recognition:derived:restore"

    @property
    def title(self) -> str:
        return _("Derived national criteria: history")


class RulesVersionView(NationalAdminMixin, ScopedView, TemplateView):
    """One saved version of the definitions (0: the shipped file): what it defines, and its data."""

    template_name = "recognition/derived/version.html"

    def get_context_data(self, **kwargs):
        number = kwargs.pop("number")
        version = None
        if number:
            version = law_data.get_data_version(KEY, number)
            if version is None:
                raise Http404
        data = version.data if version is not None else law_data.file_data(KEY)
        current = law_data.current_version(KEY)
        try:
            rules, error = parse_rules(data), ""
        except DerivedRulesError as exc:  # an old version today's validation refuses: show what it holds
            rules, error = None, str(exc)
        return super().get_context_data(
            number=number, version=version, rules=rules, error=error, yaml=_as_yaml(data),
            file_name=law_data.data_set(KEY).path.name, current_number=current.number if current else 0, **kwargs)


class RulesRestoreView(DataVersionRestoreView):
    data_key = KEY
    success_url_name = "recognition:derived:definitions"
    history_url_name = "recognition:derived:history"
    version_url_name = "recognition:derived:version"
