"""Writes of the directives register. Each runs in one transaction and records one audit event.

Who may write:
- a document issued on the country root (a national document): the national administrator (`administer`);
- a document or plan of a province or commune: whoever enters data (`enter_data`) for that unit;
- the report obligations of a document: whoever may edit the document;
- a report submission: whoever enters data for the reporting unit. A submission is locked once recorded.

A plan implements a parent document issued by its own unit or a unit above it (a commune's plan implements
the province's plan or a national document).
"""

import datetime
import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import fold, nfc
from antq.directives.models import KIND_WORDS, Document, DocumentKind, ReporterKind, ReportObligation, ReportSubmission
from antq.directives.schedule import due_dates
from antq.incidents import evidence as file_rules
from antq.incidents.services import nfc_text
from antq.units.models import Unit, UnitKind

ISSUING_KINDS = (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.COMMUNE)
# Which units report to a document of each issuing level.
REPORTER_KINDS = {UnitKind.COUNTRY: (ReporterKind.PROVINCE, ReporterKind.COMMUNE),
                  UnitKind.PROVINCE: (ReporterKind.COMMUNE,), UnitKind.COMMUNE: ()}
REPORT_EXTENSIONS = ("pdf", "docx")
DOCUMENT_FIELDS = ("parent", "kind", "number", "issued_on", "issuer", "title", "summary", "validity",
                   "effective_from", "effective_to")
OBLIGATION_FIELDS = ("subject", "reporter_kind", "first_due_on", "recurrence", "ends_on", "note")


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def may_issue(actor, unit: Unit) -> bool:
    """Whether `actor` may enter documents issued by `unit`."""
    if unit.kind == UnitKind.COUNTRY:
        return has_capability(actor, unit, Capability.ADMINISTER)
    return unit.kind in ISSUING_KINDS and has_capability(actor, unit, Capability.ENTER_DATA)


def _require_issue(actor, unit: Unit) -> None:
    if unit.kind == UnitKind.COUNTRY and not may_issue(actor, unit):
        raise ValidationError(_("Only the national administrator enters national documents."))
    if not may_issue(actor, unit):
        raise ValidationError(_("You may not enter documents for this unit."))


