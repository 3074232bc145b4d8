"""Forms of the classification pages: shape only. The workflow services decide who may do what and when.

Every action form carries `seen_version`, the version the page was rendered with, so a form posted from a
stale page is refused by the service instead of overwriting a newer state.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.classification.models import Level
from antq.classification.rules import Item
from antq.units.transfer.forms import ImportForm


def _text_area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


def auto_id(action: str) -> str:
    return f"id_{action}_%s"


class VersionedForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StepForm(VersionedForm):
    """A step without other input: submit, record the review."""


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=_text_area())


class DecideForm(VersionedForm):
    level = forms.ChoiceField(label=_("Final level"), required=False,
                              choices=[("", _("As reviewed")), *Level.choices],
                              widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("Reason (where the level differs from the reviewed one)"), required=False,
                             max_length=2000, widget=_text_area())


class ScoreForm(VersionedForm):
    """Points and a note for every scored item of the sheet: `points_<id>` and `note_<id>`.

    On the review stage the points start from the unit's own and the note is the reason for a change.
    """

    def __init__(self, *args, items: list[Item], review: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"points_{item.id}"] = forms.CharField(
                label=item.id, required=False, max_length=10,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end", "inputmode": "decimal",
                                              "data-max": f"{item.max_points.normalize():f}"}))
            self.fields[f"note_{item.id}"] = forms.CharField(
                label=_("Reason for a change") if review else _("Note or evidence"), required=False,
                max_length=2000, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def scores(self) -> dict[str, dict]:
        return {item.id: {"points": self.cleaned_data.get(f"points_{item.id}", ""),
                          "note": self.cleaned_data.get(f"note_{item.id}", "")} for item in self.items}

    def pairs(self):
        """(item, points field, note field) for the template."""
        return [(item, self[f"points_{item.id}"], self[f"note_{item.id}"]) for item in self.items]


class RulesForm(forms.Form):
    """The whole regulation document as YAML; the service validates it as a whole."""

    text = forms.CharField(label=_("Score sheets, bands and caps (YAML)"), max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 30, "class": "form-control font-monospace small",
                                                        "spellcheck": "false"}))
    reason = forms.CharField(label=_("Reason for the change (the text that changed it)"), max_length=2000,
                             widget=_text_area())
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ClassificationImportForm(ImportForm):
    """The upload of past results: an .xlsx workbook, checked for type and size like the unit import."""

    file = forms.FileField(label=_("Workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}))

    def clean_file(self):
        upload = super().clean_file()
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook."), code="file_type")
        return upload
