"""Pages of recognition.

Read-only pages on the law as data (criteria sets, recognition authorities) are for the national
administrator; other roles get 404, the same answer as for a missing page, so the pages do not
advertise themselves.

The pages of the yearly cycle (case list, case page with its actions, registration) are for every
role within its scope: cases are fetched through `antq.recognition.selectors`, which start from the
units the user may see, and every action calls a workflow service, which decides who may take it.
"""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from drf_spectacular.utils import OpenApiParameter, extend_schema
from openpyxl import Workbook
from openpyxl.styles import Font
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for, grants_of, is_national_admin
from antq.api.base import ScopedAPIView
from antq.core import law_data
from antq.core.access import PublicView, ScopedView
from antq.core.generations import cached_while_current, page_key
from antq.core.review_views import ReviewedListMixin, allowed
from antq.core.text import spreadsheet_safe
from antq.recognition.authority import AUTHORITIES
from antq.recognition.criteria import (
    EXCEPTION_LABELS,
    SCOPE_LABELS,
    UNIT_KINDS,
    CriterionKind,
    criteria_set_for,
    evaluation_period,
    incident_codes,
    legal_bases,
    legal_basis,
)
from antq.recognition.derived.selectors import derived_counts
from antq.recognition.engine import Outcome
from antq.recognition.evaluation import provincial_extras, registry_answers
from antq.recognition.figures import FIGURES, PERCENT
from antq.recognition.forms import (
    AnswerForm,
    DecideForm,
    FiguresForm,
    OverrideForm,
    ReasonForm,
    RegisterForm,
    StepForm,
    auto_id,
)
from antq.recognition.models import AnswerStage, CaseResult, CaseStatus, RecognitionCase
from antq.recognition.selectors import (
    case_authority,
    case_list,
    case_results,
    case_status_counts,
    case_timeline,
    current_year,
    get_case_for,
    registration_status,
)
from antq.recognition.statistics import (
    COUNT_FIELDS,
    derived_xlsx_rows,
    public_provinces,
    public_years,
    recognised_units,
    recognition_statistics,
)
from antq.recognition.workflow import (
    ConflictError,
    can_enter,
    can_reopen_at,
    can_review_at,
    case_answer,
    case_decide,
    case_figure_names,
    case_register,
    case_reopen,
    case_set_figures,
    case_transition,
    reviewer_unit,
)
from antq.units.models import ManagingLevel, UnitKind
from antq.units.selectors import area_choices, unit_ancestors
from antq.units.transfer.writer import CONTENT_TYPES

_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _day_month(month_day: tuple[int, int]) -> str:
    month, day = month_day
    return f"{day:02d}/{month:02d}"


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class NationalAdminView(ScopedView, TemplateView):
    def resolve_scope(self, request, *args, **kwargs) -> None:
        if not is_national_admin(request.user):
            raise Http404


class CriteriaIndexView(NationalAdminView):
    template_name = "recognition/criteria_index.html"

    def get_context_data(self, **kwargs):
        bases = []
        for basis in reversed(legal_bases()):  # the one in force first
            sets = []
            for criteria_set in basis.sets:
                criteria = criteria_set.criteria
                sets.append({
                    "set": criteria_set,
                    "kinds": [(k, _kind_label(k)) for k in criteria_set.unit_kinds],
                    "count": len(criteria),
                    "unconfirmed": sum(1 for c in criteria if not c.confirmed),
                })
            bases.append({"basis": basis, "sets": sets})
        return super().get_context_data(bases=bases, **kwargs)


