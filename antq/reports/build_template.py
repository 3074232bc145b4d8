"""Build the year's report template: `python -m antq.reports.build_template` (commit the result).

The frame of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman 13 pt;
the issuing body and the number top left, the national title and motto and the place and date top
right, the title centred, then the body (a sub-document built by `annual.py`), the recipients and
the signature. docxtpl fills the `{{ … }}` tags.
"""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUTPUT = Path(__file__).parent / "docx" / "annual_report.docx"
FONT = "Times New Roman"
TEXT_WIDTH_MM = 165
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _para(container, text: str = "", *, bold=False, italic=False, size: float | None = None, align=CENTER,
          before: float = 0, after: float = 0):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    paragraph.alignment = align
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(before), Pt(after)
    return paragraph


def _cell(table, row: int, column: int, width_mm: float):
    cell = table.cell(row, column)
    cell.width = Mm(width_mm)
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)
    return cell


def _widths(table, *widths_mm: float) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(20), Mm(20), Mm(30), Mm(15))
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.name, style.font.size = FONT, Pt(13)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    properties = doc.core_properties
    properties.author = properties.last_modified_by = "ANTQ"
    properties.created = properties.modified = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    header = doc.add_table(rows=1, cols=2)
    header.alignment, header.autofit = WD_TABLE_ALIGNMENT.CENTER, False
    _widths(header, 62, TEXT_WIDTH_MM - 62)
    left, right = _cell(header, 0, 0, 62), _cell(header, 0, 1, TEXT_WIDTH_MM - 62)
    _para(left, "{%p if issuing_body_parent %}")
    _para(left, "{{ issuing_body_parent }}", size=12)
    _para(left, "{%p endif %}")
    _para(left, "{{ issuing_body }}", bold=True, size=12)
    _para(left, "_______")
    _para(left, "{{ number_symbol }}", before=6)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    _para(right, "_______________________")
    _para(right, "{{ date_line }}", italic=True, before=6)

    _para(doc, "{{ title_upper }}", bold=True, size=14, before=18)
    _para(doc, "{{ title }}", bold=True, size=14)
    _para(doc, "_______", after=12)
    _para(doc, "{{p body }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    footer = doc.add_table(rows=1, cols=2)
    footer.autofit = False
    _widths(footer, 80, TEXT_WIDTH_MM - 80)
    left, right = _cell(footer, 0, 0, 80), _cell(footer, 0, 1, TEXT_WIDTH_MM - 80)
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    _para(left, "{%p for line in recipients_lines %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, "{{ signer_title }}", bold=True, before=12)
    for _ in range(4):
        _para(right)
    _para(right, "{{ signer_name }}", bold=True)
    return doc


def main() -> int:
    OUTPUT.parent.mkdir(exist_ok=True)
    build().save(OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
