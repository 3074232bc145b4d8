"""Pages of the yearly classification: the list in scope, the classification page with its steps, starting.

Classifications are fetched through `antq.classification.selectors`, which start from the units the user
may see (404 otherwise), and every step calls a workflow service, which decides who may take it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from antq.accounts.scope import Capability, get_unit_for, grants_of
from antq.classification.applied import rules_of
from antq.classification.engine import AnttSafe, highest_allowed, level_label
from antq.classification.forms import DecideForm, ReasonForm, ScoreForm, StepForm, auto_id
from antq.classification.models import ClassificationStatus, ScoreStage
from antq.classification.selectors import (
    classification_list,
    classification_sheet,
    classification_status_counts,
    classification_timeline,
    current_year,
    get_classification_for,
    units_to_start,
)
from antq.classification.workflow import (
    REVIEWED,
    SUBMITTED,
    ConflictError,
    can_enter,
    can_reopen,
    can_review,
    classification_decide,
    classification_reopen,
    classification_score,
    classification_start,
    classification_transition,
    reviewer_unit,
)
from antq.core.access import ScopedView
from antq.core.review_views import ReviewedListMixin, allowed
from antq.units.selectors import unit_ancestors

STATUS_STYLES = {ClassificationStatus.DRAFT: "secondary", ClassificationStatus.SUBMITTED: "primary",
                 ClassificationStatus.REVIEWED: "warning", ClassificationStatus.DECIDED: "dark"}
ACTION_LABELS = {
    "classification.start": gettext_lazy("Started"),
    "classification.score.self": gettext_lazy("Self scores entered"),
    "classification.score.review": gettext_lazy("Reviewer changed scores"),
    "classification.submitted": gettext_lazy("Submitted for review"),
    "classification.reviewed": gettext_lazy("Reviewed"),
    "classification.return": gettext_lazy("Returned for correction"),
    "classification.decide": gettext_lazy("Decided"),
    "classification.reopen": gettext_lazy("Reopened"),
    "classification.import": gettext_lazy("Imported"),
}


def _timeline(classification) -> list[dict]:
    entries = []
    for event in classification_timeline(classification=classification):
        detail, after = event.detail or {}, event.after or {}
        items = detail.get("items") or {}
        entries.append({
            "event": event, "label": ACTION_LABELS.get(event.action, event.action),
            "items": [(item_id, change.get("points"), change.get("note", "")) for item_id, change in items.items()],
            "reason": detail.get("reason", ""),
            "level": level_label(after.get("level", "")) if event.action in ("classification.decide",
                                                                              "classification.import") else "",
        })
    return entries


class ListView(ReviewedListMixin, ScopedView, TemplateView):
    template_name = "classification/list.html"
    statuses = ClassificationStatus
    status_styles = STATUS_STYLES

    def default_year(self) -> int:
        return current_year()

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.resolve_list_filter(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = classification_status_counts(actor=user, area=self.area, year=self.year)
        rows = classification_list(actor=user, area=self.area, year=self.year, status=self.status or None)
        start_area = self.area
        if start_area is None and grants_of(user):
            start_area = get_unit_for(user, grants_of(user)[0].unit_id)
        to_start, to_start_total = (units_to_start(actor=user, area=start_area, year=self.year)
                                    if start_area is not None else ([], 0))
        return super().get_context_data(**self.list_context(rows=rows, counts=counts), to_start=to_start,
                                        to_start_total=to_start_total, **kwargs)


class StartView(ScopedView, TemplateView):
    """POST: open the classification of a unit for a year (data entry on the unit), then go to its page."""

    http_method_names = ["post"]

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.unit = get_unit_for(request.user, kwargs["unit_pk"], Capability.ENTER_DATA)

    def post(self, request, *args, **kwargs):
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = current_year()
        try:
            classification = classification_start(actor=request.user, unit=self.unit, year=year)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{reverse('classification:list')}?year={year}")
        messages.success(request, _("Classification of %(unit)s for %(year)s started.") % {
            "unit": self.unit.name, "year": year})
        return redirect("classification:detail", classification.pk)


class ClassificationMixin:
    """Resolves the classification of the URL within the actor's scope (404 otherwise) and builds its page."""

    template_name = "classification/detail.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.classification = get_classification_for(request.user, kwargs["pk"])

    def page_context(self, *, action: str = "", form=None) -> dict:
        """Everything the page shows; `form` is a posted form of `action` to show again with its errors."""
        user, classification = self.request.user, self.classification
        status = classification.status
        rules = rules_of(classification)
        entering = status == ClassificationStatus.DRAFT and allowed(can_enter, user, classification)
        reviewing = allowed(can_review, user, classification)
        may = {
            "score_self": entering, "submit": entering,
            "score_review": status == ClassificationStatus.SUBMITTED and reviewing,
            "review": status == ClassificationStatus.SUBMITTED and reviewing,
            "return": status in (ClassificationStatus.SUBMITTED, ClassificationStatus.REVIEWED) and reviewing,
            "decide": status == ClassificationStatus.REVIEWED and reviewing,
            "reopen": status == ClassificationStatus.DECIDED and allowed(can_reopen, user, classification),
        }
        sheet = classification_sheet(classification=classification)
        version = {"seen_version": classification.version}

        def bound(name, make):
            return form if action == name else make()

        forms = {}
        leaves = rules.sheet.leaves()
        by_id = {row.item.id: row for row in sheet.rows}
        if may["score_self"]:
            initial = {**version}
            for item in leaves:
                row = by_id[item.id]
                initial[f"points_{item.id}"] = _plain(row.self_points)
                initial[f"note_{item.id}"] = row.self_note
            forms["score_self"] = bound("score_self", lambda: ScoreForm(initial=initial, items=leaves,
                                                                        auto_id=auto_id("score_self")))
        if may["score_review"]:
            initial = {**version}
            for item in leaves:
                row = by_id[item.id]
                initial[f"points_{item.id}"] = _plain(row.review_points if row.review_points is not None
                                                      else row.self_points)
                initial[f"note_{item.id}"] = row.review_note
            forms["score_review"] = bound("score_review", lambda: ScoreForm(
                initial=initial, items=leaves, review=True, auto_id=auto_id("score_review")))
        for name in ("submit", "review"):
            if may[name]:
                forms[name] = bound(name, lambda name=name: StepForm(initial=version, auto_id=auto_id(name)))
        for name in ("return", "reopen"):
            if may[name]:
                forms[name] = bound(name, lambda name=name: ReasonForm(initial=version, auto_id=auto_id(name)))
        if may["decide"]:
            forms["decide"] = bound("decide", lambda: DecideForm(initial=version, auto_id=auto_id("decide")))
        try:
            reviewer = reviewer_unit(classification)
        except (ValidationError, LookupError):
            reviewer = None
        score_form = forms.get("score_self") or forms.get("score_review")
        fields = {}
        if score_form is not None:
            fields = {item.id: (points, note) for item, points, note in score_form.pairs()}
        return {
            "classification": classification, "unit": classification.unit,
            "ancestors": unit_ancestors(unit=classification.unit), "rules": rules, "reviewer": reviewer,
            "sheet": sheet, "rows": [{"row": row, "fields": fields.get(row.item.id)} for row in sheet.rows],
            "score_form": score_form, "score_action": "score_self" if "score_self" in forms else "score_review",
            "forms": forms, "may": may, "timeline": _timeline(classification),
            "highest": level_label(highest_allowed(rules.caps, classification.antt_safe)),
            "antt_label": AnttSafe(classification.antt_safe).label,
        }


