"""Forms of the commendation pages: shape only; the services decide eligibility, rights and locking."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.commendations.models import AwardForm, AwardKind, AwardStatus, PersonCategory, RecipientType, Sex
from antq.commendations.rules import Rules
from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit

PERSON_FIELDS = ("full_name", "sex", "birth_date", "id_number", "position", "category", "in_post_since",
                 "in_force_since")


def award_choices(rules: Rules) -> list[tuple[str, str]]:
    """"issuer:form" → the decision's wording, e.g. "Giấy khen của Giám đốc Công an tỉnh"."""
    return [(f"{issuer.key}:{form}", wording) for issuer in rules.issuers.values()
            for form, wording in issuer.forms.items()]


class FilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *AwardStatus.choices])
    form = forms.ChoiceField(label=_("Form"), required=False, choices=[("", _("Any form")), *AwardForm.choices])
    issuer = forms.ChoiceField(label=_("Issuer"), required=False)
    recipient_type = forms.ChoiceField(label=_("Recipient"), required=False,
                                       choices=[("", _("Collectives and individuals")), *RecipientType.choices])
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1945, max_value=9999)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1945, max_value=9999)

    def __init__(self, *args, areas: list[Unit], rules: Rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["issuer"].choices = [("", _("Any issuer")), *[(i.key, i.name) for i in rules.issuers.values()]]
        _style(self)


class CountsForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int)
    year_from = forms.IntegerField(label=_("From year"), min_value=1945, max_value=9999)
    year_to = forms.IntegerField(label=_("To year"), min_value=1945, max_value=9999)

    def __init__(self, *args, areas: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(u.pk, _unit_label(u)) for u in areas]
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_to", _("The period must end after it starts."))
        return data


class NominationForm(forms.Form):
    """A nomination (or, with the decision fields, a past award): the recipient, the award, the achievement."""

    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label="—",
                           help_text=_("The collective awarded, or the unit where the person works."))
    recipient_type = forms.ChoiceField(label=_("Recipient"), choices=RecipientType.choices,
                                       initial=RecipientType.COLLECTIVE, widget=forms.RadioSelect)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    category = forms.ChoiceField(label=_("Group"), choices=PersonCategory.choices, initial=PersonCategory.OTHER,
                                 required=False)
    in_post_since = forms.DateField(label=_("In the post since"), required=False, widget=DATE_WIDGET)
    in_force_since = forms.DateField(label=_("In the force since"), required=False, widget=DATE_WIDGET)
    award = forms.ChoiceField(label=_("Award"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AwardKind.choices)
    year = forms.IntegerField(label=_("Year of the achievement"), min_value=1945, max_value=9999)
    achievement = forms.CharField(label=_("Achievement"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    festival_event = forms.TypedChoiceField(label=_("Festival Day event"), required=False, coerce=int,
                                            empty_value=None)

    def __init__(self, *args, units, rules: Rules, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["award"].choices = award_choices(rules)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["festival_event"].choices = [("", "—"), *[(e.pk, f"{e.unit.name} — {e.held_on:%d/%m/%Y}")
                                                              for e in events]]
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("recipient_type") == RecipientType.INDIVIDUAL:
            for name in ("full_name", "sex"):
                if not data.get(name):
                    self.add_error(name, _("Required for an individual."))
        if data.get("award"):
            data["issuer"], data["form"] = data["award"].split(":", 1)
        return data

    def person_data(self) -> dict | None:
        data = self.cleaned_data
        if data.get("recipient_type") != RecipientType.INDIVIDUAL:
            return None
        return {name: data.get(name) for name in PERSON_FIELDS}


class DecisionFields(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    decision_signer = forms.CharField(label=_("Signed by"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RecordForm(NominationForm, DecisionFields):
    """A past award decided outside the system."""

    field_order = ["unit", "recipient_type", *PERSON_FIELDS, "award", "kind", "year", "achievement",
                   "decision_number", "decision_date", "decision_signer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["festival_event"]


class StepForm(forms.Form):
    """One workflow step on the award page; `version` is the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for returning"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    achievement = forms.CharField(label=_("Achievement"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_WIDGET)
    decision_signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RulesForm(forms.Form):
    """The commendation law data as YAML text, the reason for the change and the version it was based on."""

    text = forms.CharField(label=_("Data (YAML)"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
