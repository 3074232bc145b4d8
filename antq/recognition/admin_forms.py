"""Forms of the administrator pages on recognition law data: shape only.

The authority table is validated as a whole by `authority.parse_authorities` when it is saved, and
extra criteria by `provincial.py`; these forms check only what a single field can tell.
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.recognition.criteria.catalogue import CONFIRMED, KIND_LABELS, OPS, UNCONFIRMED, UNIT_KINDS, CriterionKind
from antq.recognition.figures import FIGURES
from antq.recognition.forms import DATE_WIDGET
from antq.recognition.provincial import PROVINCIAL_KINDS
from antq.units.models import ManagingLevel, UnitKind

_DAY_MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")
OP_LABELS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


def month_day_to_text(value: str) -> str:
    """"11-15" (the data) → "15/11" (what a Vietnamese reader writes)."""
    month, _sep, day = str(value or "").partition("-")
    return f"{day}/{month}" if day else ""


class DayMonthField(forms.CharField):
    """A day of the year written dd/mm; cleaned to the data's "MM-DD"."""

    default_error_messages = {"invalid": _("Enter a day and month as dd/mm, for example 15/11.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _text(placeholder="dd/mm", inputmode="numeric"))
        super().__init__(max_length=10, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        match = _DAY_MONTH_RE.match(value or "")
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month = int(match[1]), int(match[2])
        try:
            datetime.date(2023, month, day)  # not a leap year: 29/02 is refused
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return f"{month:02d}-{day:02d}"


class RegimeForm(forms.Form):
    """The period of validity and the legal basis of one regime, with the reason for the change."""

    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET,
                                 help_text=_("empty for the first period"))
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DATE_WIDGET,
                               help_text=_("empty while in force"))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, widget=_text())
    status = forms.ChoiceField(label=_("Status"), choices=[(CONFIRMED, _("Confirmed from the text")),
                                                           (UNCONFIRMED, _("Unconfirmed"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=_area(3))
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=2000, widget=_area(),
        help_text=_("the text that changed it, e.g. Thông tư 48/2025/TT-BCA"),
        error_messages={"required": _("Give the reason for the change (the text that changed it).")})
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"


class RuleForm(forms.Form):
    """Who appraises and decides for one rule (its unit kinds and levels are the table's structure)."""

    appraiser_vi = forms.CharField(label=_("Appraised by (Vietnamese)"), max_length=500, widget=_text())
    appraiser_en = forms.CharField(label=_("Appraised by (English)"), max_length=500, widget=_text())
    decider_vi = forms.CharField(label=_("Decided by (Vietnamese)"), max_length=500, widget=_text())
    decider_en = forms.CharField(label=_("Decided by (English)"), max_length=500, widget=_text())
    decision_level = forms.ChoiceField(label=_("Deciding level"), choices=ManagingLevel.choices)
    register_by = DayMonthField(label=_("Register by"))
    decide_before = DayMonthField(label=_("Decide before"))
    article = forms.CharField(label=_("Article"), required=False, max_length=300, widget=_text())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=_area())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_level"].widget.attrs["class"] = "form-select"


class ProvincialCriterionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, widget=_text(placeholder=_("e.g. QT-1")),
                           help_text=_("letters, digits and '-'"))
    unit_kinds = forms.MultipleChoiceField(
        label=_("Applies to"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(k, UnitKind(k).label) for k in UNIT_KINDS], help_text=_("none ticked: every kind"))
    article = forms.CharField(label=_("Legal basis"), max_length=255,
                              widget=_text(placeholder=_("e.g. Quyết định 15/2025/QĐ-UBND, Điều 2")))
    text_vi = forms.CharField(label=_("Text (Vietnamese)"), max_length=4000, widget=_area(3))
    text_en = forms.CharField(label=_("Text (English)"), required=False, max_length=4000, widget=_area(3))
    kind = forms.ChoiceField(label=_("Kind"), choices=lambda: [(k.value, KIND_LABELS[k]) for k in PROVINCIAL_KINDS])
    figure = forms.ChoiceField(label=_("Figure"), required=False,
                               choices=lambda: [("", "—"), *((name, f.label) for name, f in FIGURES.items())],
                               help_text=_("threshold criteria only"))
    operator = forms.ChoiceField(label=_("Comparison"), required=False,
                                 choices=[("", "—"), *((op, OP_LABELS[op]) for op in OPS)])
    value = forms.DecimalField(label=_("Threshold"), required=False, max_digits=12, decimal_places=2,
                               widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "figure", "operator"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != CriterionKind.NUMERIC:
            # The threshold fields stay on the page for every kind; they mean nothing for the others.
            data.update(figure="", operator="", value=None)
        return data
