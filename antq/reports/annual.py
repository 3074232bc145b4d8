"""The year's report of an area as a document: its context, the .docx, and the PDF made from it.

Layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): the issuing body top left with the number and symbol,
the national title and motto top right with the place and date, the title, the body, the recipients
and the signature. The template (`docx/annual_report.docx`, built by `build_template.py`) holds that
frame; the body — the officer's text and every module's section with its tables — is built here as
a docxtpl sub-document, in Vietnamese whatever the interface language.
"""

import datetime
import io
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from antq.reports.models import ReportFormat, ReportText
from antq.reports.pdf import docx_to_pdf
from antq.reports.sections import Section, report_sections
from antq.reports.services import report_text_initial
from antq.units.models import Unit

TEMPLATE = Path(__file__).parent / "docx" / "annual_report.docx"
TEXT_WIDTH_MM = 165  # A4 less the margins of Nghị định 30/2020 (30 mm left, 15 mm right)
FIRST_COLUMN_MM = 38
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def report_text_values(*, area: Unit, year: int) -> dict[str, str]:
    """The officer's saved text, or what a new one starts with."""
    saved = ReportText.objects.filter(area=area, year=year).first()
    if saved is None:
        return report_text_initial(area=area, year=year)
    return {name: getattr(saved, name) for name in report_text_initial(area=area, year=year)}


def date_line(place: str, day: datetime.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _paragraphs(container, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True) -> None:
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        paragraph = container.add_paragraph()
        run = paragraph.add_run(line.strip())
        run.bold, run.italic = bold, italic
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Mm(10) if indent else None
        fmt.space_after = Pt(6)


def _table(container, table) -> None:
    _paragraphs(container, table.title, bold=True, indent=False)
    grid = container.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    # The first column names the row and needs room; the figures share the rest (Word reads the
    # cells' widths, LibreOffice the grid's).
    first = FIRST_COLUMN_MM if len(table.columns) > 1 else TEXT_WIDTH_MM
    widths = [Mm(first)] + [Mm((TEXT_WIDTH_MM - first) / (len(table.columns) - 1))] * (len(table.columns) - 1)
    rows = [*table.rows, *([table.total] if table.total else [])]
    for index, heading in enumerate(table.columns):
        grid.columns[index].width = widths[index]
        cell = grid.rows[0].cells[index]
        cell.width = widths[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(heading))
        run.bold, run.font.size = True, Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row_index, row in enumerate(rows):
        cells = grid.add_row().cells
        for index, value in enumerate(row):
            cells[index].width = widths[index]
            cells[index].text = ""
            run = cells[index].paragraphs[0].add_run(str(value))
            run.font.size = Pt(11)
            run.bold = table.total is not None and row_index == len(rows) - 1
            cells[index].paragraphs[0].alignment = (
                WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.CENTER)
    # The heading row repeats on every page the table runs onto, and no row is split across two pages.
    for index, row in enumerate(grid.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(properties.makeelement(qn("w:cantSplit"), {}))
        if index == 0:
            properties.append(properties.makeelement(qn("w:tblHeader"), {}))
    if table.note:
        _paragraphs(container, table.note, italic=True, indent=False)


def _body(template: DocxTemplate, text: dict[str, str], sections: list[Section]):
    body = template.new_subdoc()
    parts = [
        ("ĐẶC ĐIỂM TÌNH HÌNH", text["summary"], None),
        ("KẾT QUẢ ĐẠT ĐƯỢC", text["results"], sections),
        ("HẠN CHẾ, NGUYÊN NHÂN", text["limitations"], None),
        ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI", text["next_year_tasks"], None),
    ]
    for number, (heading, free_text, with_sections) in enumerate(parts):
        _paragraphs(body, f"{ROMAN[number]}. {heading}", bold=True, indent=True)
        _paragraphs(body, free_text)
        for index, section in enumerate(with_sections or (), start=1):
            _paragraphs(body, f"{index}. {section.heading}", bold=True)
            for sentence in section.sentences:
                _paragraphs(body, f"- {sentence}")
            for table in section.tables:
                _table(body, table)
    return body


def annual_report_docx(*, actor, area: Unit, year: int, today: datetime.date | None = None,
                       progress: Callable[[int, str], None] = lambda percent, step: None) -> bytes:
    with translation.override("vi"):
        text = report_text_values(area=area, year=year)
        progress(10, _("Collecting the figures"))
        sections = report_sections(actor=actor, area=area, year=year)
        progress(50, _("Writing the document"))
        template = DocxTemplate(TEMPLATE)
        context = {
            **text,
            "date_line": date_line(text["place"], today or timezone.localdate()),
            "title_upper": "BÁO CÁO",
            "body": _body(template, text, sections),
            "recipients_lines": [line for line in text["recipients"].splitlines() if line.strip()],
        }
        template.render(context, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        return buffer.getvalue()


def annual_report_file(*, actor, area: Unit, year: int, format: str,
                       progress: Callable[[int, str], None] = lambda percent, step: None) -> tuple[bytes, str]:
    """(content, file name) of the year's report in `format` (docx or pdf)."""
    content = annual_report_docx(actor=actor, area=area, year=year, progress=progress)
    stem = f"bao-cao-{year}-{slugify(area.name_folded or area.name)}"
    if format == ReportFormat.PDF:
        progress(70, _("Converting to PDF"))
        return docx_to_pdf(content), f"{stem}.pdf"
    return content, f"{stem}.docx"
