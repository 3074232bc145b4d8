"""Spreadsheets in and out, for every registry: columns, cell parsing, reading a file, writing exports.

A registry declares its file format as a tuple of `Column`s (the Vietnamese header, the field it fills,
how a cell is read, and for choices the words a cell may hold). Headers and words are a file format,
not interface text: they do not go through the translation catalogue, so a file exported in English
imports in Vietnamese. Messages about them do.

- `read_sheet(data, file_name, columns)` gives the non-blank rows under the header row of the first
  sheet, each keyed by field and numbered as the spreadsheet numbers it, or raises `SheetError` with
  every problem of the file as a whole (type, unknown, doubled or missing columns).
- The import service then parses each cell (`Column.parse`, which raises `CellError`), collects
  `RowError`s for every row, and writes nothing unless there are none (all-or-nothing).
- `write_xlsx(columns, rows)` and `write_template_xlsx(columns)` write exports and blank templates with
  formula-safe text cells (`antq.core.text.spreadsheet_safe`); `cells_for(columns, values)` turns a
  record's values into the row an export writes, choices as their first word.

`antq.units.transfer` (KDC and organisations) is the first user; the grassroots registries, the
commendations and the directives use the same functions.
"""

import csv
import datetime
import functools
import io
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import openpyxl
from django.db import models
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import SHARED_STRINGS

from antq.core.text import FORMULA_PREFIXES, fold, nfc, spreadsheet_safe

FORMATS = ("xlsx", "csv")
# Far above what a commune holds; the cap keeps a crafted file from holding a worker for long.
MAX_ROWS = 100_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
YES_WORDS = ("Có", "x", "1", "c", "yes", "true")
NO_WORDS = ("Không", "0", "k", "no", "false")
_YES = frozenset(fold(w) for w in YES_WORDS)
_NO = frozenset(["", *(fold(w) for w in NO_WORDS)])
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
LISTS_SHEET = "Danh mục"  # the template's second sheet, which lists the accepted words
_DATE = re.compile(r"(3[01]|[12]\d|0[1-9]|[1-9])/(1[0-2]|0[1-9]|[1-9])/(\d\d\d\d)", re.IGNORECASE)


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user."""


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


# --- cells -------------------------------------------------------------------------------------------

def cell_text(raw: object) -> str:
    """A cell as NFC text; whole numbers lose the ".0" a spreadsheet adds to them.

    An apostrophe that an export put before a formula character is taken off again, so an export
    imports back to the value it came from.
    """
    if raw is None:
        return ""
    if raw.__class__ is str:  # nearly every cell: the checks below are for numbers, dates and flags
        if not raw:
            return ""
        text = raw
    elif isinstance(raw, bool):
        text = YES_WORDS[0] if raw else NO_WORDS[0]
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, datetime.datetime | datetime.date):
        text = f"{raw:%d/%m/%Y}"
    else:
        text = str(raw)
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return nfc(text)


def parse_date(raw: object) -> datetime.date | None:
    """A real date cell, or text written day/month/year."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = cell_text(raw)
    if not text:
        return None
    try:
        # The pattern strptime builds for "%d/%m/%Y" (its fields are delimited, so a match splits the
        # same way), without strptime's cost; anything else is left to strptime, which decides.
        if match := _DATE.fullmatch(text):
            day, month, year = match.groups()
            return datetime.date(int(year), int(month), int(day))
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 — a date, no time
    except ValueError:
        raise CellError(_("“%(value)s” is not a date written as dd/mm/yyyy.") % {"value": text}) from None


@functools.lru_cache(maxsize=256)
def _yes_no(text: str) -> bool | None:
    folded = fold(text)
    return True if folded in _YES else False if folded in _NO else None


def parse_yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _yes_no(cell_text(raw))  # a column holds a few words in many rows: each is folded once
    if value is None:
        raise CellError(_("Write “%(yes)s” or “%(no)s”.") % {"yes": YES_WORDS[0], "no": NO_WORDS[0]})
    return value


