"""Reading an uploaded spreadsheet (.xlsx or .csv) into rows keyed by column.

Rows keep the number the spreadsheet shows them under, so an error can send the user to the row.
Problems with the file as a whole (wrong type, unknown or missing columns) raise `SheetError`
before any row is looked at; the rows' contents are checked by the import service.
"""

import csv
import io
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import openpyxl
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from antq.units.transfer.columns import COLUMNS, Column, cell_text, column_for_header

FORMATS = ("xlsx", "csv")
# Far above what a commune holds; the cap keeps a crafted file from holding a worker for long.
MAX_ROWS = 100_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format


@dataclass(frozen=True)
class RowError:
    row: int | None  # as numbered in the spreadsheet; None for the file as a whole
    column: str  # the header as written in the file, "" for the whole row
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: dict[str, object]  # Column.field → the raw cell value


class SheetError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


def file_format(file_name: str) -> str | None:
    """"xlsx" or "csv" from the file name, None for anything else."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return suffix if suffix in FORMATS else None


def content_problem(fmt: str, data: bytes) -> str | None:
    """A message if the bytes plainly are not a file of format `fmt`; None if they may be."""
    if fmt == "xlsx" and data.startswith(OLE_MAGIC):
        return _("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx.")
    if fmt == "xlsx" and not data.startswith(ZIP_MAGIC):
        return _("This file is not an Excel workbook (.xlsx).")
    if fmt == "csv":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _("This CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”.")
    return None


def read_sheet(data: bytes, file_name: str) -> list[SheetRow]:
    """The non-blank rows under the header row of the first sheet; raise `SheetError` for a bad file."""
    fmt = file_format(file_name)
    if fmt is None:
        raise SheetError([RowError(None, "", _("Upload an .xlsx or .csv file."))])
    if problem := content_problem(fmt, data):
        raise SheetError([RowError(None, "", problem)])
    raw_rows = _xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data)
    return _rows_by_column(raw_rows)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple]]:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not keep; they do not matter here.
            warnings.simplefilter("ignore")
            # data_only=False: a formula is read as the text the user typed, never as a result.
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # some programs write wrong sheet dimensions
                return _non_blank(enumerate(sheet.iter_rows(values_only=True), start=1))
            finally:
                workbook.close()
    except SheetError:
        raise
    except Exception as exc:  # a damaged or foreign zip fails in many ways inside openpyxl
        raise SheetError([RowError(None, "", _("The file could not be read as an Excel workbook (.xlsx)."))]) from exc


def _csv_rows(data: bytes) -> list[tuple[int, tuple]]:
    text = data.decode("utf-8-sig")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is "," (Vietnamese settings): pick what splits the header.
    delimiter = max((",", ";", "\t"), key=lambda d: sum(column_for_header(h.strip('"')) is not None
                                                        for h in first_line.split(d)))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Rows are counted as records, which is how a spreadsheet numbers them (a quoted cell may
        # span several lines of the file).
        return _non_blank((number, tuple(record)) for number, record in enumerate(reader, start=1))
    except csv.Error as exc:
        raise SheetError([RowError(None, "", _("The file could not be read as CSV."))]) from exc


def _non_blank(rows: Iterable[tuple[int, tuple]]) -> list[tuple[int, tuple]]:
    kept = []
    for number, values in rows:
        if all(_blank(v) for v in values):
            continue
        kept.append((number, values))
        if len(kept) > MAX_ROWS + 1:  # the header row and MAX_ROWS data rows
            message = _("The file has more than %(max)s rows. Split it into several files.")
            raise SheetError([RowError(None, "", message % {"max": number_format(MAX_ROWS, force_grouping=True)})])
    return kept


def _header_columns(number: int, values: tuple) -> tuple[list[Column | None], list[RowError]]:
    columns: list[Column | None] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for value in values:
        header = cell_text(value)
        column = column_for_header(header) if header else None
        if header and column is None:
            errors.append(RowError(number, header, _("Unknown column. Use the headers of the template.")))
        elif column is not None and column.field in seen:
            errors.append(RowError(number, header, _("This column appears twice.")))
            column = None
        if column is not None:
            seen.add(column.field)
        columns.append(column)
    for column in COLUMNS:
        if column.required and column.field not in seen:
            errors.append(RowError(number, column.header, _("This column is missing.")))
    return columns, errors


def _rows_by_column(raw_rows: list[tuple[int, tuple]]) -> list[SheetRow]:
    if not raw_rows:
        raise SheetError([RowError(None, "", _("The file is empty."))])
    header_number, header_values = raw_rows[0]
    columns, errors = _header_columns(header_number, header_values)
    headed = {i for i, value in enumerate(header_values) if not _blank(value)}
    stray_reported: set[int] = set()
    rows = []
    for number, values in raw_rows[1:]:
        cells: dict[str, object] = {}
        for position, value in enumerate(values):
            column = columns[position] if position < len(columns) else None
            if column is not None:
                cells[column.field] = value
            elif position not in headed and position not in stray_reported and not _blank(value):
                stray_reported.add(position)
                letter = get_column_letter(position + 1)
                errors.append(RowError(number, letter, _("Column %(letter)s has values but no header.")
                                       % {"letter": letter}))
        rows.append(SheetRow(number, cells))
    if errors:
        raise SheetError(errors)
    return rows