def _clean_document(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in DOCUMENT_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key in ("number", "issuer", "title"):
            value = nfc(value or "")
        elif key == "summary":
            value = nfc_text(value or "")
        cleaned[key] = value
    return cleaned


def _validate_document(document: Document) -> None:
    errors: dict[str, list[str]] = {}
    unit = document.unit
    if unit.kind not in ISSUING_KINDS:
        errors["unit"] = [_("Documents are issued by the country, a province or a commune.")]
    parent = document.parent
    if parent is not None:
        if document.pk and (parent.pk == document.pk or _descends_from(parent, document)):
            errors["parent"] = [_("A document cannot implement itself or one of its own plans.")]
        elif not unit.path.startswith(parent.unit.path):
            errors["parent"] = [_("A plan implements a document of its own unit or of a unit above it.")]
    elif document.kind == DocumentKind.PLAN:
        errors["parent"] = [_("Name the document this plan implements.")]
    if document.effective_from and document.effective_to and document.effective_to < document.effective_from:
        errors["effective_to"] = [_("The end of validity is before its start.")]
    if isinstance(document.issued_on, datetime.date):
        document.year = document.issued_on.year
        if document.issued_on > timezone.localdate():
            errors["issued_on"] = [_("The date issued cannot be in the future.")]
        if parent is not None and document.issued_on < parent.issued_on and "parent" not in errors:
            errors["issued_on"] = [_("A plan cannot be issued before the document it implements (%(day)s).") % {
                "day": date_format(parent.issued_on, "d/m/Y")}]
    kind_word = KIND_WORDS[document.kind][0] if document.kind in KIND_WORDS else ""
    document.search_folded = fold(f"{kind_word} {document.number} {document.title} {document.issuer}")[:900]
    try:
        document.full_clean(exclude=["created_by", "year", "search_folded"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    if Document.objects.filter(unit=unit, number__iexact=document.number, year=document.year).exclude(
            pk=document.pk).exists():
        raise ValidationError({"number": _("%(unit)s already has a document numbered %(number)s in %(year)s.") % {
            "unit": unit.name, "number": document.number, "year": document.year}})


def _descends_from(candidate: Document, ancestor: Document) -> bool:
    seen = set()
    node = candidate
    while node is not None and node.pk not in seen:
        if node.parent_id == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _save(instance, field: str, message: str) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError({field: message}) from None


@transaction.atomic
def document_create(*, actor, unit: Unit, kind: str, number: str, issued_on: datetime.date, issuer: str,
                    title: str, **values) -> Document:
    """Enter a document issued by `unit` (a plan names its `parent`)."""
    _require_issue(actor, unit)
    document = Document(unit=unit, created_by=_person(actor), **_clean_document(
        {"kind": kind, "number": number, "issued_on": issued_on, "issuer": issuer, "title": title, **values}))
    _validate_document(document)
    _save(document, "number", _("This number is already in the register."))
    audit_record(actor=actor, action="directives.document_create", target=document, after=snapshot(document))
    return document


@transaction.atomic
def document_update(*, actor, document: Document, **values) -> Document:
    # of=self: PostgreSQL refuses to lock the nullable side of the outer join to the parent.
    document = (Document.objects.select_for_update(of=("self",)).select_related("unit", "parent__unit")
                .get(pk=document.pk))
    _require_issue(actor, document.unit)
    before = snapshot(document)
    for key, value in _clean_document(values).items():
        setattr(document, key, value)
    _validate_document(document)
    after = snapshot(document)
    if after != before:
        _save(document, "number", _("This number is already in the register."))
        audit_record(actor=actor, action="directives.document_update", target=document, before=before, after=after)
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Remove a document entered in error; refused once plans implement it or reports were filed to it."""
    document = Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
    _require_issue(actor, document.unit)
    if document.plans.exists():
        raise ValidationError(_("Plans implement this document; it cannot be deleted."))
    if ReportSubmission.objects.filter(obligation__document=document).exists():
        raise ValidationError(_("Reports were submitted for this document; it cannot be deleted."))
    audit_record(actor=actor, action="directives.document_delete", target=document, before=snapshot(document))
    document.delete()


def _clean_obligation(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in OBLIGATION_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key == "subject":
            value = nfc(value or "")
        elif key == "note":
            value = nfc_text(value or "")
        cleaned[key] = value
    return cleaned


def _validate_obligation(obligation: ReportObligation) -> None:
    errors: dict[str, list[str]] = {}
    allowed = REPORTER_KINDS.get(obligation.document.unit.kind, ())
    if obligation.reporter_kind not in allowed:
        errors["reporter_kind"] = [_("Only units below the issuing unit can owe it a report.")]
    if obligation.ends_on and obligation.first_due_on and obligation.ends_on < obligation.first_due_on:
        errors["ends_on"] = [_("The last due date is before the first.")]
    try:
        obligation.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def obligation_create(*, actor, document: Document, subject: str, reporter_kind: str,
                      first_due_on: datetime.date, **values) -> ReportObligation:
    """Record that the units of `reporter_kind` below the document's issuer owe it a report."""
    document = Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
    _require_issue(actor, document.unit)
    obligation = ReportObligation(document=document, created_by=_person(actor), **_clean_obligation(
        {"subject": subject, "reporter_kind": reporter_kind, "first_due_on": first_due_on, **values}))
    _validate_obligation(obligation)
    obligation.save()
    audit_record(actor=actor, action="directives.obligation_create", target=document,
                 after=snapshot(obligation))
    return obligation


@transaction.atomic
def obligation_update(*, actor, obligation: ReportObligation, **values) -> ReportObligation:
    obligation = ReportObligation.objects.select_for_update().select_related("document__unit").get(pk=obligation.pk)
    _require_issue(actor, obligation.document.unit)
    before = snapshot(obligation)
    for key, value in _clean_obligation(values).items():
        setattr(obligation, key, value)
    _validate_obligation(obligation)
    submitted = set(obligation.submissions.values_list("due_on", flat=True))
    scheduled = set(due_dates(first=obligation.first_due_on, recurrence=obligation.recurrence,
                              ends_on=obligation.ends_on, until=max(submitted, default=obligation.first_due_on)))
    if not submitted <= scheduled:
        raise ValidationError(_("Reports were submitted for due dates this change would remove."))
    after = snapshot(obligation)
    if after != before:
        obligation.save()
        audit_record(actor=actor, action="directives.obligation_update", target=obligation.document,
                     before=before, after=after)
    return obligation


def _submission_snapshot(submission: ReportSubmission) -> dict:
    data = snapshot(submission, fields=[f.name for f in ReportSubmission._meta.concrete_fields if f.name != "file"])
    return {**data, "file": submission.file.name}


@transaction.atomic
def report_submission_create(*, actor, obligation: ReportObligation, unit: Unit, due_on: datetime.date,
                             submitted_on: datetime.date, number: str, upload: File) -> ReportSubmission:
    """Record the report `unit` handed in for the due date `due_on`, with its signed file (PDF or DOCX)."""
    obligation = ReportObligation.objects.select_for_update().select_related("document__unit").get(pk=obligation.pk)
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this unit."))
    errors: dict[str, list[str]] = {}
    if unit.kind != obligation.reporter_kind or not unit.path.startswith(obligation.document.unit.path):
        errors["unit"] = [_("This unit does not owe this report.")]
    scheduled = due_dates(first=obligation.first_due_on, recurrence=obligation.recurrence,
                          ends_on=obligation.ends_on, until=due_on)
    if due_on not in scheduled:
        errors["due_on"] = [_("The report is not due on this date.")]
    if submitted_on > timezone.localdate():
        errors["submitted_on"] = [_("The date submitted cannot be in the future.")]
    number = nfc(number or "")
    if not number:
        errors["number"] = [_("Write the report's number.")]
    original_name = nfc(posixpath.basename((upload.name or "").replace("\\", "/")))
    if file_rules.extension_of(original_name) not in REPORT_EXTENSIONS:
        errors["file"] = [_("Upload the signed report as PDF or Word (.docx).")]
    elif problem := file_rules.file_problem(original_name, upload.size or 0, upload):
        errors["file"] = [problem]
    if errors:
        raise ValidationError(errors)
    existing = ReportSubmission.objects.filter(obligation=obligation, unit=unit, due_on=due_on).first()
    if existing is not None:
        raise ValidationError(_("This report was already submitted on %(day)s; a submitted report is locked.") % {
            "day": date_format(existing.submitted_on, "d/m/Y")})
    submission = ReportSubmission(obligation=obligation, unit=unit, due_on=due_on, submitted_on=submitted_on,
                                  number=number[:60], original_name=original_name[-255:], size=upload.size,
                                  submitted_by=_person(actor))
    submission.file.save(original_name, upload, save=False)
    try:
        _save(submission, "due_on", _("This report was already submitted; a submitted report is locked."))
        audit_record(actor=actor, action="directives.report_submit", target=obligation.document,
                     after=_submission_snapshot(submission))
    except Exception:
        submission.file.delete(save=False)
        raise
    return submission

