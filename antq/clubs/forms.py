"""Forms of the models-and-clubs pages: shape only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.clubs.models import ModelType, MovementModel, Sector
from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_sector_display()})"


class ModelChoiceFieldBySite(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.site.name}"


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("All sectors")), *Sector.choices])
    type = forms.TypedChoiceField(label=_("Model type"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *MovementModel.Status.choices])
    year = forms.TypedChoiceField(label=_("Evaluated in"), required=False, coerce=int, empty_value=None)
    typical = forms.ChoiceField(label=_("Typical"), required=False,
                                choices=[("", _("All")), ("yes", _("Typical only")), ("no", _("Not typical"))])

    def __init__(self, *args, areas: list[Unit], types, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["type"].choices = [("", _("All types")), *[(t.pk, t.name) for t in types]]
        self.fields["year"].choices = [("", _("Any year")), *[(y, str(y)) for y in years]]
        _style(self)


class ModelForm(forms.Form):
    site = UnitChoiceField(label=_("Site"), queryset=Unit.objects.none(), empty_label="—",
                           help_text=_("A commune or KDC for a model in society; an agency, enterprise or school "
                                       "otherwise."))
    type = TypeChoiceField(label=_("Model type"), queryset=ModelType.objects.none(), empty_label="—")
    name = forms.CharField(label=_("Name"), max_length=255, required=False,
                           help_text=_("Blank: the name of the type."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_WIDGET)
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DATE_WIDGET)
    replicated_from = ModelChoiceFieldBySite(label=_("Replicated from (the model of another site)"),
                                             queryset=MovementModel.objects.none(), required=False, empty_label="—")
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sites, types, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["type"].queryset = types
        self.fields["replicated_from"].queryset = sources
        _style(self)


class ClubForm(forms.Form):
    name = forms.CharField(label=_("Name of the team or club"), max_length=255)
    members_count = forms.IntegerField(label=_("Number of members"), min_value=0, required=False)
    leader = forms.CharField(label=_("Leader"), max_length=255, required=False)
    member_names = forms.CharField(label=_("Members (one name a line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ClubUpdateForm(ClubForm):
    status = forms.ChoiceField(label=_("Status"), choices=MovementModel.Status.choices)
    dissolved_on = forms.DateField(label=_("Dissolved on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=9999)
    effective = forms.BooleanField(label=_("Effective"), required=False)
    typical = forms.BooleanField(label=_("Typical (điển hình)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, may_mark_typical: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_mark_typical:
            self.fields["typical"].disabled = True
        _style(self)


class DissolveForm(forms.Form):
    dissolved_on = forms.DateField(label=_("Dissolved on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    national = TypeChoiceField(label=_("Variant of the national type"), queryset=ModelType.objects.none(),
                               required=False, empty_label="—")
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national"].queryset = ModelType.objects.filter(province__isnull=True)
        _style(self)