def parse_count(raw: object) -> int:
    """A whole number ≥ 0; blank is 0. Accepts "1.360" (Vietnamese grouping) and 1360.0."""
    if isinstance(raw, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    else:
        text = cell_text(raw).replace(".", "").replace("\u00a0", "").replace(" ", "")
        if not text:
            return 0
        if not text.isdigit():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": cell_text(raw)})
        value = int(text)
    if value < 0:
        raise CellError(_("Write a whole number."))
    return value


def choice_words_lookup(words: Mapping[str, Sequence[str]],
                        choices: type[models.TextChoices] | None) -> dict[str, str]:
    """Folded word → stored value, for the file words, the stored values and the interface labels."""
    table: dict[str, str] = {}
    for value, aliases in words.items():
        for word in (*aliases, value):
            table.setdefault(fold(word), value)
    if choices is not None:
        for language in ("vi", "en"):
            with translation.override(language):
                for value in words:
                    table.setdefault(fold(str(choices(value).label)), value)
    return table


def choice_parser(words: Mapping[str, Sequence[str]],
                  choices: type[models.TextChoices] | None = None) -> Callable[[object], str]:
    """A parser for a choice cell: a word of `words`, the stored value, or the choice's label."""
    table: dict[str, str] = {}

    # A column holds a few distinct words in many rows: each is folded once (bounded, as a worker lives long).
    @functools.lru_cache(maxsize=1024)
    def value_of(text: str) -> str | None:
        if not table:  # built on first use: the labels need the translation machinery ready
            table.update(choice_words_lookup(words, choices))
        return table.get(fold(text))

    def parse(raw: object) -> str:
        text = cell_text(raw)
        if not text:
            return ""
        value = value_of(text)
        if value is None:
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(aliases[0] for aliases in words.values())}
            )
        return value

    return parse


@dataclass(frozen=True)
class Column:
    field: str  # the key the row's cells are stored under
    header: str  # Vietnamese, fixed (a file format)
    parse: Callable[[object], object] = cell_text
    words: Mapping[str, Sequence[str]] | None = None  # for choices: stored value → accepted words
    required: bool = False  # the column must be present (a cell may still be blank)
    width: int = 18
    text: bool = False  # typed as text in the template (codes with leading zeros, dates)

    def word_for(self, value: str) -> str:
        """The word an export writes for a stored choice."""
        if not value or self.words is None:
            return value
        return self.words[value][0]

    @property
    def short_header(self) -> str:
        """The header without its hint in brackets, also accepted on import."""
        return self.header.split("(")[0].strip()


def choice_column(field: str, header: str, words: Mapping[str, Sequence[str]],
                  choices: type[models.TextChoices] | None = None, **kwargs) -> Column:
    return Column(field, header, choice_parser(words, choices), words, **kwargs)


def column_for_header(header: str, columns: Sequence[Column]) -> Column | None:
    """The column a header cell names, accent- and case-insensitively, with or without its hint."""
    wanted = fold(header)
    for column in columns:
        if wanted in (fold(column.header), fold(column.short_header)):
            return column
    return None


# --- reading -----------------------------------------------------------------------------------------

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


def read_sheet(data: bytes, file_name: str, columns: Sequence[Column]) -> list[SheetRow]:
    """The non-blank rows under the header row of the first sheet; raise `SheetError` for a bad file."""
    fmt = file_format(file_name)
    if fmt is None:
        raise SheetError([RowError(None, "", _("Upload an .xlsx or .csv file."))])
    if problem := content_problem(fmt, data):
        raise SheetError([RowError(None, "", problem)])
    raw_rows = _xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data, columns)
    return _rows_by_column(raw_rows, columns)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple]]:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not keep; they do not matter here.
            warnings.simplefilter("ignore")
            try:
                return _non_blank(_plain_rows(data))
            except SheetError:
                raise
            except Exception:  # noqa: S110 — anything unusual is read again by openpyxl, which knows more
                pass
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


# openpyxl finds the parts of a workbook (first sheet, shared strings, date styles) and reads whatever is
# unusual; the strings and rows of a plain sheet are read below with lxml's parser, with the same values
# 2.5 times as fast as openpyxl's cells for shared strings (as Excel writes them), 4 times for inline
# strings (as openpyxl's write-only mode does). A 100,000-row import spent most of its time in openpyxl's
# `parse_cell`, then in building and walking ElementTree elements.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (f"{_MAIN}{tag}" for tag in ("row", "c", "v", "f", "is"))
_SHARED, _TEXT, _RUN = (f"{_MAIN}{tag}" for tag in ("si", "t", "r"))
_DIGITS = "0123456789"


class _NotPlain(Exception):
    """The sheet holds something the fast reader leaves to openpyxl (formulas, cells out of order, a DTD)."""


def _elements(source, tag: str) -> Iterable:
    """Each `tag` element of an XML part once it is complete; the ones before it are dropped.

    Entities are never expanded and nothing is fetched; a part with a DOCTYPE (which no spreadsheet
    program writes) is left to openpyxl.
    """
    parts = etree.iterparse(source, events=("end",), tag=tag, resolve_entities=False, no_network=True)
    checked = False
    for _event, element in parts:
        if not checked:
            if element.getroottree().docinfo.doctype:
                raise _NotPlain
            checked = True
        yield element
        # clear() empties the element but the tree keeps it: drop the finished ones, or 100,000 rows stay.
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _text_of(node) -> str:
    """A shared or inline string without its formatting: its text and its runs' texts (as openpyxl's Text)."""
    if len(node) == 1:
        only = node[0]
        if only.tag == _TEXT:  # plain text, nearly every string
            return only.text or ""
    plain = node.find(_TEXT)
    parts = [plain.text or ""] if plain is not None else []
    parts += [run.findtext(_TEXT) or "" for run in node.iterfind(_RUN)]
    return "".join(parts)


