"""Forms of the exemplars pages: shape only; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.exemplars.models import ExemplarCategory, ExemplarKind, Sex
from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit

TEXTAREA = {"rows": 3}


class FilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *ExemplarCategory.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Collectives and individuals")),
                                                                          *ExemplarKind.choices])
    q = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(self, *args, areas: list[Unit], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        _style(self)


class ExemplarForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label="—",
                           help_text=_("The commune, or the KDC or organisation the exemplar belongs to"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=9999)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExemplarKind.choices, widget=forms.RadioSelect)
    category = forms.ChoiceField(label=_("Category"), choices=ExemplarCategory.choices)
    name = forms.CharField(label=_("Name"), max_length=255,
                           help_text=_("The collective's name, or the person's full name"))
    achievement = forms.CharField(label=_("Achievement"), widget=forms.Textarea(attrs=TEXTAREA))
    proposed_by = forms.CharField(label=_("Proposing unit"), max_length=255)
    act_date = forms.DateField(label=_("Date of the act"), required=False, widget=DATE_WIDGET,
                               help_text=_("When the citizen denounced, helped or handed over"))
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=14)
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    guns = forms.IntegerField(label=_("Guns"), min_value=0, required=False)
    ammunition = forms.IntegerField(label=_("Rounds of ammunition"), min_value=0, required=False)
    explosives_kg = forms.DecimalField(label=_("Explosives (kg)"), min_value=0, max_digits=9, decimal_places=2,
                                       required=False)
    detonators = forms.IntegerField(label=_("Detonators"), min_value=0, required=False)
    rudimentary_weapons = forms.IntegerField(label=_("Rudimentary weapons"), min_value=0, required=False)
    support_tools = forms.IntegerField(label=_("Support tools"), min_value=0, required=False)
    items_note = forms.CharField(label=_("Other items handed over"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    public_consent = forms.BooleanField(label=_("Agrees to be named publicly (on the portal)"), required=False)

    def __init__(self, *args, units, with_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not with_consent:  # on edit, consent has its own form and audit event
            del self.fields["public_consent"]
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = timezone.localdate().year
        _style(self)


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(label=_("Public display"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Agrees to be named publicly")),
                                              ("no", _("Does not agree"))], widget=forms.RadioSelect)
