"""Writing the template and exports: the same columns the import reads, cells made formula-safe."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from antq.core.sheets import CONTENT_TYPES, HEADER_FILL, HEADER_FONT  # noqa: F401 — CONTENT_TYPES re-exported
from antq.core.text import spreadsheet_safe
from antq.units.models import UnitKind
from antq.units.transfer.columns import COLUMN_BY_FIELD, COLUMNS, HEADERS, LISTS_SHEET, NO_WORDS, YES_WORDS

DATA_SHEET = "Đơn vị"
WIDTHS = {"kind": 16, "name": 40, "local_kind": 16, "code": 12, "address": 40, "valid_from": 14,
          "enterprise_size": 16, "school_level": 22, "managing_level": 18, "is_armed_forces": 16}
# Typed as text, so Excel keeps the leading zeros of a code and does not read 05/03 as 3 May.
TEXT_FIELDS = ("code", "valid_from")


def unit_cells(unit) -> list[object]:
    """One unit as the cells of an export row, in column order and formula-safe."""
    values = {
        "kind": COLUMN_BY_FIELD["kind"].word_for(unit.kind),
        "name": unit.name,
        "local_kind": COLUMN_BY_FIELD["local_kind"].word_for(unit.local_kind),
        "code": unit.code,
        "address": unit.address,
        "valid_from": f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "",
        "enterprise_size": COLUMN_BY_FIELD["enterprise_size"].word_for(unit.enterprise_size),
        "school_level": COLUMN_BY_FIELD["school_level"].word_for(unit.school_level),
        "managing_level": COLUMN_BY_FIELD["managing_level"].word_for(unit.managing_level),
        # Only an agency can be armed forces; for other kinds the column stays empty.
        "is_armed_forces": (YES_WORDS[0] if unit.is_armed_forces else NO_WORDS[0])
        if unit.kind == UnitKind.AGENCY else "",
    }
    return [spreadsheet_safe(values[c.field]) for c in COLUMNS]


def write_csv(rows: Iterable[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark, which is what makes Excel read Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[list[object]]) -> bytes:
    """An export: one sheet, the header row, then `rows` (written in streaming mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    for column in COLUMNS:
        sheet.column_dimensions[get_column_letter(COLUMNS.index(column) + 1)].width = WIDTHS[column.field]
    sheet.freeze_panes = "A2"
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # Force strings: openpyxl would store a cell that starts with "=" as a formula.
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value:
        cell.data_type = "s"
    return cell


def write_template_xlsx() -> bytes:
    """The blank template: the header row, drop-down lists of the accepted words, text-typed cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(HEADERS))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[letter].width = WIDTHS[column.field]
        if column.field in TEXT_FIELDS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    list_columns = [c for c in COLUMNS if c.words] + [COLUMN_BY_FIELD["is_armed_forces"]]
    for list_index, column in enumerate(list_columns, start=1):
        words = [aliases[0] for aliases in column.words.values()] if column.words else [YES_WORDS[0], NO_WORDS[0]]
        lists.cell(row=1, column=list_index, value=column.header).font = HEADER_FONT
        for row_index, word in enumerate(words, start=2):
            lists.cell(row=row_index, column=list_index, value=word)
        lists.column_dimensions[get_column_letter(list_index)].width = WIDTHS[column.field]
        list_letter = get_column_letter(list_index)
        # A drop-down, not a restriction: the import also accepts short forms such as "KDC" or "THCS".
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(words) + 1}",
            allow_blank=True,
            showErrorMessage=False,
        )
        data_letter = get_column_letter(COLUMNS.index(column) + 1)
        validation.add(f"{data_letter}2:{data_letter}5000")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
