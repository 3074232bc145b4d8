"""Writes to a case's dossier: file a paper, remove one, issue the certificate. Audited, one transaction each.

Who may file which paper at which step is in `rules` (the unit's data-entry side while it prepares
its case, the competent level for the decision). Each write locks the case row first, so a paper
cannot slip in while the case moves on. A stored file is named at random under
`recognition/<year>/`, never after the uploaded name, and is served only by the scoped download view.
"""

import posixpath
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.recognition.criteria.catalogue import criteria_set_for
from antq.recognition.dossier import rules
from antq.recognition.dossier.certificate import (
    ISSUE_ACTION,
    NUMBER_FORMAT,
    certificate_content,
    is_recognised,
    issued_certificate,
    next_sequence,
)
from antq.recognition.dossier.rules import dossier_missing_kinds  # noqa: F401 — part of this module's API
from antq.recognition.evaluation import provincial_extras
from antq.recognition.models import CaseDocument, CaseDocumentKind, CaseStatus, RecognitionCase
from antq.recognition.workflow import can_enter, can_review, reviewer_unit
from antq.units.models import Unit

DOCUMENT_FIELDS = ["id", "case", "kind", "criterion_id", "original_name", "uploaded_by"]


def reviews(actor, case: RecognitionCase) -> bool:
    """Whether `actor` is the competent level of `case` (False where the case has none yet)."""
    # An organisation without a managing level has no reviewer yet: nobody reviews it.
    try:
        return can_review(actor, case)
    except (ValidationError, LookupError):
        return False


def _check_may_file(actor, case: RecognitionCase, kind: str) -> None:
    if kind not in CaseDocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of paper.")})
    reviewer_side = rules.side_for_kind(kind) == "reviewer"
    if reviewer_side and not reviews(actor, case):
        raise ValidationError(_("Only the competent level files the decision."))
    if not reviewer_side and not can_enter(actor, case):
        raise ValidationError(_("You may not file papers for this unit."))
    if not rules.kind_open(kind, case.status):
        if case.status == CaseStatus.DECIDED and not reviewer_side:
            raise ValidationError(_("This case has already been decided and is locked."))
        raise ValidationError(_("A paper of the kind “%(kind)s” cannot be filed or removed while the case is"
                                " “%(status)s”.") % {"kind": CaseDocumentKind(kind).label,
                                                     "status": case.get_status_display()})


def _clean_criterion(case: RecognitionCase, kind: str, criterion_id: str) -> str:
    criterion_id = (criterion_id or "").strip()
    if not criterion_id:
        return ""
    if kind != CaseDocumentKind.EVIDENCE:
        raise ValidationError({"criterion_id": _("Only evidence is filed for a criterion.")})
    ids = criteria_set_for(case.unit.kind, case.year, provincial_extras(unit=case.unit, year=case.year)).ids
    if criterion_id not in ids:
        raise ValidationError({"criterion_id": _("This criterion is not one of the case's criteria.")})
    return criterion_id


def _lock(case: RecognitionCase) -> RecognitionCase:
    return RecognitionCase.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _document_snapshot(document: CaseDocument) -> dict:
    return {**snapshot(document, DOCUMENT_FIELDS), "file": document.file.name}


def _display_name(name: str) -> str:
    """The uploaded name as kept for the download: NFC, no folders, at most 255 characters with its extension."""
    name = nfc(posixpath.basename((name or "").replace("\\", "/")))
    if len(name) > 255:
        stem, extension = posixpath.splitext(name)
        name = stem[: 255 - len(extension)] + extension
    return name


@transaction.atomic
def case_document_upload(*, actor, case: RecognitionCase, kind: str, file: File,
                         criterion_id: str = "") -> CaseDocument:
    """File a signed paper (PDF, JPEG or PNG scan, ≤ 20 MB) of `kind` in the dossier of `case`.

    The unit's data-entry side files its papers while it prepares the case; the competent level
    files the decision. Refused with nothing stored otherwise (see `rules`).
    """
    case = _lock(case)
    _check_may_file(actor, case, kind)
    criterion_id = _clean_criterion(case, kind, criterion_id)
    name = _display_name(getattr(file, "name", "") or "")
    if problem := rules.file_problem(name, file.size or 0, file):
        raise ValidationError({"file": problem})
    document = CaseDocument(case=case, kind=kind, criterion_id=criterion_id, original_name=name,
                            uploaded_by=actor)
    document.file.save(f"{uuid.uuid4().hex}.{rules.extension_of(name)}", file, save=False)
    try:
        document.full_clean()
        document.save()
        audit_record(actor=actor, action="recognition.document_upload", target=case,
                     after=_document_snapshot(document),
                     detail={"kind": kind, "criterion": criterion_id, "file_name": name, "document": document.pk})
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def case_document_delete(*, actor, document: CaseDocument) -> None:
    """Remove a paper filed in error, under the same rules as filing it; the file goes once this commits."""
    case = _lock(document.case)
    try:
        document = CaseDocument.objects.get(pk=document.pk, case=case)
    except CaseDocument.DoesNotExist:
        raise ValidationError(_("This paper has already been removed.")) from None
    _check_may_file(actor, case, document.kind)
    audit_record(actor=actor, action="recognition.document_delete", target=case,
                 before=_document_snapshot(document),
                 detail={"kind": document.kind, "criterion": document.criterion_id,
                         "file_name": document.original_name})
    storage, stored = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def case_certificate_issue(*, actor, case: RecognitionCase) -> RecognitionCase:
    """Issue the certificate of a recognised case: number it once and freeze its wording (competent level).

    Issuing again changes nothing while the decision stands; after a new decision it freezes the new
    wording under the same number.
    """
    case = _lock(case)
    if not reviews(actor, case):
        raise ValidationError(_("Only the competent level issues the certificate."))
    if not is_recognised(case):
        raise ValidationError(_("A certificate is issued only for a unit recognised by a decision."))
    if issued_certificate(case) is not None:
        return case
    issuer = reviewer_unit(case)
    # Numbers run per issuing body and year; its row is the lock that keeps two issues apart.
    Unit.objects.select_for_update().filter(pk=issuer.pk).first()
    before = snapshot(case, ["certificate_number"])
    if case.certificate_number:
        number, sequence = case.certificate_number, None
    else:
        sequence = next_sequence(issuer=issuer, year=case.year)
        number = NUMBER_FORMAT.format(sequence=sequence)
        case.certificate_number = number
        case.full_clean(exclude=[f.name for f in RecognitionCase._meta.fields if f.name != "certificate_number"],
                        validate_unique=False, validate_constraints=False)
        case.save(update_fields=["certificate_number", "updated_at"])
    content = certificate_content(case, number=number, issuer=issuer)
    audit_record(actor=actor, action=ISSUE_ACTION, target=case, before=before,
                 after=snapshot(case, ["certificate_number"]),
                 detail={"issuer": issuer.pk, "year": case.year, "sequence": sequence, "certificate": content})
    return case
