"""Reading a workbook of past classification results: unit code or name, year, level, score (optional).

Headers are matched without accents or case ("Mã đơn vị", "ma don vi", "Code" …), level words likewise
("Khá", "kha", "Loại Khá", "TB", "good" …). Problems with the file as a whole raise `SheetError` before any
row is looked at; `parse_row` turns one row's cells into values or row errors. The error type, the file
checks and the row cap are those of the unit import (`antq.units.transfer.reader`).
"""

import io
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import openpyxl
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antq.core.text import fold, nfc
from antq.units.transfer.reader import MAX_ROWS, RowError, SheetError, content_problem

# Column → accepted headers, folded. The first header of each is the one the template writes.
HEADERS = {
    "code": ("Mã đơn vị", "ma", "ma don vi", "ma dvhc", "code", "unit code"),
    "name": ("Tên đơn vị", "ten", "ten don vi", "don vi", "name", "unit name", "unit"),
    "year": ("Năm", "nam", "nam danh gia", "year"),
    "level": ("Xếp loại", "xep loai", "muc xep loai", "phan loai", "ket qua phan loai", "level"),
    "score": ("Điểm", "diem", "tong diem", "score", "points"),
}
_BY_HEADER = {fold(header): column for column, headers in HEADERS.items() for header in headers}
REQUIRED = ("year", "level")

LEVEL_WORDS = {
    "excellent": ("xuat sac", "xs", "excellent"),
    "good": ("kha", "k", "good"),
    "average": ("trung binh", "tb", "average"),
    "weak": ("yeu", "kem", "y", "weak"),
}
_LEVEL_BY_WORD = {word: level for level, words in LEVEL_WORDS.items() for word in words}
_LEVEL_PREFIXES = ("dat loai ", "xep loai ", "loai ", "muc ")


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, object]


@dataclass(frozen=True)
class Values:
    code: str
    name: str
    year: int
    level: str
    score: Decimal | None


def level_from_text(value: object) -> str | None:
    """The level written in a cell ("Khá", "trung binh", "Loại Xuất sắc", "TB", "good"), None if unknown."""
    text = fold(str(value or ""))
    for prefix in _LEVEL_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
    return _LEVEL_BY_WORD.get(text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def read_rows(data: bytes, file_name: str) -> list[Row]:
    """The non-blank rows under the header row of the first sheet; `SheetError` for a bad file or header."""
    if not file_name.lower().endswith(".xlsx"):
        raise SheetError([RowError(None, "", _("Upload an .xlsx workbook."))])
    if problem := content_problem("xlsx", data):
        raise SheetError([RowError(None, "", problem)])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # styles and extensions openpyxl does not keep
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()
                raw = []
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                        continue
                    raw.append((number, values))
                    if len(raw) > MAX_ROWS + 1:
                        raise SheetError([RowError(None, "", _("The file has more than %(max)s rows. Split it into "
                                                                "several files.") % {
                            "max": number_format(MAX_ROWS, force_grouping=True)})])
            finally:
                workbook.close()
    except SheetError:
        raise
    except Exception as exc:  # a damaged or foreign zip fails in many ways inside openpyxl
        raise SheetError([RowError(None, "", _("The file could not be read as an Excel workbook (.xlsx)."))]) from exc
    if not raw:
        raise SheetError([RowError(None, "", _("The file is empty."))])
    return _by_column(raw)


def _by_column(raw: list[tuple[int, tuple]]) -> list[Row]:
    header_number, header = raw[0]
    columns: list[str | None] = []
    errors: list[RowError] = []
    for value in header:
        text = _cell_text(value)
        column = _BY_HEADER.get(fold(text)) if text else None
        if text and column is None:
            errors.append(RowError(header_number, text, _("Unknown column. Use the headers of the template.")))
        elif column is not None and column in columns:
            errors.append(RowError(header_number, text, _("This column appears twice.")))
            column = None
        columns.append(column)
    for column in REQUIRED:
        if column not in columns:
            errors.append(RowError(header_number, HEADERS[column][0], _("This column is missing.")))
    if "code" not in columns and "name" not in columns:
        errors.append(RowError(header_number, HEADERS["name"][0], _("Give the unit code or the unit name.")))
    if errors:
        raise SheetError(errors)
    rows = [Row(number, {columns[i]: v for i, v in enumerate(values) if i < len(columns) and columns[i]})
            for number, values in raw[1:]]
    if not rows:
        raise SheetError([RowError(None, "", _("The file has a header row but no results below it."))])
    return rows


def parse_row(row: Row, *, last_year: int) -> tuple[Values | None, list[RowError]]:
    """The values of one row, or the problems with each of its cells."""
    errors = []
    code, name = _cell_text(row.cells.get("code")), _cell_text(row.cells.get("name"))
    if not code and not name:
        errors.append(RowError(row.number, HEADERS["name"][0], _("Write the unit code or the unit name.")))
    year = None
    raw_year = _cell_text(row.cells.get("year"))
    if raw_year.isdigit() and 2000 <= int(raw_year) <= last_year:
        year = int(raw_year)
    else:
        errors.append(RowError(row.number, HEADERS["year"][0],
                               _("Write a year from 2000 to %(last)s.") % {"last": last_year}))
    level = level_from_text(row.cells.get("level"))
    if level is None:
        errors.append(RowError(row.number, HEADERS["level"][0],
                               _("Write the level: Xuất sắc, Khá, Trung bình or Yếu.")))
    score = None
    raw_score = _cell_text(row.cells.get("score")).replace(",", ".")
    if raw_score:
        try:
            score = Decimal(raw_score)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 100 or score.as_tuple().exponent < -2:
            errors.append(RowError(row.number, HEADERS["score"][0],
                                   _("Write the score as a number from 0 to 100, or leave it empty.")))
            score = None
    if errors:
        return None, errors
    return Values(code=code, name=name, year=year, level=level, score=score), []