def _plain(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


class DetailView(ClassificationMixin, ScopedView, TemplateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class ActionView(ClassificationMixin, ScopedView, TemplateView):
    """A POST-only step: runs one workflow service and comes back to the classification page.

    A stale page (ConflictError) or a refused step comes back as an error message with nothing changed; a
    form with missing or wrong input is shown again on the page with its errors.
    """

    http_method_names = ["post"]
    action = ""
    form_class: type = StepForm
    success_message = ""

    def get_form(self):
        return self.form_class(self.request.POST, auto_id=auto_id(self.action))

    def perform(self, form) -> None:
        raise NotImplementedError

    def attach(self, form, exc: ValidationError) -> bool:
        """Put a service's field errors on the form; False when they are not about its fields."""
        if not hasattr(exc, "error_dict") or not set(exc.message_dict) <= set(form.fields):
            return False
        for field, errors in exc.message_dict.items():
            form.add_error(field, errors)
        return True

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ConflictError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("classification:detail", self.classification.pk)
            except ValidationError as exc:
                if not self.attach(form, exc):
                    messages.error(request, " ".join(exc.messages))
                    return redirect("classification:detail", self.classification.pk)
            else:
                messages.success(request, self.success_message)
                return redirect("classification:detail", self.classification.pk)
        messages.error(request, _("The step was not taken: correct the form below."))
        return self.render_to_response(self.get_context_data(**self.page_context(action=self.action, form=form)))


class ScoreView(ActionView):
    action, stage = "score_self", ScoreStage.SELF
    success_message = gettext_lazy("Scores saved.")

    def get_form(self):
        return ScoreForm(self.request.POST, items=rules_of(self.classification).sheet.leaves(),
                         review=self.stage == ScoreStage.REVIEW, auto_id=auto_id(self.action))

    def attach(self, form, exc: ValidationError) -> bool:
        if not hasattr(exc, "error_dict"):
            return False
        for item_id, errors in exc.message_dict.items():
            field = f"points_{item_id}"
            form.add_error(field if field in form.fields else None, errors)
        return True

    def perform(self, form) -> None:
        classification_score(actor=self.request.user, classification=self.classification, stage=self.stage,
                             scores=form.scores(), seen_version=form.cleaned_data["seen_version"])


class ReviewScoreView(ScoreView):
    action, stage = "score_review", ScoreStage.REVIEW
    success_message = gettext_lazy("Reviewed scores saved.")


class StepView(ActionView):
    to = ""

    def perform(self, form) -> None:
        classification_transition(actor=self.request.user, classification=self.classification, to=self.to,
                                  seen_version=form.cleaned_data["seen_version"])


class SubmitView(StepView):
    action, to = "submit", SUBMITTED
    success_message = gettext_lazy("Submitted to the level above for review.")


class ReviewView(StepView):
    action, to = "review", REVIEWED
    success_message = gettext_lazy("Review recorded.")


class ReturnView(ActionView):
    action, form_class = "return", ReasonForm
    success_message = gettext_lazy("Returned to the unit for correction.")

    def perform(self, form) -> None:
        classification_transition(actor=self.request.user, classification=self.classification, to="returned",
                                  reason=form.cleaned_data["reason"], seen_version=form.cleaned_data["seen_version"])


class DecideView(ActionView):
    action, form_class = "decide", DecideForm
    success_message = gettext_lazy("Level decided; the classification is locked.")

    def perform(self, form) -> None:
        data = form.cleaned_data
        classification_decide(actor=self.request.user, classification=self.classification, level=data["level"],
                              reason=data["reason"], seen_version=data["seen_version"])


class ReopenView(ActionView):
    action, form_class = "reopen", ReasonForm
    success_message = gettext_lazy("Classification reopened.")

    def perform(self, form) -> None:
        classification_reopen(actor=self.request.user, classification=self.classification,
                              reason=form.cleaned_data["reason"], seen_version=form.cleaned_data["seen_version"])

