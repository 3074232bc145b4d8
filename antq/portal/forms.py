"""Forms of the portal: shape only; the services decide who may write what."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.incidents.forms import _style
from antq.units.models import Unit, UnitKind


class NewsForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Area"), queryset=Unit.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Plain text; leave a blank line between paragraphs."))

    def __init__(self, *args, areas: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        if areas:
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=[a.pk for a in areas]).order_by(
                "kind", "name_folded")
            self.fields["unit"].label_from_instance = _area_label
        else:
            del self.fields["unit"]  # editing: the area of an item does not change
        _style(self)


def _area_label(unit: Unit) -> str:
    return str(_("Nationwide")) if unit.kind == UnitKind.COUNTRY else unit.name


class NewsImageForm(forms.Form):
    file = forms.FileField(label=_("Image (JPEG or PNG)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
