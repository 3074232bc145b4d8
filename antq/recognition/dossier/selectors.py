"""Reads of a case's dossier, starting from what the acting user may see."""

from django.http import Http404
from django.urls import reverse

from antq.accounts.scope import visible_units
from antq.recognition.criteria import CriterionKind
from antq.recognition.criteria.catalogue import criteria_set_for
from antq.recognition.dossier import rules
from antq.recognition.dossier.certificate import is_recognised, issued_certificate
from antq.recognition.dossier.drafts import PAPERS
from antq.recognition.dossier.forms import DocumentUploadForm
from antq.recognition.dossier.services import reviews
from antq.recognition.evaluation import provincial_extras
from antq.recognition.models import CaseDocument, CaseDocumentKind, RecognitionCase
from antq.recognition.workflow import can_enter


def get_document_for(actor, pk) -> CaseDocument:
    """The filed paper `pk` if the actor may see its case's unit; 404 otherwise, missing or not."""
    try:
        return CaseDocument.objects.select_related("case__unit").get(
            pk=pk, case__unit__in=visible_units(actor).values("pk"))
    except (CaseDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def dossier_panel(*, actor, case: RecognitionCase) -> dict:
    """What the dossier panel of the case page shows to `actor`, who may see the case."""
    enters, reviewing = can_enter(actor, case), reviews(actor, case)
    documents = list(case.documents.select_related("uploaded_by").order_by("uploaded_at", "id"))
    groups = []
    for kind, label in CaseDocumentKind.choices:
        filed = [{"document": d, "may_delete": rules.may_file(d.kind, case.status, enters=enters, reviews=reviewing)}
                 for d in documents if d.kind == kind]
        if filed or kind in rules.SUBMISSION_KINDS:
            groups.append({"kind": kind, "label": label, "documents": filed,
                           "required": kind in rules.SUBMISSION_KINDS})
    kinds = [(k, label) for k, label in CaseDocumentKind.choices
             if rules.may_file(k, case.status, enters=enters, reviews=reviewing)]
    preparing = case.status in rules.UNIT_SIDE_STATUSES
    missing = rules.missing_kinds(d.kind for d in documents) if preparing else []
    form = None
    if kinds:
        criteria = [(c.id, c.id) for c in criteria_set_for(
            case.unit.kind, case.year, provincial_extras(unit=case.unit, year=case.year)).criteria
            if c.kind == CriterionKind.MUST_HAVE] if CaseDocumentKind.EVIDENCE in dict(kinds) else []
        # The next paper the submission still needs is the likeliest one to be filed.
        initial = {"kind": missing[0]} if missing and missing[0] in dict(kinds) else {}
        form = DocumentUploadForm(kinds=kinds, criteria=criteria, initial=initial)
    labels = dict(CaseDocumentKind.choices)
    certificate = issued_certificate(case)
    return {
        "groups": groups,
        "form": form,
        "max_bytes": rules.max_bytes(),
        "missing": [labels[k] for k in missing],
        "drafts": [{"kind": k, "label": labels[k], "url": reverse(f"recognition:dossier_draft_{k}", args=[case.pk])}
                   for k in PAPERS],
        "certificate": certificate,
        "may_issue": reviewing and is_recognised(case) and certificate is None,
    }
