"""Forms of the Festival Day pages: shape only; the services decide what is allowed (window, scope)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit

TEXTAREA = {"rows": 3}


class FilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, areas: list[Unit], years: list[int], all_years: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["year"].choices = [*([("", _("All years"))] if all_years else []), *[(y, str(y)) for y in years]]
        _style(self)


class FigureFields(forms.Form):
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    gifts_count = forms.IntegerField(label=_("Gifts"), min_value=0, required=False)
    gifts_value = forms.IntegerField(label=_("Value of gifts (VND)"), min_value=0, required=False)
    awards_count = forms.IntegerField(label=_("Awards handed out"), min_value=0, required=False)
    awards = forms.CharField(label=_("Awards (who received what)"), required=False,
                             widget=forms.Textarea(attrs=TEXTAREA))
    report = forms.CharField(label=_("Short report"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class EventForm(FigureFields):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label="—")
    held_on = forms.DateField(label=_("Date held"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Venue"), max_length=255)
    ceremony = forms.CharField(label=_("Ceremony part"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    festivities = forms.CharField(label=_("Festival part"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    guests = forms.CharField(label=_("Guests"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    exception_reason = forms.CharField(
        label=_("Reason for a date outside the campaign window"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only an officer who decides for the unit may record a date outside the window."))
    field_order = ["unit", "held_on", "place", "ceremony", "festivities", "guests", "participants", "gifts_count",
                   "gifts_value", "awards_count", "awards", "report", "exception_reason"]

    def __init__(self, *args, units, allow_exception: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not allow_exception:
            del self.fields["exception_reason"]
        _style(self)

    def clean(self):
        data = super().clean()
        for name in ("participants", "gifts_count", "gifts_value", "awards_count"):
            if data.get(name) is None:
                data[name] = 0
        return data


class RecordForm(FigureFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        for name in ("participants", "gifts_count", "gifts_value", "awards_count"):
            if data.get(name) is None:
                data[name] = 0
        return data


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
