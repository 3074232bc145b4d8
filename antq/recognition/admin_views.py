"""Administrator pages on the recognition law data: the authority table and provinces' extra criteria.

The authority table (who appraises and decides, and by when) is national data: only the national
administrator sees these pages; others get 404, like the other law-as-data pages. An edit saves the
whole table as a new version through `antq.core.law_data`, after `parse_authorities` has checked it
(every kind and level covered once on every date); a refused table is shown with the reason and
nothing is saved.

Extra criteria belong to a province (TT 124/2021 art. 8.1): anyone who sees the province reads them;
who may change them, and when, is decided by `antq.recognition.provincial`. Pages that change them
answer 404 to everyone else, as for a province they do not see.
"""

import copy
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from antq.accounts.scope import get_unit_for, is_national_admin, visible_units
from antq.core import law_data
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.law_data_views import DataVersionHistoryView, DataVersionRestoreView
from antq.recognition import provincial
from antq.recognition.admin_forms import (
    OP_LABELS,
    ProvincialCriterionForm,
    RegimeForm,
    RuleForm,
    month_day_to_text,
)
from antq.recognition.authority import AUTHORITIES, AuthorityError, parse_authorities
from antq.recognition.criteria.catalogue import KIND_LABELS, CriterionKind
from antq.recognition.figures import FIGURES, PERCENT
from antq.recognition.models import ProvincialCriterion
from antq.recognition.selectors import current_year
from antq.recognition.views import NationalAdminView, _kind_label, regime_rows
from antq.units.models import ManagingLevel, Unit, UnitKind

# --- the authority table -------------------------------------------------------------------------


def _iso_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date) or value is None:
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


class AuthorityRegimeEditView(NationalAdminView):
    """One regime of the table: its validity and legal basis, and a form per rule; saved as a whole."""

    template_name = "recognition/admin/authority_edit.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        super().resolve_scope(request, *args, **kwargs)
        self.version = law_data.current_version(AUTHORITIES.key)
        self.data = law_data.json_ready(
            self.version.data if self.version is not None else law_data.file_data(AUTHORITIES.key))
        regimes = self.data.get("regimes") or []
        self.index = next((i for i, r in enumerate(regimes) if r.get("code") == kwargs["code"]), None)
        if self.index is None:
            raise Http404
        self.regime = regimes[self.index]

    def _forms(self, data=None):
        regime = self.regime
        regime_form = RegimeForm(data, prefix="regime", initial={
            "valid_from": _iso_date(regime.get("valid_from")), "valid_to": _iso_date(regime.get("valid_to")),
            "legal_basis": regime.get("legal_basis", ""), "status": regime.get("status"),
            "note": regime.get("note") or "", "based_on": self.version.number if self.version else 0,
        })
        rule_forms = []
        for number, rule in enumerate(regime.get("rules") or [], start=1):
            initial = {key: rule.get(key) or "" for key in RuleForm.base_fields}
            initial["register_by"] = month_day_to_text(rule.get("register_by"))
            initial["decide_before"] = month_day_to_text(rule.get("decide_before"))
            rule_forms.append((number, rule, RuleForm(data, prefix=f"rule-{number}", initial=initial)))
        return regime_form, rule_forms

    def _context(self, regime_form, rule_forms, **kwargs):
        level_labels = dict(ManagingLevel.choices)
        rules = [{
            "number": number, "form": form,
            "kinds": ", ".join(_kind_label(k) for k in rule.get("unit_kinds") or ()),
            "levels": ", ".join(str(level_labels.get(lv, lv)) for lv in rule.get("managing_levels") or ()),
        } for number, rule, form in rule_forms]
        return self.get_context_data(regime=self.regime, regime_form=regime_form, rules=rules,
                                     version=self.version, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context(*self._forms()))

    def post(self, request, *args, **kwargs):
        regime_form, rule_forms = self._forms(request.POST)
        forms_valid = regime_form.is_valid() & all([f.is_valid() for _n, _r, f in rule_forms])
        if forms_valid:
            try:
                law_data.data_version_save(
                    actor=request.user, key=AUTHORITIES.key, data=self._edited(regime_form, rule_forms),
                    reason=regime_form.cleaned_data["reason"], based_on=regime_form.cleaned_data["based_on"])
            except ValidationError as exc:
                attach_service_errors(regime_form, exc)
            else:
                messages.success(request, _("The authority table is saved; the new version is in force."))
                return redirect(f"{reverse('recognition:authorities')}#regime-{self.regime['code']}")
        messages.error(request, _("Nothing was saved: correct the form below."))
        return self.render_to_response(self._context(regime_form, rule_forms))

    def _edited(self, regime_form, rule_forms) -> dict:
        """The whole table with this regime's fields replaced by the forms' values."""
        data = copy.deepcopy(self.data)
        regime = data["regimes"][self.index]
        values = regime_form.cleaned_data
        regime["valid_from"] = values["valid_from"].isoformat() if values["valid_from"] else None
        regime["valid_to"] = values["valid_to"].isoformat() if values["valid_to"] else None
        regime["legal_basis"] = values["legal_basis"].strip()
        regime["status"] = values["status"]
        regime["note"] = " ".join(values["note"].split())
        for number, _rule, form in rule_forms:
            rule = regime["rules"][number - 1]
            for key, value in form.cleaned_data.items():
                rule[key] = " ".join(value.split()) if isinstance(value, str) else value
        return data


