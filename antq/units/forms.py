from django import forms
from django.utils.translation import gettext_lazy as _

from antq.units.models import LOCAL_KINDS_BY_KIND, ORGANISATION_KINDS, LocalKind, Unit, UnitKind

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class HistoryForm(forms.Form):
    """The "on" date of the historical view, typed as dd/mm/yyyy."""

    on = forms.DateField(label=_("On date"), required=False, widget=DATE_WIDGET)


class SearchForm(HistoryForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *[c for c in UnitKind.choices if c[0] != "country"]])


class UnitForm(forms.ModelForm):
    """Shape only: which fields a unit of this kind shows. The service decides what is allowed."""

    class Meta:
        model = Unit
        fields = ["name", "local_kind", "code", "address", "valid_from", "valid_to",
                  "is_armed_forces", "enterprise_size", "school_level", "managing_level"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        local = LOCAL_KINDS_BY_KIND.get(kind)
        if local:
            self.fields["local_kind"].choices = [("", "—"), *[(k, LocalKind(k).label) for k in local]]
            self.fields["local_kind"].required = True
        else:
            del self.fields["local_kind"]
        if kind not in ORGANISATION_KINDS:
            for name in ("is_armed_forces", "enterprise_size", "school_level", "managing_level"):
                del self.fields[name]
        else:
            self.fields["managing_level"].required = True
            if kind != UnitKind.AGENCY:
                del self.fields["is_armed_forces"]
            if kind != UnitKind.ENTERPRISE:
                del self.fields["enterprise_size"]
            else:
                self.fields["enterprise_size"].required = True
            if kind != UnitKind.SCHOOL:
                del self.fields["school_level"]
            else:
                self.fields["school_level"].required = True
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