class CriteriaSetView(NationalAdminView):
    template_name = "recognition/criteria_set.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        super().resolve_scope(request, *args, **kwargs)
        if kwargs["kind"] not in UNIT_KINDS:
            raise Http404
        try:
            self.basis = legal_basis(kwargs["code"])
        except LookupError:
            raise Http404 from None
        self.criteria_set = self.basis.set_for(kwargs["kind"])

    def _row(self, criterion) -> dict:
        codes = incident_codes()
        row = {"c": criterion, "kind_label": criterion.kind_label, "inherited": []}
        if criterion.kind == CriterionKind.MUST_NOT_HAPPEN:
            row["incident_types"] = [codes.type_label(t) for t in criterion.incident_types]
            row["exceptions"] = [str(EXCEPTION_LABELS[e]) for e in criterion.exceptions]
            row["scope"] = str(SCOPE_LABELS[criterion.scope])
            if criterion.min_severity:
                row["min_severity"] = _("%(level)s or above") % {"level": codes.severity_label(criterion.min_severity)}
            if criterion.min_discipline:
                row["min_discipline"] = _("%(level)s or above") % {
                    "level": codes.discipline_label(criterion.min_discipline)}
        elif criterion.kind == CriterionKind.NUMERIC:
            figure = FIGURES[criterion.figure]
            value = criterion.value.normalize()
            unit = "\u00a0%" if figure.unit == PERCENT else ""
            row["threshold"] = f"{figure.label} {_OP_SIGNS[criterion.op]} {value:f}{unit}"
        elif criterion.kind == CriterionKind.INHERITED:
            row["scope"] = str(SCOPE_LABELS[criterion.scope]) if criterion.scope else ""
            row["inherited"] = [self._row(self.basis.criterion(i)) for i in criterion.inherits]
        return row

    def get_context_data(self, **kwargs):
        kind = self.kwargs["kind"]
        period = self.basis.period_rule(kind)
        start, end = _day_month(period.start), _day_month(period.end)
        if period.start > period.end:
            period_text = _("%(start)s of the previous year to %(end)s of the evaluated year") % {
                "start": start, "end": end}
        else:
            period_text = _("%(start)s to %(end)s of the evaluated year") % {"start": start, "end": end}
        return super().get_context_data(
            period_text=period_text,
            basis=self.basis,
            criteria_set=self.criteria_set,
            kind_label=_kind_label(kind),
            kinds=[(k, _kind_label(k)) for k in self.criteria_set.unit_kinds],
            period=period,
            rows=[self._row(c) for c in self.criteria_set.criteria],
            other_sets=[(s.unit_kinds[0], ", ".join(_kind_label(k) for k in s.unit_kinds))
                        for s in self.basis.sets if s is not self.criteria_set],
            **kwargs,
        )


def regime_rows(regimes) -> list[dict]:
    """The authority regimes as the pages show them, the latest period first."""
    level_labels = dict(ManagingLevel.choices)
    rows = []
    for regime in reversed(regimes):
        rules = [{
            "rule": rule,
            "number": number,
            "kinds": ", ".join(_kind_label(k) for k in rule.unit_kinds),
            "levels": ", ".join(str(level_labels[lv]) for lv in rule.managing_levels),
            "decision_level": level_labels[rule.decision_level],
            "register_by": _day_month(rule.register_by),
            "decide_before": _day_month(rule.decide_before),
        } for number, rule in enumerate(regime.rules, start=1)]
        rows.append({"regime": regime, "rules": rules})
    return rows


class AuthorityListView(NationalAdminView):
    """The authority table in force, which version of it that is, and the way to edit it."""

    template_name = "recognition/authorities.html"

    def get_context_data(self, **kwargs):
        version = law_data.current_version(AUTHORITIES.key)
        regimes = law_data.parsed_version(AUTHORITIES.key, version)
        return super().get_context_data(regimes=regime_rows(regimes), version=version, editable=True,
                                        file_name=AUTHORITIES.path.name, **kwargs)


# --- the yearly cycle: case list, case page, actions, registration ----------------------------