class AuthorityHistoryView(DataVersionHistoryView):
    data_key = AUTHORITIES.key
    version_url_name = "recognition:authority_version"
    back_url_name = "recognition:authorities"
    restore_url_name = "recognition:authority_restore"

    @property
    def title(self) -> str:
        return _("Authority table: history")


class AuthorityVersionView(NationalAdminView):
    """One saved version of the table (0: the shipped file), as the list page shows it."""

    template_name = "recognition/admin/authority_version.html"

    def get_context_data(self, **kwargs):
        number = kwargs.pop("number")
        version = None
        if number:
            version = law_data.get_data_version(AUTHORITIES.key, number)
            if version is None:
                raise Http404
        data = version.data if version is not None else law_data.file_data(AUTHORITIES.key)
        current = law_data.current_version(AUTHORITIES.key)
        try:
            regimes, error = regime_rows(parse_authorities(data, source=_("Authority table"))), ""
        except AuthorityError as exc:  # an old version the rules of today refuse: show what it holds
            regimes, error = [], str(exc)
        return super().get_context_data(
            number=number, version=version, regimes=regimes, error=error, file_name=AUTHORITIES.path.name,
            current_number=current.number if current else 0, **kwargs)


class AuthorityRestoreView(DataVersionRestoreView):
    data_key = AUTHORITIES.key
    success_url_name = "recognition:authorities"
    history_url_name = "recognition:authority_history"
    version_url_name = "recognition:authority_version"


# --- a province's extra criteria -----------------------------------------------------------------


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _province_for(user, pk) -> Unit:
    province = get_unit_for(user, pk)
    if province.kind != UnitKind.PROVINCE:
        raise Http404
    return province


def _criterion_row(criterion: ProvincialCriterion) -> dict:
    english = (get_language() or "vi").startswith("en")
    threshold = ""
    if criterion.kind == CriterionKind.NUMERIC and criterion.figure in FIGURES:
        figure = FIGURES[criterion.figure]
        value = criterion.value.normalize() if criterion.value is not None else ""
        unit = "\u00a0%" if figure.unit == PERCENT else ""
        threshold = f"{figure.label} {OP_LABELS.get(criterion.operator, criterion.operator)} {value:f}{unit}"
    return {
        "c": criterion, "kind_label": KIND_LABELS.get(criterion.kind, criterion.kind), "threshold": threshold,
        "text": criterion.text_en if english and criterion.text_en else criterion.text_vi,
        "kinds": ", ".join(_kind_label(k) for k in criterion.unit_kinds) or _("every kind"),
    }


