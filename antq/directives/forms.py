"""Forms of the directives register: shape only; the services decide what is allowed."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from antq.directives.models import Document, DocumentKind, Recurrence, ReporterKind, Validity
from antq.incidents.forms import UnitChoiceField, _style, _unit_label
from antq.units.forms import DATE_WIDGET
from antq.units.models import Unit

REPORT_ACCEPT = ".pdf,.docx"


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("number, title, issuer")}))
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year issued"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    validity = forms.ChoiceField(label=_("Validity"), required=False)

    def __init__(self, *args, areas: list[Unit], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Everywhere I can see")), *[(u.pk, _unit_label(u)) for u in areas]]
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        self.fields["kind"].choices = [("", _("All kinds")), *DocumentKind.choices]
        self.fields["validity"].choices = [("", _("Any")), *Validity.choices]
        _style(self)


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} – {obj.title[:80]}"


class DocumentForm(forms.Form):
    unit = UnitChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number and symbol"), max_length=60,
                             help_text=_("as printed, e.g. 09-CT/TW, 125/KH-UBND"))
    issued_on = forms.DateField(label=_("Date issued"), widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    parent = DocumentChoiceField(label=_("Implements"), queryset=Document.objects.none(), required=False,
                                 empty_label="—", help_text=_("the document this plan implements"))
    validity = forms.ChoiceField(label=_("Validity"), choices=Validity.choices)
    effective_from = forms.DateField(label=_("In force from"), required=False, widget=DATE_WIDGET)
    effective_to = forms.DateField(label=_("In force until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, units, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["parent"].queryset = parents
        _style(self)


class ObligationForm(forms.Form):
    subject = forms.CharField(label=_("Report"), max_length=255,
                              help_text=_("e.g. annual report on implementing the directive"))
    reporter_kind = forms.ChoiceField(label=_("Who reports"), choices=ReporterKind.choices)
    first_due_on = forms.DateField(label=_("First due date"), widget=DATE_WIDGET)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)
    ends_on = forms.DateField(label=_("Last due date no later than"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("What the report covers"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reporter_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_kind"].choices = [c for c in ReporterKind.choices if c[0] in reporter_kinds]
        _style(self)


class SubmissionForm(forms.Form):
    submitted_on = forms.DateField(label=_("Date submitted"), widget=DATE_WIDGET)
    number = forms.CharField(label=_("Report number"), max_length=60, help_text=_("e.g. 15/BC-CAX"))
    file = forms.FileField(label=_("Signed report (PDF or DOCX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": REPORT_ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ImportForm(forms.Form):
    """The upload of an import: where the rows go (`units`) and the file; the rows are checked by the service.
    Also used by the Festival Day and outreach imports."""

    unit = UnitChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none(), empty_label=None)
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, units, unit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if unit_label is not None:
            self.fields["unit"].label = unit_label
        _style(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ANTQ_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is %(size)s; the largest file accepted is %(limit)s."),
                                        params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                                        code="too_large")
        return upload