class _FastStringsReader(ExcelReader):
    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        with self.archive.open(part.PartName[1:]) as source:
            self.shared_strings.extend(_text_of(node).replace("x005F_", "") for node in _elements(source, _SHARED))


def _plain_rows(data: bytes) -> Iterable[tuple[int, tuple]]:
    """The rows of the first worksheet, as openpyxl's `iter_rows(values_only=True)` gives them."""
    reader = _FastStringsReader(io.BytesIO(data), read_only=True, data_only=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel.target for _sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        if not sheets:
            raise _NotPlain
        with reader.archive.open(sheets[0]) as source:
            yield from _cell_values(source, reader.shared_strings, reader.wb)
    finally:
        reader.archive.close()


_COLUMN_NUMBERS: dict[str, int] = {}
_LETTERS = tuple(get_column_letter(number) for number in range(1, 703))  # A … ZZ


def _column_number(letters: str) -> int:
    number = _COLUMN_NUMBERS.get(letters)
    if number is None:
        number = column_index_from_string(letters)  # raises for anything that is not a column
        if len(_COLUMN_NUMBERS) < 20_000:  # bounded: a worker lives long, columns are few
            _COLUMN_NUMBERS[letters] = number
    return number


def _typed_value(kind: str, text: str, style: str | None, strings: list[str], workbook) -> object:
    """The value of a cell that is not a string, from the text of its <v>."""
    if kind == "n":
        number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
        style_id = int(style or 0)
        if style_id not in workbook._date_formats:
            return number
        try:
            return from_excel(number, workbook.epoch, timedelta=style_id in workbook._timedelta_formats)
        except (OverflowError, ValueError):
            return "#VALUE!"
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)
    return text  # "str", "e"


def _cell_values(source, strings: list[str], workbook) -> Iterable[tuple[int, tuple]]:
    """(row number, the row's values from column A) for each row element of the sheet's XML.

    The loop is written out flat: it runs once per cell, a million times for a full file.
    """
    number = 0
    for row in _elements(source, _ROW):
        number = int(row.get("r") or number + 1)
        row_tail = str(number)
        values: list[object] = []
        for cell in row:
            if cell.tag != _CELL:
                continue
            filled = len(values)
            reference = cell.get("r")
            if reference is None:
                column = filled + 1
            elif filled < len(_LETTERS) and reference == _LETTERS[filled] + row_tail:
                column = filled + 1  # the next cell of this row: nearly always
            else:
                column = _column_number(reference.rstrip(_DIGITS))
                if column <= filled:
                    raise _NotPlain
                values.extend([None] * (column - 1 - filled))
            kind = cell.get("t", "n")
            text = inline = None
            for child in cell:  # <v>, <is> or <f>; the first of each counts, as with find()
                tag = child.tag
                if tag == _VALUE:
                    if text is None:
                        text = child.text or ""
                elif tag == _INLINE:
                    if inline is None:
                        inline = child
                elif tag == _FORMULA:
                    raise _NotPlain
            if kind == "inlineStr":
                if inline is None:
                    values.append(None)
                elif len(inline) == 1 and (only := inline[0]).tag == _TEXT:
                    values.append(only.text or "")
                else:
                    values.append(_text_of(inline))
            elif not text:
                values.append(None)
            elif kind == "s":
                values.append(strings[int(text)])
            else:
                values.append(_typed_value(kind, text, cell.get("s"), strings, workbook))
        yield number, tuple(values)
    if not number:  # no row at all (or rows in a namespace not known here): openpyxl decides
        raise _NotPlain


