from django import forms
from django.utils.translation import gettext_lazy as _

from antq.reports.models import ReportFormat, ReportText
from antq.reports.services import TEXT_FIELDS


class ReportTextForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportText
        fields = TEXT_FIELDS
        widgets = {name: forms.TextInput(attrs={"class": "form-control"}) for name in TEXT_FIELDS} | {
            name: forms.Textarea(attrs={"rows": 5, "class": "form-control"})
            for name in ("summary", "results", "limitations", "next_year_tasks")} | {
            "recipients": forms.Textarea(attrs={"rows": 3, "class": "form-control"})}
        help_texts = {
            "results": _("Your own words; the figures and tables of every module follow it automatically."),
            "recipients": _("One recipient per line, as printed under “Nơi nhận”."),
        }


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=ReportFormat.choices)