class ProvincialCriteriaIndexView(ScopedView, TemplateView):
    """The provinces the user sees, with how many extra criteria each has for the year."""

    template_name = "recognition/admin/provincial_index.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request.GET.get("year"), current_year())
        provinces = list(visible_units(self.request.user).filter(kind=UnitKind.PROVINCE)
                         .valid_on(timezone.localdate()).order_by("name_folded"))
        counts = {row["province"]: row["n"] for row in ProvincialCriterion.objects
                  .filter(province__in=[p.pk for p in provinces], year=year)
                  .values("province").annotate(n=Count("pk"))}
        return super().get_context_data(
            year=year, provinces=[(p, counts.get(p.pk, 0)) for p in provinces],
            is_admin=is_national_admin(self.request.user), **kwargs)


class ProvincialCriterionListView(ScopedView, TemplateView):
    template_name = "recognition/admin/provincial_list.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.province = _province_for(request.user, kwargs["province_pk"])
        self.year = _year(request.GET.get("year"), current_year())

    def get_context_data(self, **kwargs):
        user, province = self.request.user, self.province
        criteria = provincial.provincial_criteria(actor=user, province=province, year=self.year)
        years = (ProvincialCriterion.objects.filter(province=province).values_list("year", flat=True)
                 .distinct().order_by("-year"))
        return super().get_context_data(
            province=province, year=self.year, rows=[_criterion_row(c) for c in criteria],
            years=sorted({*years, self.year}, reverse=True),
            may_manage=provincial.may_manage(user, province),
            frozen=provincial.year_frozen(province=province, year=self.year), **kwargs)


class _ManageMixin(ScopedView):
    """Resolves the province (and the criterion) in scope; 404 unless the user may change its criteria."""

    def resolve_scope(self, request, *args, **kwargs) -> None:
        if "pk" in kwargs:
            self.criterion = provincial.get_provincial_criterion_for(request.user, kwargs["pk"])
            self.province, self.year = self.criterion.province, self.criterion.year
        else:
            self.criterion = None
            self.province = _province_for(request.user, kwargs["province_pk"])
            self.year = _year(request.GET.get("year") or request.POST.get("year"), current_year())
        if not provincial.may_manage(request.user, self.province):
            raise Http404

    def list_url(self) -> str:
        return f"{reverse('recognition:provincial_criteria', args=[self.province.pk])}?year={self.year}"


class ProvincialCriterionFormView(_ManageMixin, TemplateView):
    template_name = "recognition/admin/provincial_form.html"

    def initial(self) -> dict:
        c = self.criterion
        if c is None:
            return {"kind": CriterionKind.MUST_HAVE}
        return {"code": c.code, "unit_kinds": c.unit_kinds, "article": c.article, "text_vi": c.text_vi,
                "text_en": c.text_en, "kind": c.kind, "figure": c.figure, "operator": c.operator, "value": c.value}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ProvincialCriterionForm(initial=self.initial())))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            province=self.province, year=self.year, criterion=self.criterion, list_url=self.list_url(),
            frozen=provincial.year_frozen(province=self.province, year=self.year), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ProvincialCriterionForm(request.POST)
        if form.is_valid():
            try:
                self.save(form.cleaned_data)
            except ValidationError as exc:
                attach_service_errors(form, exc)
            else:
                messages.success(request, _("Extra criterion %(code)s saved.") % {"code": form.cleaned_data["code"]})
                return redirect(self.list_url())
        messages.error(request, _("Nothing was saved: correct the form below."))
        return self.render_to_response(self.get_context_data(form=form))

    def save(self, data: dict) -> None:
        fields = {k: data[k] for k in ("code", "article", "text_vi", "text_en", "kind", "unit_kinds", "figure",
                                       "operator", "value")}
        if self.criterion is None:
            provincial.provincial_criterion_create(actor=self.request.user, province=self.province, year=self.year,
                                                   **fields)
        else:
            provincial.provincial_criterion_update(actor=self.request.user, criterion=self.criterion, **fields)


class ProvincialCriterionDeleteView(_ManageMixin, TemplateView):
    template_name = "recognition/admin/provincial_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(province=self.province, year=self.year, row=_criterion_row(self.criterion),
                                        list_url=self.list_url(), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            provincial.provincial_criterion_delete(actor=request.user, criterion=self.criterion)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Extra criterion %(code)s removed.") % {"code": self.criterion.code})
        return redirect(self.list_url())
