"""Forms of the derived criteria pages: shape only; the services decide who may do what."""

import copy
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.text import nfc
from antq.recognition.derived.rules import COMMUNE_LOCAL_KINDS, DECIDED_BY, ENTERED, MAX_YEAR, MIN_YEAR, DerivedRules
from antq.units.models import LocalKind

ANSWER_CHOICES = [("met", _("Met")), ("not_met", _("Not met")), ("unknown", _("Not known yet"))]
STATUS_CHOICES = [("confirmed", _("Confirmed")), ("unconfirmed", _("Unconfirmed"))]
DECIDED_BY_LABELS = {"from_recognition": _("From the recognition data"), "entered": _("Entered by an officer")}
_SPLIT_RE = re.compile(r"[\s,;]+")


def _text_area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


def _text_input():
    return forms.TextInput(attrs={"class": "form-control"})


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _year_input():
    return forms.NumberInput(attrs={"class": "form-control", "min": MIN_YEAR, "max": MAX_YEAR})


def _drop_empty_note(raw: dict) -> None:
    if not raw.get("note"):  # optional in the data: an empty note is left out, as in the file
        raw.pop("note", None)


class AnswerForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput, max_length=40)
    content = forms.CharField(widget=forms.HiddenInput, max_length=40)
    met = forms.ChoiceField(label=_("Answer"), choices=ANSWER_CHOICES,
                            widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    note = forms.CharField(label=_("Note or evidence"), required=False, max_length=2000, widget=_text_area())

    @property
    def met_value(self) -> bool | None:
        return {"met": True, "not_met": False}.get(self.cleaned_data["met"])


def answer_auto_id(indicator: str, content: str) -> str:
    """Ids unique on the commune page, where one form per entered content shares the field names."""
    return f"id_derived_{indicator}_{content}_%s"


class RulesForm(forms.Form):
    """The editable parts of the definitions in force: texts, sources, statuses, years, kinds, how decided.

    Indicators and contents are neither added nor removed here (their codes are stored with the answers).
    `edited_data()` is the whole data set with the changes, for `derived_rules_save`, which validates it.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Reason for the change"), max_length=2000, widget=_text_area(),
                             help_text=_("the text or instruction that changes the definitions"))

    def __init__(self, *args, data_set: dict, rules: DerivedRules, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_set = data_set
        self.rules = rules
        self.groups = []
        for indicator in rules.indicators:
            prefix = indicator.code
            names = []
            for name, field in (
                ("title_vi", forms.CharField(label=_("Title (Vietnamese)"), widget=_text_area())),
                ("title_en", forms.CharField(label=_("Title (English)"), widget=_text_area())),
                ("source", forms.CharField(label=_("Source"), widget=_text_area())),
                ("status", forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, widget=_select())),
                ("from_year", forms.IntegerField(label=_("From year"), min_value=MIN_YEAR, max_value=MAX_YEAR,
                                                 widget=_year_input())),
                ("to_year", forms.IntegerField(label=_("To year"), required=False, min_value=MIN_YEAR,
                                               max_value=MAX_YEAR, widget=_year_input(),
                                               help_text=_("empty: no end"))),
                ("local_kinds", forms.MultipleChoiceField(
                    label=_("Applies to"), choices=[(k, LocalKind(k).label) for k in COMMUNE_LOCAL_KINDS],
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))),
                ("note", forms.CharField(label=_("Note"), required=False, widget=_text_area(3))),
            ):
                key = f"{prefix}__{name}"
                field.initial = list(getattr(indicator, name)) if name == "local_kinds" else getattr(indicator, name)
                self.fields[key] = field
                names.append(key)
            contents = []
            for content in indicator.contents:
                cprefix = f"{prefix}__{content.code}"
                cnames = []
                for name, field, initial in (
                    ("text_vi", forms.CharField(label=_("Text (Vietnamese)"), widget=_text_area()), content.text_vi),
                    ("text_en", forms.CharField(label=_("Text (English)"), widget=_text_area()), content.text_en),
                    ("source", forms.CharField(label=_("Source"), widget=_text_area()), content.source),
                    ("status", forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, widget=_select()),
                     content.status),
                    ("decided_by", forms.ChoiceField(
                        label=_("Decided"), choices=[(d, DECIDED_BY_LABELS[d]) for d in DECIDED_BY],
                        widget=_select()), content.decided_by),
                    ("criteria", forms.CharField(
                        label=_("Criteria of the recognition"), required=False, widget=_text_input(),
                        help_text=_("ids separated by commas, e.g. XA-2.KDC-3a; empty: the recognition decision "
                                    "itself")), ", ".join(content.criteria)),
                    ("note", forms.CharField(label=_("Note"), required=False, widget=_text_area()), content.note),
                ):
                    key = f"{cprefix}__{name}"
                    field.initial = initial
                    self.fields[key] = field
                    cnames.append(key)
                contents.append({"content": content, "fields": cnames})
            self.groups.append({"indicator": indicator, "fields": names, "contents": contents})

    def bound_groups(self) -> list[dict]:
        """The fields grouped per indicator and content, bound, for the template."""
        return [{
            "indicator": g["indicator"],
            "fields": [self[name] for name in g["fields"]],
            "contents": [{"content": c["content"], "fields": [self[name] for name in c["fields"]]}
                         for c in g["contents"]],
        } for g in self.groups]

    def edited_data(self) -> dict:
        """The data set in force with the form's changes (call after is_valid)."""
        data = copy.deepcopy(self.data_set)
        values = self.cleaned_data
        for raw in data.get("indicators", []):
            prefix = raw.get("code")
            if f"{prefix}__title_vi" not in values:
                continue
            for name in ("title_vi", "title_en", "source", "status", "note"):
                raw[name] = nfc(values[f"{prefix}__{name}"])
            _drop_empty_note(raw)
            raw["from_year"] = values[f"{prefix}__from_year"]
            raw["to_year"] = values[f"{prefix}__to_year"]
            raw["local_kinds"] = list(values[f"{prefix}__local_kinds"])
            for content in raw.get("contents", []):
                cprefix = f"{prefix}__{content.get('code')}"
                if f"{cprefix}__text_vi" not in values:
                    continue
                for name in ("text_vi", "text_en", "source", "status", "note"):
                    content[name] = nfc(values[f"{cprefix}__{name}"])
                _drop_empty_note(content)
                content["decided_by"] = values[f"{cprefix}__decided_by"]
                content.pop("decision", None)
                content.pop("criteria", None)
                criteria = [c for c in _SPLIT_RE.split(values[f"{cprefix}__criteria"].strip()) if c]
                if content["decided_by"] != ENTERED:
                    if criteria:
                        content["criteria"] = criteria
                    else:
                        content["decision"] = True
                elif criteria:
                    content["criteria"] = criteria  # refused by the validation, with its message
        return data
