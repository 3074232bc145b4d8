"""The classification statistics workbook (.xlsx): a summary sheet and one sheet per block, ready to print.

The workbook is a document exchanged with offices, so it is in Vietnamese whatever the interface language
(as the recognition statistics workbook and the unit import template are). Every figure comes from one
`Statistics` (`antq.classification.statistics.classification_statistics`), the call the page and the API make,
so the three agree. Each sheet prints on A4 landscape, one page wide, with its title rows (area and year), a
bold header row repeated on every printed page, borders and set column widths. Text cells go through
`spreadsheet_safe`, so a unit named "=…" is never run as a formula.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from antq.classification.models import Block
from antq.classification.rules import LEVELS
from antq.classification.statistics import AreaRow, BlockCounts, Statistics
from antq.core.text import spreadsheet_safe
from antq.units.models import REFORM_DATE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LEVEL_NAMES = {"excellent": "Xuất sắc", "good": "Khá", "average": "Trung bình", "weak": "Yếu"}
NOT_CLASSIFIED = "Chưa xếp loại"
# Sheet names (at most 31 characters, none of : \ / ? * [ ]) and the block as a table row names it.
SHEET_NAMES = {
    Block.COMMUNE: "Xã, phường, thị trấn", Block.ORG_LOCAL: "CQ, DN cấp xã (huyện) quản lý",
    Block.ORG_PROVINCE: "CQ, DN cấp tỉnh, Bộ quản lý", Block.SCHOOL: "Cơ sở giáo dục",
    Block.RESIDENTIAL_AREA: "Khu dân cư", Block.DISTRICT: "Cấp huyện",
}
BLOCK_NAMES = {
    Block.COMMUNE: "Xã, phường, thị trấn, đặc khu",
    Block.ORG_LOCAL: "Cơ quan, doanh nghiệp do cấp xã (huyện) quản lý",
    Block.ORG_PROVINCE: "Cơ quan, doanh nghiệp do cấp tỉnh, Bộ quản lý",
    Block.SCHOOL: "Cơ sở giáo dục", Block.RESIDENTIAL_AREA: "Khu dân cư", Block.DISTRICT: "Huyện, quận, thị xã",
}
SUMMARY_SHEET = "Tổng hợp"
FIGURE_HEADERS = ["Tổng số đơn vị", *(f"{LEVEL_NAMES[level]} ({part})" for level in LEVELS
                                      for part in ("số lượng", "tỷ lệ %")),
                  f"{NOT_CLASSIFIED} (số lượng)", f"{NOT_CLASSIFIED} (tỷ lệ %)"]
SUMMARY_HEADERS = ["Khối", *FIGURE_HEADERS]
AREA_HEADERS = ["STT", "Địa bàn", *FIGURE_HEADERS]
YEAR_HEADERS = ["", "Năm", *FIGURE_HEADERS]  # aligned with the areas' columns
HEADER_ROW = 5  # title, area, note, blank, then the header

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHARE_FORMAT = "0.0"
# Named styles, registered once per workbook: setting a cell's font, border and format one by one costs more
# than the rest of the workbook put together.
HEADER, NUMBER, SHARE, TEXT, TOTAL, TOTAL_SHARE, TOTAL_TEXT = (
    "antq-header", "antq-number", "antq-share", "antq-text", "antq-total", "antq-total-share", "antq-total-text")


def _styles() -> list[NamedStyle]:
    wrap = Alignment(wrap_text=True, vertical="center")
    return [
        NamedStyle(HEADER, font=Font(bold=True), fill=PatternFill("solid", fgColor="D9E1F2"), border=_BORDER,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle(NUMBER, border=_BORDER),
        NamedStyle(SHARE, border=_BORDER, number_format=_SHARE_FORMAT),
        NamedStyle(TEXT, border=_BORDER, alignment=wrap),
        NamedStyle(TOTAL, font=Font(bold=True), border=_BORDER),
        NamedStyle(TOTAL_SHARE, font=Font(bold=True), border=_BORDER, number_format=_SHARE_FORMAT),
        NamedStyle(TOTAL_TEXT, font=Font(bold=True), border=_BORDER, alignment=wrap),
    ]


def _figures(counts: BlockCounts) -> list:
    """Units, then each level's count and share, then the units not classified: numbers, shares as numbers."""
    cells: list = [counts.units]
    for level in LEVELS:
        n = counts.levels.get(level, 0)
        cells += [n, _number(counts.share(n))]
    return [*cells, counts.not_classified, _number(counts.share(counts.not_classified))]


def _number(value):
    return None if value is None else float(value)


def _title_rows(sheet: Worksheet, stats: Statistics, title: str, width: int) -> None:
    note = ""
    if stats.remapped:
        note = ("Số liệu năm trước ngày 01/7/2025 được quy đổi về đơn vị hành chính hiện nay "
                "(đơn vị cũ sáp nhập toàn bộ vào một đơn vị mới được tính cho đơn vị mới).")
    elif stats.year < REFORM_DATE.year:
        note = "Số liệu theo đơn vị hành chính tại thời điểm năm đánh giá."
    rows = [f"{title} NĂM {stats.year}", f"Địa bàn: {stats.area.name}", note]
    for index, text in enumerate(rows, start=1):
        cell = sheet.cell(row=index, column=1, value=spreadsheet_safe(text))
        cell.font = Font(bold=index == 1, size=13 if index == 1 else 11, italic=index == 3)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    sheet.row_dimensions[1].height = 36


