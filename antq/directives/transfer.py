"""The register as a spreadsheet: export what the actor sees, import documents of one issuing unit.

The import is all-or-nothing: every row goes through `services.document_create` (the form's service) in a
savepoint; a row that fails is reported with its spreadsheet row number and column, and if any row failed
the whole import is rolled back. The "Implements" column names the parent document by number (a document
of the issuing unit or a unit above it, or one created by an earlier row of the file).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from antq.core.sheets import (
    CellError,
    Column,
    RowError,
    SheetError,
    cell_text,
    cells_for,
    choice_column,
    parse_date,
    parse_row,
    read_sheet,
)
from antq.core.text import fold
from antq.directives.models import KIND_WORDS, Document, DocumentKind, Validity
from antq.directives.services import document_create
from antq.units.models import Unit


def _required_text(raw) -> str:
    text = cell_text(raw)
    if not text:
        raise CellError(_("This cell is required."))
    return text


VALIDITY_WORDS = {
    Validity.IN_FORCE: ("Còn hiệu lực",), Validity.AMENDED: ("Còn hiệu lực, đã sửa đổi", "Đã sửa đổi"),
    Validity.EXPIRED: ("Hết hiệu lực",),
}
COLUMNS = (
    choice_column("kind", "Loại văn bản", KIND_WORDS, DocumentKind, required=True, width=14),
    Column("number", "Số, ký hiệu", _required_text, required=True, width=20, text=True),
    Column("issued_on", "Ngày ban hành (dd/mm/yyyy)", parse_date, required=True, width=16, text=True),
    Column("issuer", "Cơ quan ban hành", _required_text, required=True, width=28),
    Column("title", "Trích yếu", _required_text, required=True, width=48),
    Column("summary", "Tóm tắt nội dung", width=48),
    Column("parent", "Thực hiện văn bản số", width=20, text=True),
    choice_column("validity", "Hiệu lực", VALIDITY_WORDS, Validity, width=18),
    Column("effective_from", "Hiệu lực từ ngày (dd/mm/yyyy)", parse_date, width=16, text=True),
    Column("effective_to", "Hết hiệu lực ngày (dd/mm/yyyy)", parse_date, width=16, text=True),
    # The import takes the unit chosen on the page; a row naming another unit is refused, so an export
    # of one unit's documents imports back, and a file meant for another unit does not slip in.
    Column("unit", "Đơn vị ban hành", width=28),
)
IMPORT_COLUMNS = COLUMNS
HEADER_OF = {c.field: c.header for c in COLUMNS}
# Passed to the service even when blank, so that it names the missing field.
IMPORT_REQUIRED = ("kind", "number", "issued_on", "issuer", "title")


def document_cells(document: Document) -> list[object]:
    values = {f: getattr(document, f) for f in ("kind", "number", "issued_on", "issuer", "title", "summary",
                                                   "validity", "effective_from", "effective_to")}
    values["parent"] = document.parent.number if document.parent_id else ""
    values["unit"] = document.unit.name
    return cells_for(COLUMNS, values)


@dataclass
class ImportResult:
    created: list[Document] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _parent_for(number: str, unit: Unit) -> Document:
    """The document numbered `number` issued by `unit` or a unit above it; the newest when several years."""
    ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    found = list(Document.objects.filter(Q(unit_id__in=ids), number__iexact=number).order_by("-issued_on")[:2])
    if not found:
        raise CellError(_("No document numbered “%(number)s” of this unit or above it.") % {"number": number})
    return found[0]


def _row_errors(number: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [RowError(number, HEADER_OF.get(f, ""), m) for f, ms in exc.message_dict.items() for m in ms]
    return [RowError(number, "", m) for m in exc.messages]


def documents_import(*, actor, unit: Unit, data: bytes, file_name: str) -> ImportResult:
    """Create every row's document issued by `unit`, or none when any row is wrong."""
    result = ImportResult()
    try:
        rows = read_sheet(data, file_name, IMPORT_COLUMNS)
    except SheetError as exc:
        result.errors = exc.errors
        return result
    if not rows:
        result.errors = [RowError(None, "", _("The file has no rows under the header."))]
        return result
    with transaction.atomic():
        for row in rows:
            values, errors = parse_row(row, IMPORT_COLUMNS)
            named = values.pop("unit", "")
            if named and fold(named) != fold(unit.name):
                errors.append(RowError(row.number, HEADER_OF["unit"], _("This file is imported into %(unit)s.") % {
                    "unit": unit.name}))
            parent_number = values.pop("parent", "")
            if parent_number:
                try:
                    values["parent"] = _parent_for(parent_number, unit)
                except CellError as exc:
                    errors.append(RowError(row.number, HEADER_OF["parent"], str(exc)))
            if errors:
                result.errors += errors
                continue
            values = {k: v for k, v in values.items() if v not in ("", None) or k in IMPORT_REQUIRED}
            values.setdefault("validity", Validity.IN_FORCE)
            try:
                with transaction.atomic():
                    result.created.append(document_create(actor=actor, unit=unit, **values))
            except ValidationError as exc:
                result.errors += _row_errors(row.number, exc)
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result