_STATUS_STYLES = {
    CaseStatus.REGISTERED: "secondary", CaseStatus.SELF_ASSESSED: "info", CaseStatus.SUBMITTED: "primary",
    CaseStatus.APPRAISED: "warning", CaseStatus.DECIDED: "dark",
}
_ACTION_LABELS = {
    "recognition.register": gettext_lazy("Registered"),
    "recognition.answer.self": gettext_lazy("Self-assessment answer"),
    "recognition.answer.appraisal": gettext_lazy("Appraiser changed a result"),
    "recognition.figures.self": gettext_lazy("Figures entered"),
    "recognition.figures.appraisal": gettext_lazy("Appraised figures entered"),
    "recognition.self_assessed": gettext_lazy("Self-assessment finished"),
    "recognition.submitted": gettext_lazy("Dossier submitted"),
    "recognition.appraised": gettext_lazy("Appraised"),
    "recognition.return": gettext_lazy("Returned for correction"),
    "recognition.decide": gettext_lazy("Decided"),
    "recognition.reopen": gettext_lazy("Reopened"),
    "recognition.document_upload": gettext_lazy("Paper filed"),
    "recognition.document_delete": gettext_lazy("Paper removed"),
    "recognition.certificate_issue": gettext_lazy("Certificate issued"),
}



def _decision_text(after: dict) -> str:
    result = after.get("result")
    label = str(CaseResult(result).label) if result in CaseResult.values else ""
    return " · ".join(p for p in (after.get("decision_number", ""), label) if p)


def _case_sheet(case: RecognitionCase) -> dict:
    """The parts of the case page that do not depend on who looks (kept in the cache by `case_context`)."""
    try:
        reviewer = reviewer_unit(case)
    except (ValidationError, LookupError):  # e.g. an organisation without a managing level: nobody reviews yet
        reviewer = None
    return {
        "results": case_results(case=case),
        "reviewer": reviewer,
        "from_registry": registry_answers(unit=case.unit, year=case.year),
        "figure_names": case_figure_names(case),
        "authority": case_authority(case),
        "ancestors": list(unit_ancestors(unit=case.unit)),
        "timeline": _timeline(case),
    }


def _timeline(case: RecognitionCase) -> list[dict]:
    entries = []
    for event in case_timeline(case=case):
        detail = event.detail or {}
        entries.append({
            "event": event,
            "label": _ACTION_LABELS.get(event.action, event.action),
            "criterion": detail.get("criterion", ""),
            "met": detail.get("met"),
            "reason": detail.get("reason") or detail.get("note") or "",
            "decision": _decision_text(event.after or {}) if event.action == "recognition.decide" else "",
        })
    return entries


