"""Forms of the incident pages: shape only. The services decide what is allowed (severity, dates, scope)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.incidents import catalogue
from antq.incidents import evidence as evidence_rules
from antq.incidents.models import PersonRole
from antq.units.forms import DATE_WIDGET
from antq.units.models import ADMINISTRATIVE_KINDS, Unit


def _unit_label(unit: Unit) -> str:
    """Provinces and communes by name (it says what they are); others with their kind."""
    if unit.kind in ADMINISTRATIVE_KINDS:
        return unit.name
    return f"{unit.name} ({unit.get_kind_display()})"


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class IncidentFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type"), required=False)
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    withdrawn = forms.BooleanField(label=_("Include withdrawn incidents"), required=False)

    def __init__(self, *args, areas: list[Unit], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        self.fields["type"].choices = [("", _("All types")), *catalogue.type_choices()]
        _style(self)


class IncidentForm(forms.Form):
    unit = UnitChoiceField(label=_("Place"), queryset=Unit.objects.none(), empty_label="—",
                           help_text=_("The residential area, commune, agency, enterprise or school."))
    type = forms.ChoiceField(label=_("Type"))
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Title"), max_length=255)
    severity = forms.ChoiceField(label=_("Crime category"), required=False,
                                 help_text=_("Penal Code, art. 9. Crimes only."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    force_majeure = forms.BooleanField(label=_("Force majeure"), required=False)
    detected_mitigated_reported = forms.BooleanField(
        label=_("Detected in time, mitigated and reported at once to the competent level"), required=False)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["type"].choices = [("", "—"), *catalogue.type_choices()]
        self.fields["severity"].choices = [("", "—"), *catalogue.severity_choices()]
        _style(self)

    def chosen_type(self) -> catalogue.IncidentType | None:
        """The type currently chosen in the form (bound data, else the initial value)."""
        code = self["type"].value()
        return catalogue.catalogue().type(code) if code else None


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role_in_unit = forms.ChoiceField(label=_("Role in the unit"), choices=PersonRole.choices)
    discipline = forms.ChoiceField(label=_("Discipline level"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = [("", "—"), *catalogue.discipline_choices()]
        _style(self)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, .docx, .xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": evidence_rules.ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TrendFigureForm(forms.Form):
    year = forms.IntegerField(label=_("Evaluation year"), min_value=1900, max_value=9999)
    count = forms.IntegerField(label=_("Crimes, social evils and other violations"), min_value=0)
    note = forms.CharField(label=_("Source or note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("year", "count"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        _style(self)


class TrendAreaForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Evaluation year"), required=False, min_value=1900, max_value=9999)

    def __init__(self, *args, areas: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(u.pk, _unit_label(u)) for u in areas]
        _style(self)
