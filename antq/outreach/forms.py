"""Forms of the outreach pages: shape only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.outreach.models import OutreachForm
from antq.outreach.topics import topic_choices
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit


class FilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    form = forms.ChoiceField(label=_("Form"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, areas: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["form"].choices = [("", _("All forms")), *OutreachForm.choices]
        self.fields["topic"].choices = [("", _("All topics")), *topic_choices()]
        _style(self)


class ActivityForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label="—")
    held_on = forms.DateField(label=_("Date held"), widget=DATE_WIDGET)
    form = forms.ChoiceField(label=_("Form"), choices=OutreachForm.choices)
    topic = forms.ChoiceField(label=_("Topic"))
    title = forms.CharField(label=_("Title"), max_length=255)
    audience = forms.IntegerField(label=_("Audience"), min_value=0, required=False)
    pages = forms.IntegerField(label=_("Pages compiled"), min_value=0, required=False)
    copies = forms.IntegerField(label=_("Copies printed or handed out"), min_value=0, required=False)
    clips = forms.IntegerField(label=_("Clips produced"), min_value=0, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["topic"].choices = topic_choices()
        _style(self)

    def clean(self):
        data = super().clean()
        for name in ("audience", "pages", "copies", "clips"):
            if data.get(name) is None:
                data[name] = 0
        return data
