"""Forms of the case pages: shape only. The workflow services decide who may do what and when.

Every action form carries `seen_version`, the case version the page was rendered with, so a form
posted from a stale page is refused by the service instead of overwriting a newer state.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.recognition.figures import FIGURES, PERCENT
from antq.recognition.models import CaseResult

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                                        "class": "form-control"})
MET_CHOICES = [("met", _("Met")), ("not_met", _("Not met"))]
NOT_APPLICABLE = ("not_applicable", _("Does not apply here"))
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _text_area():
    return forms.Textarea(attrs={"rows": 2, "class": "form-control"})


def _text_input(**attrs):
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def auto_id(action: str, criterion: str = "") -> str:
    """Ids unique on the case page, where several forms (one per criterion) share field names."""
    return f"id_{action}_{criterion}_%s" if criterion else f"id_{action}_%s"


class VersionedForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AnswerForm(VersionedForm):
    criterion = forms.CharField(widget=forms.HiddenInput, max_length=40)
    met = forms.ChoiceField(label=_("Answer"), choices=[*MET_CHOICES, NOT_APPLICABLE], widget=RADIO)
    note = forms.CharField(label=_("Note or evidence"), required=False, max_length=2000,
                           widget=_text_area())

    def __init__(self, *args, may_not_apply: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_not_apply:  # offered only where the criterion's data has an `applies_when`
            self.fields["met"].choices = MET_CHOICES


class OverrideForm(VersionedForm):
    criterion = forms.CharField(widget=forms.HiddenInput, max_length=40)
    met = forms.ChoiceField(label=_("Appraised result"), choices=MET_CHOICES, widget=RADIO)
    note = forms.CharField(label=_("Reason"), max_length=2000, widget=_text_area())


class StepForm(VersionedForm):
    """A transition without other input: finish the self-assessment, submit, appraise."""


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=_text_area())


class DecideForm(VersionedForm):
    result = forms.ChoiceField(label=_("Result"), choices=CaseResult.choices, widget=RADIO)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60,
                                      widget=_text_input(placeholder=_("e.g. 15/QĐ-UBND")))
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    signer = forms.CharField(label=_("Signed by"), max_length=150, widget=_text_input())


class RegisterForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note (Party resolution, plan)"), required=False, max_length=2000,
                           widget=_text_area())


class FiguresForm(VersionedForm):
    """One optional text field per figure the case's numeric criteria compare (the service parses it)."""

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        for name in names:
            figure = FIGURES[name]
            self.fields[name] = forms.CharField(
                label=figure.label, required=False, max_length=20,
                help_text=_("percent") if figure.unit == PERCENT else _("count"),
                widget=_text_input(inputmode="decimal"),
            )

    def figures(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.names}