def _csv_rows(data: bytes, columns: Sequence[Column]) -> list[tuple[int, tuple]]:
    text = data.decode("utf-8-sig")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is "," (Vietnamese settings): pick what splits the header.
    delimiter = max((",", ";", "\t"), key=lambda d: sum(column_for_header(h.strip('"'), columns) is not None
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
        for value in values:  # usually ends at the first cell
            if value is not None and (not isinstance(value, str) or value.strip()):
                break
        else:
            continue  # every cell blank
        kept.append((number, values))
        if len(kept) > MAX_ROWS + 1:  # the header row and MAX_ROWS data rows
            message = _("The file has more than %(max)s rows. Split it into several files.")
            raise SheetError([RowError(None, "", message % {"max": number_format(MAX_ROWS, force_grouping=True)})])
    return kept


def _header_columns(number: int, values: tuple,
                    known: Sequence[Column]) -> tuple[list[Column | None], list[RowError]]:
    columns: list[Column | None] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for value in values:
        header = cell_text(value)
        column = column_for_header(header, known) if header else None
        if header and column is None:
            errors.append(RowError(number, header, _("Unknown column. Use the headers of the template.")))
        elif column is not None and column.field in seen:
            errors.append(RowError(number, header, _("This column appears twice.")))
            column = None
        if column is not None:
            seen.add(column.field)
        columns.append(column)
    for column in known:
        if column.required and column.field not in seen:
            errors.append(RowError(number, column.header, _("This column is missing.")))
    return columns, errors


def _rows_by_column(raw_rows: list[tuple[int, tuple]], known: Sequence[Column]) -> list[SheetRow]:
    if not raw_rows:
        raise SheetError([RowError(None, "", _("The file is empty."))])
    header_number, header_values = raw_rows[0]
    columns, errors = _header_columns(header_number, header_values, known)
    width = len(columns)
    fields = [(position, column.field) for position, column in enumerate(columns) if column is not None]
    # Values under a blank header cell, or right of the header row, are reported (once a column).
    unheaded = [position for position, value in enumerate(header_values) if _blank(value)]
    stray_reported: set[int] = set()
    rows = []
    for number, values in raw_rows[1:]:
        count = len(values)
        if count >= width:
            cells = {field: values[position] for position, field in fields}
        else:
            cells = {field: values[position] for position, field in fields if position < count}
        for position in (*unheaded, *range(width, count)):
            if position < count and position not in stray_reported and not _blank(values[position]):
                stray_reported.add(position)
                letter = get_column_letter(position + 1)
                errors.append(RowError(number, letter, _("Column %(letter)s has values but no header.")
                                       % {"letter": letter}))
        rows.append(SheetRow(number, cells))
    if errors:
        raise SheetError(errors)
    return rows


def parse_row(row: SheetRow, columns: Sequence[Column]) -> tuple[dict[str, object], list[RowError]]:
    """Every cell of `row` through its column's parser: the values by field, and one error per bad cell."""
    values: dict[str, object] = {}
    errors: list[RowError] = []
    for column in columns:
        if column.field not in row.cells:
            continue
        try:
            values[column.field] = column.parse(row.cells[column.field])
        except CellError as exc:
            errors.append(RowError(row.number, column.header, str(exc)))
    return values, errors


# --- writing -----------------------------------------------------------------------------------------

def cells_for(columns: Sequence[Column], values: Mapping[str, object]) -> list[object]:
    """A record's values (by field) as an export row: choices as their first word, dates dd/mm/yyyy,
    booleans Có/Không, text made formula-safe."""
    row: list[object] = []
    for column in columns:
        value = values.get(column.field)
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = YES_WORDS[0] if value else NO_WORDS[0]
        elif isinstance(value, datetime.datetime | datetime.date):
            value = f"{value:%d/%m/%Y}"
        elif column.words is not None:
            value = column.word_for(value)
        row.append(spreadsheet_safe(value))
    return row


def write_csv(columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, which is what makes Excel read Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in columns])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _text_cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value:
        cell.data_type = "s"  # openpyxl would store a cell that starts with "=" as a formula
    return cell


def write_xlsx(columns: Sequence[Column], rows: Iterable[Sequence[object]], *, title: str = "Dữ liệu") -> bytes:
    """An export: one sheet, the header row, then `rows` (written in streaming mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_template_xlsx(columns: Sequence[Column], *, title: str = "Dữ liệu",
                        yes_no_fields: Sequence[str] = ()) -> bytes:
    """The blank template: the header row, drop-down lists of the accepted words, text-typed cells.

    `yes_no_fields` are the columns that take Có/Không, listed with the choices."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    list_columns = [c for c in columns if c.words or c.field in yes_no_fields]
    if list_columns:
        lists = workbook.create_sheet(LISTS_SHEET)
        for list_index, column in enumerate(list_columns, start=1):
            words = [aliases[0] for aliases in column.words.values()] if column.words else [YES_WORDS[0], NO_WORDS[0]]
            lists.cell(row=1, column=list_index, value=column.header).font = HEADER_FONT
            for row_index, word in enumerate(words, start=2):
                lists.cell(row=row_index, column=list_index, value=word)
            lists.column_dimensions[get_column_letter(list_index)].width = column.width
            list_letter = get_column_letter(list_index)
            # A drop-down, not a restriction: the import also accepts short forms and labels.
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(words) + 1}",
                allow_blank=True,
                showErrorMessage=False,
            )
            data_letter = get_column_letter(list(columns).index(column) + 1)
            validation.add(f"{data_letter}2:{data_letter}5000")
            sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