def _header(sheet: Worksheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        sheet.cell(row=row, column=column, value=text).style = HEADER
    sheet.row_dimensions[row].height = 45


def _row(sheet: Worksheet, row: int, values: list, *, bold: bool = False, first_text: int = 1) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=spreadsheet_safe(value))
        if column <= first_text and isinstance(value, str):
            cell.style = TOTAL_TEXT if bold else TEXT
        elif isinstance(value, float):
            cell.style = TOTAL_SHARE if bold else SHARE
        else:
            cell.style = TOTAL if bold else NUMBER


def _print_setup(sheet: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


_FIGURE_WIDTHS = [11.0] + [9.5] * (2 * len(LEVELS) + 2)


def _summary(sheet: Worksheet, stats: Statistics) -> None:
    sheet.title = SUMMARY_SHEET
    _title_rows(sheet, stats, "KẾT QUẢ ĐÁNH GIÁ, PHÂN LOẠI PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
                len(SUMMARY_HEADERS))
    _header(sheet, HEADER_ROW, SUMMARY_HEADERS)
    row = HEADER_ROW
    for counts in stats.blocks:
        row += 1
        _row(sheet, row, [BLOCK_NAMES[counts.block], *_figures(counts)])
    row += 2
    sheet.cell(row=row, column=1, value="Kết quả theo cách ghi trong báo cáo:").font = Font(bold=True)
    for counts in stats.blocks:
        if counts.classified:
            row += 1
            sheet.cell(row=row, column=1, value=spreadsheet_safe(f"{BLOCK_NAMES[counts.block]}: {sentence(counts)}"))
    _print_setup(sheet, [40.0, *_FIGURE_WIDTHS])


def sentence(counts: BlockCounts) -> str:
    """ "Khá 131/159 (82,4%); Trung bình 28/159 (17,6%)", in Vietnamese whatever the interface language."""
    parts = [_part(LEVEL_NAMES[level], n, counts) for level, n in counts.levels.items() if n]
    if counts.not_classified:
        parts.append(_part(NOT_CLASSIFIED.lower(), counts.not_classified, counts))
    return "; ".join(parts)


def _part(label: str, n: int, counts: BlockCounts) -> str:
    share = counts.share(n)
    text = f"{label} {n}/{counts.units}"
    return f"{text} ({str(share).replace('.', ',')}%)" if share is not None else text


def _block_sheet(sheet: Worksheet, stats: Statistics, block: str) -> None:
    sheet.title = SHEET_NAMES[block]
    _title_rows(sheet, stats, f"KẾT QUẢ PHÂN LOẠI PHONG TRÀO — {BLOCK_NAMES[block].upper()}", len(AREA_HEADERS))
    _header(sheet, HEADER_ROW, AREA_HEADERS)
    row = HEADER_ROW
    for number, area_row in enumerate(stats.children, start=1):
        row += 1
        _row(sheet, row, [number, area_row.unit.name, *_figures(area_row.block(block))], first_text=2)
    for area_row in stats.unattributed:
        if not (area_row.block(block).units or area_row.block(block).classified):
            continue  # a district has nothing in the communes' block, a split commune none in the districts'
        row += 1
        _row(sheet, row, ["", _apart_name(area_row), *_figures(area_row.block(block))], first_text=2)
    row += 1
    this_year = next(b for b in stats.years if b.year == stats.year) if stats.years else None
    total = this_year.block(block) if this_year else next(b for b in stats.blocks if b.block == block)
    _row(sheet, row, ["", f"Cộng: {stats.area.name}", *_figures(total)], bold=True, first_text=2)
    if len(stats.years) > 1:
        row += 2
        sheet.cell(row=row, column=1, value="So sánh qua các năm").font = Font(bold=True)
        row += 1
        _header(sheet, row, YEAR_HEADERS)
        for counts in reversed(stats.years):
            row += 1
            _row(sheet, row, ["", counts.year, *_figures(counts.block(block))])
    _print_setup(sheet, [6.0, 34.0, *_FIGURE_WIDTHS])


def _apart_name(row: AreaRow) -> str:
    if row.split_among:
        return f"{row.unit.name} (chia tách về: {', '.join(row.split_among)}; không quy đổi)"
    return f"{row.unit.name} (không quy đổi)"


def statistics_workbook(stats: Statistics) -> bytes:
    """The workbook of `stats` (made with `history` and `children` for the per-area and per-year tables)."""
    workbook = Workbook()
    for style in _styles():
        workbook.add_named_style(style)
    _summary(workbook.active, stats)
    for counts in stats.blocks:
        _block_sheet(workbook.create_sheet(), stats, counts.block)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_file_name(stats: Statistics) -> str:
    suffix = "-quy-doi" if stats.remapped else ""
    return f"thong-ke-phan-loai-{stats.year}-{stats.area.pk}{suffix}.xlsx"
