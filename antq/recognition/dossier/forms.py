"""The upload form of the dossier panel: shape only; `services.case_document_upload` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.recognition.dossier import rules
from antq.recognition.models import CaseDocumentKind


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of paper"), choices=CaseDocumentKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    criterion_id = forms.ChoiceField(label=_("Criterion (for evidence)"), required=False, choices=[("", "—")],
                                     widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(label=_("Signed scan (PDF, JPEG or PNG)"),
                           widget=forms.ClearableFileInput(attrs={"accept": rules.ACCEPT, "class": "form-control"}))

    def __init__(self, *args, kinds=None, criteria=(), **kwargs):
        kwargs.setdefault("auto_id", "id_dossier_%s")
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = kinds
        self.fields["criterion_id"].choices = [("", "—"), *criteria]
