from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from antq.units.transfer.reader import content_problem, file_format


class ImportForm(forms.Form):
    """The upload: type and size only. What the rows may hold is decided by the import service."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ANTQ_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        fmt = file_format(upload.name)
        if fmt is None:
            raise forms.ValidationError(
                _("Upload an .xlsx or .csv file. Other formats (.xls, .ods, .pdf…) are not accepted."),
                code="file_type",
            )
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if problem := content_problem(fmt, data):
            raise forms.ValidationError(problem, code="file_type")
        return upload
