"""Forms of the security-team pages: shape only. The services decide what is allowed (eligibility, HD 01)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.grassroots.models import Education, MemberRole, Origin, RatingLevel, SecurityTeam, Sex, TeamMember
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit, UnitKind


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class TeamFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *SecurityTeam.Status.choices])
    q = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, u.name) for u in areas]]
        _style(self)


class CommuneChoiceForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Unit.objects.none())

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        _style(self)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=255)
    areas = forms.ModelMultipleChoiceField(
        label=_("Villages / street blocks covered"), queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One team covers one or several villages or street blocks (Luật 30/2023, art. 14)."))
    households = forms.IntegerField(label=_("Households in the area"), required=False, min_value=0,
                                    help_text=_("Used by the province's rule on the number of members per team."))
    decision_number = forms.CharField(label=_("Decision of the commune chairman: number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)

    def __init__(self, *args, commune: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Unit.objects.filter(
            parent=commune, kind=UnitKind.RESIDENTIAL_AREA, valid_to__isnull=True).order_by("name_folded")
        _style(self)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE_WIDGET)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    id_number = forms.CharField(label=_("ID number (căn cước)"), max_length=14, required=False)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices, initial=Education.LOWER_SECONDARY)
    resident_since = forms.DateField(label=_("Living in the area since"), widget=DATE_WIDGET)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.NEW,
                               help_text=_("The forces merged into the grassroots force on 01/7/2024, or new."))
    decision_number = forms.CharField(label=_("Recognition decision: number"), max_length=60)
    joined_on = forms.DateField(label=_("Recognition decision date"), widget=DATE_WIDGET)
    age_exception = forms.BooleanField(label=_("Over 70: accepted by exception of the commune chairman"),
                                       required=False)
    age_exception_reason = forms.CharField(label=_("Reason for the age exception"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AreaFlagsForm(forms.Form):
    border = forms.BooleanField(label=_("Border area"), required=False)
    island = forms.BooleanField(label=_("Island"), required=False)
    mountain = forms.BooleanField(label=_("Mountain area"), required=False)
    ethnic_minority = forms.BooleanField(label=_("Ethnic-minority area"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class DissolveForm(forms.Form):
    decision_number = forms.CharField(label=_("Dissolution decision: number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


LEVEL_CHOICES = [("", _("— not rated —")), *RatingLevel.choices]


class RatingForm(forms.Form):
    """The team's level and each serving member's level for one year; blank levels are left unrated."""

    team_level = forms.ChoiceField(label=_("Team rating"), choices=LEVEL_CHOICES, required=False)
    team_note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, members: list[TeamMember], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.full_name} ({member.get_role_display()})", choices=LEVEL_CHOICES, required=False)
        _style(self)

    def member_fields(self):
        return [(m, self[f"member_{m.pk}"]) for m in self.members]
