"""Forms of the tip pages: shape only; the services decide (current commune, contact rules, files)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.incidents.forms import _style
from antq.tips import files
from antq.tips.models import TipCategory, TipMode, TipState
from antq.units.forms import DATE_WIDGET

TEXTAREA = {"rows": 6}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Photos or documents"), required=False,
        widget=MultipleFileInput(attrs={"accept": files.ACCEPT}),
        help_text=_("Up to %(count)s files: JPEG or PNG photos (their hidden data, such as the GPS position, is "
                    "removed) or PDF documents (kept as they are, with their properties such as author and "
                    "software: take a photo instead if that matters).") % {"count": files.MAX_FILES})


class ProvinceForm(forms.Form):
    """The first step, a GET form: which province, so the commune list can be narrowed without script."""

    province = forms.TypedChoiceField(label=_("Province or centrally-run city"), coerce=int, empty_value=None)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—"), *[(p.pk, p.name) for p in provinces]]
        _style(self)


class TipForm(forms.Form):
    province = forms.IntegerField(widget=forms.HiddenInput, required=False)
    commune = forms.TypedChoiceField(label=_("Commune, ward or special zone"), coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("What is it about?"), choices=[("", "—"), *TipCategory.choices])
    what = forms.CharField(label=_("What happened?"), widget=forms.Textarea(attrs=TEXTAREA), max_length=10_000,
                           help_text=_("Who, what, how: everything you know. Do not write your own name here if "
                                       "you want to stay anonymous."))
    occurred_on = forms.DateField(label=_("When (date)"), required=False, widget=DATE_WIDGET)
    occurred_time = forms.CharField(label=_("When (time, roughly)"), required=False, max_length=50)
    place = forms.CharField(label=_("Where exactly (address, landmark)"), required=False, max_length=255)
    attachments = _attachments_field()
    mode = forms.ChoiceField(label=_("How do you send it?"), choices=TipMode.choices, widget=forms.RadioSelect)
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=255)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    solution = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "—"), *[(c.pk, c.name) for c in communes]]
        _style(self)
        for name in ("what", "contact_name", "contact_phone", "contact_email", "place", "occurred_time"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["mode"].widget.attrs["class"] = "form-check-input"


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=100, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class FollowUpForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=100)
    body = forms.CharField(label=_("Add information"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    attachments = _attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *TipState.choices])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *TipCategory.choices])
    commune = forms.TypedChoiceField(label=_("Commune"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All communes")), *[(c.pk, c.name) for c in communes]]
        _style(self)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=[c for c in TipState.choices if c[0] != TipState.NEW])
    note = forms.CharField(label=_("Note (required to forward or close)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReassignForm(forms.Form):
    commune = forms.IntegerField(label=_("Commune (id from the list)"), widget=forms.Select)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"] = forms.TypedChoiceField(
                label=_("Send to commune"), coerce=int,
                choices=[("", "—"), *[(c.pk, f"{c.name} — {c.parent.name}") for c in communes]])
        _style(self)
