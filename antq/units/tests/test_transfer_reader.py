"""The fast .xlsx reader (`antq.core.sheets`, on lxml) gives what openpyxl gives, or leaves the file to openpyxl.

No database: these read bytes only.
"""

import datetime
import io
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from antq.core import sheets
from antq.units.transfer.columns import COLUMNS, HEADERS

# Naive datetimes: a spreadsheet's dates carry no time zone.
MARCH_5 = datetime.datetime(2025, 3, 5)  # noqa: DTZ001
LEAP_AFTERNOON = datetime.datetime(2024, 2, 29, 13, 30)  # noqa: DTZ001
ROWS = [
    ["Khu dân cư", "Thôn Đông", "Thôn", None, "Số 1, đường Bến Thành", "01/07/2025"],
    [None, None, None, None, None, None],  # a blank row, skipped
    ["Cơ quan", "  Ủy ban   nhân dân ", None, "0012", "x005F_ hidden", None, None, None, "Xã", True],
    ["DN", "Công ty &lt; <b> & \"Q\"", None, 1234567890, None, MARCH_5, "Nhỏ", None, "Tỉnh", False],
    ["CSGD", "Trường 1", None, 3.5, None, datetime.date(2001, 12, 31), None, "THCS", "Xã", None, None, None],
    [None, None, None, None, None, None, None, None, None, None, "lạc cột"],  # a value right of the header
    ["KDC", "Tổ 1\nhai dòng", "TDP", -7, "", LEAP_AFTERNOON],
]


def _openpyxl_rows(data: bytes) -> list[tuple[int, tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = sheets._non_blank(enumerate(sheet.iter_rows(values_only=True), start=1))
    workbook.close()
    return rows


def _fast_rows(data: bytes) -> list[tuple[int, tuple]]:
    return sheets._non_blank(sheets._plain_rows(data))


def _book(write_only: bool) -> bytes:
    """openpyxl writes inline strings in write-only mode and shared strings (as Excel does) otherwise."""
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Đơn vị") if write_only else workbook.active
    for row in [list(HEADERS), *ROWS]:
        sheet.append(row)
    if not write_only:
        sheet["B20"] = CellRichText("Thôn ", TextBlock(InlineFont(b=True), "Rich"), " text")
        sheet["D21"] = 42  # a row that starts in column D
        sheet["A22"] = "Xóm"
        sheet["C22"] = "cột C, B trống"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [True, False], ids=["inline strings", "shared strings"])
def test_fast_reader_gives_openpyxl_values(write_only):
    data = _book(write_only)
    fast = _fast_rows(data)
    assert fast == _openpyxl_rows(data)
    assert fast[0] == (1, tuple(HEADERS))
    assert len(fast) == len(ROWS) + (0 if write_only else 3)  # the blank row is left out
    values = dict(fast)
    assert values[4][3] == "0012" and values[5][3] == 1234567890 and values[6][3] == 3.5
    assert values[5][5] == MARCH_5 and values[4][9] is True and values[5][9] is False


def test_rich_text_is_read_as_its_plain_text():
    data = _book(write_only=False)
    assert dict(_fast_rows(data))[20][1] == "Thôn Rich text"


def _with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item, content)
    return buffer.getvalue()


def test_a_sheet_with_a_doctype_is_left_to_openpyxl():
    entity = b'<!DOCTYPE worksheet [<!ENTITY x "Th\xc3\xb4n X">]>'
    data = _with_sheet_xml(_book(write_only=True),
                           lambda xml: entity + xml.replace(b"Th&#244;n &#272;&#244;ng", b"&x;"))
    with pytest.raises(sheets._NotPlain):
        _fast_rows(data)


def test_a_formula_is_left_to_openpyxl_and_read_as_its_text():
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    workbook.active.append(["KDC", '=HYPERLINK("http://x","y")', "Thôn"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(sheets._NotPlain):
        _fast_rows(buffer.getvalue())
    rows = sheets.read_sheet(buffer.getvalue(), "a.xlsx", COLUMNS)
    assert rows[0].cells["name"] == '=HYPERLINK("http://x","y")'


def test_cells_out_of_order_are_left_to_openpyxl():
    data = _with_sheet_xml(_book(write_only=True), lambda xml: xml.replace(b'r="B2"', b'r="A2"', 1))
    with pytest.raises(sheets._NotPlain):
        _fast_rows(data)


def test_read_sheet_reports_values_without_a_header_once_a_column():
    with pytest.raises(sheets.SheetError) as raised:
        sheets.read_sheet(_book(write_only=True), "a.xlsx", COLUMNS)
    assert [(e.row, e.column) for e in raised.value.errors] == [(7, "K")]


@pytest.mark.parametrize("text", [
    "01/07/2025", "1/7/2025", "31/12/1999", "29/02/2024", "29/02/2025", "31/04/2025", "00/01/2025",
    "1/13/2025", "01/07/25", "01/07/20251", "1-7-2025", "٠١/٠٧/٢٠٢٥", "01/07/0000", "7/1/2025 ", "abc", "3 /1/2025",
])
def test_dates_are_read_as_strptime_reads_them(text):
    try:
        expected = datetime.datetime.strptime(sheets.cell_text(text), "%d/%m/%Y").date()  # noqa: DTZ007
    except ValueError:
        with pytest.raises(sheets.CellError):
            sheets.parse_date(text)
    else:
        assert sheets.parse_date(text) == expected


def test_cell_text_and_yes_no_are_unchanged_for_every_kind_of_cell():
    assert sheets.cell_text("  Tha\u0300nh   Công ") == "Thành Công"  # NFC, spaces collapsed
    assert sheets.cell_text("") == "" and sheets.cell_text(None) == ""
    assert sheets.cell_text("'=1") == "=1" and sheets.cell_text(12.0) == "12" and sheets.cell_text(True) == "Có"
    assert [sheets.parse_yes_no(w) for w in ("có", "X", "", None, "không", "KHONG", False)] == [
        True, True, False, False, False, False, False]
    with pytest.raises(sheets.CellError):
        sheets.parse_yes_no("có lẽ")