class CaseListView(ReviewedListMixin, ScopedView, TemplateView):
    template_name = "recognition/case_list.html"
    statuses = CaseStatus
    status_styles = _STATUS_STYLES

    def default_year(self) -> int:
        return current_year()

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_list_filter(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = case_status_counts(actor=user, area=self.area, year=self.year)
        cases = case_list(actor=user, area=self.area, year=self.year, status=self.status or None)
        return super().get_context_data(**self.list_context(rows=cases, counts=counts), **kwargs)


class CaseMixin:
    """Resolves the case of the URL within the actor's scope (404 otherwise) and builds its page."""

    template_name = "recognition/case_detail.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.case = get_case_for(request.user, kwargs["pk"])

    def case_context(self, *, action: str = "", form=None) -> dict:
        """Everything the case page shows; `form` is a posted form of `action` to show with its errors."""
        user, case = self.request.user, self.case
        status = case.status
        # What the page shows of the case and its unit is the same for every viewer until a write commits:
        # the live evaluation (the unit's incidents, registries, answers), who reviews it, the timeline.
        sheet = cached_while_current(
            page_key("case-sheet", case.pk, case.version),
            lambda: _case_sheet(case))
        reviewer = sheet["reviewer"]
        if reviewer is not None:
            case._reviewer_unit = reviewer  # for the dossier panel's own checks (`reviewer_unit`)
        entering = status in (CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED) and allowed(can_enter, user, case)
        reviewing = reviewer is not None and can_review_at(user, reviewer)
        may = {
            "answer": entering,
            "self_figures": entering,
            "self_assess": entering,
            "submit": status == CaseStatus.SELF_ASSESSED and entering,
            "override": status == CaseStatus.SUBMITTED and reviewing,
            "appraisal_figures": status == CaseStatus.SUBMITTED and reviewing,
            "appraise": status == CaseStatus.SUBMITTED and reviewing,
            "return": status in (CaseStatus.SUBMITTED, CaseStatus.APPRAISED) and reviewing,
            "decide": status == CaseStatus.APPRAISED and reviewing,
            "reopen": status == CaseStatus.DECIDED and reviewer is not None
            and can_reopen_at(user, reviewer),
        }
        version = {"seen_version": case.version}
        results = sheet["results"]

        def bound(name, make, criterion=""):
            if action == name and (not criterion or form.data.get("criterion") == criterion):
                return form
            return make()

        # Criteria another registry decides (KDC-5a from the security team's rating): no answer to give.
        from_registry = sheet["from_registry"] if may["answer"] else {}
        rows = []
        for row in results.rows:
            c = row.criterion
            item = {"row": row, "text": c.text_en if _english() and c.text_en else c.text_vi,
                    "from_registry": c.id in from_registry}
            if may["answer"] and c.kind == CriterionKind.MUST_HAVE and c.id not in from_registry:
                answer = row.self_answer
                initial = {**version, "criterion": c.id, "note": answer.note if answer else ""}
                if answer is not None and answer.not_applicable:
                    initial["met"] = "not_applicable"
                elif answer is not None and answer.met is not None:
                    initial["met"] = "met" if answer.met else "not_met"
                item["answer_form"] = bound("answer", lambda initial=initial, c=c: AnswerForm(
                    initial=initial, auto_id=auto_id("answer", c.id), may_not_apply=bool(c.applies_when)), c.id)
            if may["override"]:
                item["override_form"] = bound("override", lambda c=c: OverrideForm(
                    initial={**version, "criterion": c.id}, auto_id=auto_id("override", c.id)), c.id)
            rows.append(item)

        forms = {}
        figure_names = sheet["figure_names"] if may["self_figures"] or may["appraisal_figures"] else []
        if may["self_figures"] and figure_names:
            forms["self_figures"] = bound("self_figures", lambda: FiguresForm(
                initial={**version, **case.figures}, names=figure_names, auto_id=auto_id("self_figures")))
        if may["appraisal_figures"] and figure_names:
            forms["appraisal_figures"] = bound("appraisal_figures", lambda: FiguresForm(
                initial={**version, **case.figures, **case.appraised_figures}, names=figure_names,
                auto_id=auto_id("appraisal_figures")))
        for name in ("self_assess", "submit", "appraise"):
            if may[name]:
                forms[name] = bound(name, lambda name=name: StepForm(initial=version, auto_id=auto_id(name)))
        for name in ("return", "reopen"):
            if may[name]:
                forms[name] = bound(name, lambda name=name: ReasonForm(initial=version, auto_id=auto_id(name)))
        if may["decide"]:
            default = {Outcome.RECOGNISED: CaseResult.MET, Outcome.NOT_RECOGNISED: CaseResult.NOT_MET}.get(
                results.appraised.outcome if results.appraised else "")
            forms["decide"] = bound("decide", lambda: DecideForm(
                initial={**version, "result": default}, auto_id=auto_id("decide")))

        names = figure_names or sheet["figure_names"]
        figures = [(FIGURES[name].label, case.figures.get(name), case.appraised_figures.get(name),
                    FIGURES[name].unit == PERCENT) for name in names
                   if name in case.figures or name in case.appraised_figures]
        figure_forms = []
        if "self_figures" in forms:
            figure_forms.append(("self_figures", forms.pop("self_figures"),
                                 reverse("recognition:case_figures", args=[case.pk]), _("Enter figures")))
        if "appraisal_figures" in forms:
            figure_forms.append(("appraisal_figures", forms.pop("appraisal_figures"),
                                 reverse("recognition:case_appraised_figures", args=[case.pk]),
                                 _("Enter appraised figures")))
        authority = sheet["authority"]
        try:
            basis_name = legal_basis(case.legal_basis).legal_basis
        except LookupError:
            basis_name = case.legal_basis
        return {
            "case": case, "unit": case.unit, "ancestors": sheet["ancestors"],
            "authority": authority, "deadline": authority.decision_deadline(case.year) if authority else None,
            "basis_name": basis_name, "period": evaluation_period(case.unit.kind, case.year),
            "figure_forms": figure_forms,
            "results": results, "rows": rows, "forms": forms, "may": may, "timeline": sheet["timeline"],
            "figures": figures, "english": _english(),
        }


class CaseDetailView(CaseMixin, ScopedView, TemplateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.case_context(), **kwargs)


class CaseActionView(CaseMixin, ScopedView, TemplateView):
    """A POST-only step on a case: runs one workflow service and comes back to the case page.

    A stale page (ConflictError) or a refused step comes back as an error message with nothing
    changed; a form with missing input is shown again on the case page with its errors.
    """

    http_method_names = ["post"]
    action = ""
    form_class: type = StepForm
    success_message = ""

    def get_form(self):
        return self.form_class(self.request.POST, auto_id=self.auto_id())

    def auto_id(self) -> str:
        return auto_id(self.action, self.request.POST.get("criterion", "")[:40])

    def perform(self, form) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ConflictError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("recognition:case", self.case.pk)
            except ValidationError as exc:
                if not _attach_field_errors(form, exc):
                    messages.error(request, " ".join(exc.messages))
                    return redirect("recognition:case", self.case.pk)
            else:
                messages.success(request, self.success_message)
                return redirect(f"{reverse('recognition:case', args=[self.case.pk])}{self.anchor(form)}")
        messages.error(request, _("The step was not taken: correct the form below."))
        return self.render_to_response(self.get_context_data(**self.case_context(action=self.action, form=form)))

    def anchor(self, form) -> str:
        return ""


def _attach_field_errors(form, exc: ValidationError) -> bool:
    """Put a service's field errors on the form; False when the error is not about a field of the form."""
    if not hasattr(exc, "error_dict") or not set(exc.message_dict) <= set(form.fields):
        return False
    for field, errors in exc.message_dict.items():
        form.add_error(field, errors)
    return True


class _CriterionAnswerView(CaseActionView):
    def anchor(self, form) -> str:
        return f"#criterion-{form.cleaned_data['criterion']}"

    def _criterion(self, form, *, must_have: bool) -> str:
        criterion_id = form.cleaned_data["criterion"]
        unit = self.case.unit
        criteria = {c.id: c for c in criteria_set_for(
            unit.kind, self.case.year, provincial_extras(unit=unit, year=self.case.year)).criteria}
        if criterion_id not in criteria or (must_have and criteria[criterion_id].kind != CriterionKind.MUST_HAVE):
            raise ValidationError(_("This criterion is not answered by the unit."))
        if form.cleaned_data.get("met") == "not_applicable" and not criteria[criterion_id].applies_when:
            raise ValidationError(_("This criterion applies to every unit of this kind."))
        return criterion_id


class CaseAnswerView(_CriterionAnswerView):
    action, form_class = "answer", AnswerForm
    success_message = gettext_lazy("Answer saved.")

    def perform(self, form) -> None:
        data = form.cleaned_data
        case_answer(actor=self.request.user, case=self.case, criterion_id=self._criterion(form, must_have=True),
                    met=data["met"] == "met", note=data["note"], stage=AnswerStage.SELF,
                    seen_version=data["seen_version"], not_applicable=data["met"] == "not_applicable")


class CaseOverrideView(_CriterionAnswerView):
    action, form_class = "override", OverrideForm
    success_message = gettext_lazy("Appraised result saved.")

    def perform(self, form) -> None:
        data = form.cleaned_data
        case_answer(actor=self.request.user, case=self.case, criterion_id=self._criterion(form, must_have=False),
                    met=data["met"] == "met", note=data["note"], stage=AnswerStage.APPRAISAL,
                    seen_version=data["seen_version"])


class CaseFiguresView(CaseActionView):
    action, stage = "self_figures", AnswerStage.SELF
    success_message = gettext_lazy("Figures saved.")

    def get_form(self):
        return FiguresForm(self.request.POST, names=case_figure_names(self.case), auto_id=self.auto_id())

    def perform(self, form) -> None:
        case_set_figures(actor=self.request.user, case=self.case, figures=form.figures(), stage=self.stage,
                         seen_version=form.cleaned_data["seen_version"])


class CaseAppraisedFiguresView(CaseFiguresView):
    action, stage = "appraisal_figures", AnswerStage.APPRAISAL
    success_message = gettext_lazy("Appraised figures saved.")


class CaseStepView(CaseActionView):
    """Finish the self-assessment, submit the dossier, or appraise: a transition with no other input."""

    to = ""

    def perform(self, form) -> None:
        case_transition(actor=self.request.user, case=self.case, to=self.to,
                        seen_version=form.cleaned_data["seen_version"])


class CaseSelfAssessView(CaseStepView):
    action, to = "self_assess", CaseStatus.SELF_ASSESSED
    success_message = gettext_lazy("Self-assessment finished: the result is recorded.")


class CaseSubmitView(CaseStepView):
    action, to = "submit", CaseStatus.SUBMITTED
    success_message = gettext_lazy("Dossier submitted for appraisal.")


class CaseAppraiseView(CaseStepView):
    action, to = "appraise", CaseStatus.APPRAISED
    success_message = gettext_lazy("Appraisal finished: the result is recorded.")


class CaseReturnView(CaseActionView):
    action, form_class = "return", ReasonForm
    success_message = gettext_lazy("Case returned to the unit for correction.")

    def perform(self, form) -> None:
        case_transition(actor=self.request.user, case=self.case, to="returned", reason=form.cleaned_data["reason"],
                        seen_version=form.cleaned_data["seen_version"])


class CaseDecideView(CaseActionView):
    action, form_class = "decide", DecideForm
    success_message = gettext_lazy("Decision recorded; the case is locked.")

    def perform(self, form) -> None:
        data = form.cleaned_data
        case_decide(actor=self.request.user, case=self.case, result=data["result"],
                    decision_number=data["decision_number"], decision_date=data["decision_date"],
                    signer=data["signer"], seen_version=data["seen_version"])


class CaseReopenView(CaseActionView):
    action, form_class = "reopen", ReasonForm
    success_message = gettext_lazy("Case reopened.")

    def perform(self, form) -> None:
        case_reopen(actor=self.request.user, case=self.case, reason=form.cleaned_data["reason"],
                    seen_version=form.cleaned_data["seen_version"])


class RegisterView(ScopedView, FormView):
    """Confirm and register a unit for the ANTT-safe standard of a year (the unit's data-entry side)."""

    template_name = "recognition/register.html"
    form_class = RegisterForm

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.unit = get_unit_for(request.user, kwargs["unit_pk"], Capability.ENTER_DATA)

    def get_initial(self):
        return {"year": current_year()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        year = current_year()
        if form is not None and form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
        return super().get_context_data(unit=self.unit, year=year,
                                        ancestors=unit_ancestors(unit=self.unit), **registration_status(
                                            actor=self.request.user, unit=self.unit, year=year), **kwargs)

    def form_valid(self, form):
        try:
            case = case_register(actor=self.request.user, unit=self.unit, year=form.cleaned_data["year"],
                                 note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("%(unit)s is registered for %(year)s.") % {
            "unit": self.unit.name, "year": case.year})
        return redirect("recognition:case", case.pk)


# --- statistics of an area and year, and the public list of recognised units ----------------------

XLSX_CONTENT_TYPE = CONTENT_TYPES["xlsx"]

# The .xlsx is a document exchanged with offices, in Vietnamese whatever the interface language,
# like the unit import template (`antq.units.transfer`).
_XLSX_KIND_NAMES = {
    UnitKind.RESIDENTIAL_AREA: "Khu dân cư", UnitKind.COMMUNE: "Xã, phường, đặc khu", UnitKind.AGENCY: "Cơ quan",
    UnitKind.ENTERPRISE: "Doanh nghiệp", UnitKind.SCHOOL: "Cơ sở giáo dục",
}
_XLSX_HEADERS = ["Loại đơn vị", "Tổng số", "Đăng ký", "Tỷ lệ đăng ký (%)", "Được công nhận", "Tỷ lệ công nhận (%)",
                 "Không được công nhận", "Tỷ lệ không công nhận (%)", "Chưa quyết định", "Tỷ lệ chưa quyết định (%)",
                 "Không đăng ký", "Tỷ lệ không đăng ký (%)"]


def _year_param(value) -> int:
    """The `year` query parameter, or the current year when missing or not a plausible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


class StatisticsScopeMixin:
    """Resolves `area` (visible to the actor, 404 otherwise; default: the unit of the first role) and `year`."""

    def resolve_statistics_scope(self, request) -> None:
        params = getattr(request, "query_params", request.GET)
        if params.get("area"):
            self.area = get_unit_for(request.user, params["area"])
        else:
            grants = grants_of(request.user)
            if not grants:
                raise Http404
            self.area = get_unit_for(request.user, grants[0].unit_id)
        self.year = _year_param(params.get("year"))
        self.rows = recognition_statistics(area=self.area, year=self.year)
        self.derived = derived_counts(area=self.area, year=self.year)  # NTM 19.2, civilised-urban criterion 4


class StatisticsView(StatisticsScopeMixin, ScopedView, TemplateView):
    template_name = "recognition/statistics.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_statistics_scope(request)

    def get_context_data(self, **kwargs):
        rows = [{"row": r, "cells": [(getattr(r, f), r.share(getattr(r, f))) for f in COUNT_FIELDS]}
                for r in self.rows]
        return super().get_context_data(area=self.area, year=self.year, rows=rows, derived=self.derived,
                                        areas=area_choices(actor=self.request.user, current=self.area), **kwargs)


class StatisticsXlsxView(StatisticsScopeMixin, ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_statistics_scope(request)

    def get(self, request, *args, **kwargs):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Thống kê"
        sheet.append([spreadsheet_safe(f"Kết quả công nhận đạt tiêu chuẩn “An toàn về ANTT” năm {self.year}"
                                       f" — {self.area.name}")])
        sheet.append([])
        sheet.append(_XLSX_HEADERS)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in self.rows:
            cells = [_XLSX_KIND_NAMES[row.kind], row.total]
            for name in COUNT_FIELDS:
                share = row.share(getattr(row, name))
                cells += [getattr(row, name), None if share is None else float(share)]
            sheet.append([spreadsheet_safe(c) for c in cells])
        sheet.column_dimensions["A"].width = 22
        derived_sheet = workbook.create_sheet("Tiêu chí quốc gia")
        for cells in derived_xlsx_rows(self.derived, year=self.year, area=self.area):
            derived_sheet.append([spreadsheet_safe(c) for c in cells])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="thong-ke-cong-nhan-{self.year}-{self.area.pk}.xlsx"')
        return response


class StatisticsAPIView(StatisticsScopeMixin, ScopedAPIView):
    """GET ?area=<unit id>&year=YYYY: the statistics rows of the page, counts and shares (percent of total)."""

    @extend_schema(parameters=[OpenApiParameter("area", int, description="Unit id (default: the first role's unit)"),
                               OpenApiParameter("year", int, description="Evaluation year (default: this year)")],
                   responses={200: dict})
    def get(self, request):
        self.resolve_statistics_scope(request)
        return Response({"area": {"id": self.area.pk, "name": self.area.name, "kind": self.area.kind},
                         "year": self.year, "rows": [r.as_dict() for r in self.rows],
                         "derived": [d.as_dict() for d in self.derived]})


class PublicRecognitionView(PublicView, TemplateView):
    """The units recognised in a year in a province (publicity principle, TT 124/2021 art. 3), for anyone.

    Shows only each recognised unit's name, kind, commune and decision: nothing about other units or cases.
    """

    template_name = "recognition/public.html"

    def get_context_data(self, **kwargs):
        provinces = public_provinces()
        code = self.request.GET.get("province", "")
        province = next((p for p in provinces if p.code and p.code == code), None)
        year = _year_param(self.request.GET.get("year"))
        years = sorted({*public_years(), current_year(), year}, reverse=True)
        communes = recognised_units(province=province, year=year) if province else []
        return super().get_context_data(provinces=provinces, province=province, year=year, years=years,
                                        communes=communes, count=sum(len(c.entries) for c in communes), **kwargs)
