"""Build the .docx templates of the three dossier papers: `python -m antq.recognition.dossier.build_templates`.

The templates in `docx/` are generated here with python-docx and committed; `drafts.py` fills them
with docxtpl (the `{{ … }}`, `{%p … %}` and `{%tr … %}` tags below). Layout of Vietnamese
administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins 20/20/30/15 mm, Times
New Roman 13 pt; issuing body top left, national title and motto top right, the place and date line
under them, the title centred, the body justified, the recipients and the signature at the bottom.

The output is reproducible (fixed document properties and zip timestamps), so `--check` can tell
whether the committed files match this script.
"""

import argparse
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUTPUT_DIR = Path(__file__).parent / "docx"
FONT = "Times New Roman"
# Written as is instead of python-docx's properties, which carry the time of the run.
CORE_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    b"<dc:creator>ANTQ</dc:creator><cp:lastModifiedBy>ANTQ</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    b'<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    b'<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
    b"</cp:coreProperties>"
)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TEXT_WIDTH_MM = 165  # 210 − 30 − 15
SAFE = "“An toàn về an ninh, trật tự”"

CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(13)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(0), 1.1
    return doc


def _para(container, text: str = "", *, bold=False, italic=False, underline=False, size: float | None = None,
          align=None, indent=False, before: float = 0, after: float = 0):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Mm(10)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    return paragraph


def _body(doc, text: str, **kwargs):
    return _para(doc, text, align=JUSTIFY, indent=True, after=6, **kwargs)


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag (`{%p … %}`); it disappears when rendered."""
    return _para(container, tag)


def _table(container, rows: int, widths_mm: list[float]):
    """A table with fixed column widths (the grid Word and LibreOffice lay out from, and every cell)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _cell(cell, width_mm: float):
    cell.width = Mm(width_mm)
    # A new cell holds one empty paragraph; the content goes into fresh ones.
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)
    return cell


def _header(doc, number: str) -> None:
    table = _table(doc, 1, [62, TEXT_WIDTH_MM - 62])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = _cell(table.cell(0, 0), 62), _cell(table.cell(0, 1), TEXT_WIDTH_MM - 62)
    _tag(left, "{%p if issuer_top %}")
    _para(left, "{{ issuer_top }}", size=12, align=CENTER)
    _tag(left, "{%p endif %}")
    _para(left, "{{ issuer_main }}", bold=True, size=12, align=CENTER)
    _para(left, "_______", align=CENTER)
    _para(left, f"Số:        /{number}", align=CENTER, before=6)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=CENTER)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=CENTER)
    _para(right, "_______________________", align=CENTER)
    _para(right, "{{ date_line }}", italic=True, align=CENTER, before=6)
    _para(doc, after=6)


def _title(doc, kind: str, subject: str) -> None:
    _para(doc, kind, bold=True, size=14, align=CENTER, before=12)
    _para(doc, subject, bold=True, size=14, align=CENTER)
    _para(doc, "_______", align=CENTER, after=12)


def _signature(doc, *, recipients: bool = True) -> None:
    table = _table(doc, 1, [80, TEXT_WIDTH_MM - 80])
    left, right = _cell(table.cell(0, 0), 80), _cell(table.cell(0, 1), TEXT_WIDTH_MM - 80)
    if recipients:
        _para(left, "Nơi nhận:", bold=True, italic=True, size=12, before=12)
        _para(left, "- Như trên;", size=11)
        _para(left, "{{ recipient_decider }}", size=11)
        _para(left, "- Lưu: hồ sơ.", size=11)
    _tag(right, "{%p if sign_top %}")
    _para(right, "{{ sign_top }}", bold=True, align=CENTER, before=12)
    _tag(right, "{%p endif %}")
    _para(right, "{{ sign_title }}", bold=True, align=CENTER, before=0 if recipients else 12)
    _para(right, "{{ sign_note }}", italic=True, size=12, align=CENTER)
    for _ in range(4):
        _para(right)
    _para(right, "…………………………", align=CENTER)


def _criteria_table(doc, columns: list[tuple[str, float, str]]) -> None:
    """A bordered table, one row per criterion, repeated with docxtpl's row tags."""
    table = _table(doc, 4, [width for _, width, _ in columns])
    table.style = doc.styles["Table Grid"]
    for index, (heading, width, field) in enumerate(columns):
        head = _cell(table.cell(0, index), width)
        _para(head, heading, bold=True, size=12, align=CENTER)
        for row in (1, 3):
            _cell(table.cell(row, index), width)
        _para(table.cell(1, index), "{%tr for r in criteria %}" if index == 0 else "")
        _para(table.cell(3, index), "{%tr endfor %}" if index == 0 else "")
        body = _cell(table.cell(2, index), width)
        _para(body, "{{ r." + field + " }}", size=12, align=LEFT if field in ("text", "explanation") else CENTER)
    header_row = table.rows[0]._tr
    properties = header_row.get_or_add_trPr()
    repeat = properties.makeelement(qn("w:tblHeader"), {})
    properties.append(repeat)
    _para(doc, after=6)


def _figures(doc) -> None:
    _tag(doc, "{%p if figures %}")
    _body(doc, "Số liệu chủ yếu:")
    _tag(doc, "{%p for f in figures %}")
    _body(doc, "- {{ f.label }}: {{ f.value }}.")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def build_submission() -> Document:
    doc = _document()
    _header(doc, "TTr")
    _title(doc, "TỜ TRÌNH", f"Về việc đề nghị công nhận {{{{ unit_name }}}} đạt tiêu chuẩn {SAFE} năm {{{{ year }}}}")
    _para(doc, "Kính gửi: {{ appraiser }}.", align=CENTER, after=12)
    _body(doc, "{{ basis_sentence }}")
    _body(doc, "Căn cứ kết quả thực hiện các tiêu chí trong kỳ đánh giá {{ period_text }} và biên bản họp bình xét"
               " của {{ unit_name }},")
    _body(doc, f"{{{{ unit_name }}}} ({{{{ location }}}}) đã đăng ký phấn đấu đạt tiêu chuẩn {SAFE} năm {{{{ year }}}}"
               " ngày {{ registered_on }}{{ registration_note }}.")
    _body(doc, "Kết quả tự đánh giá: {{ tally }}. {{ outcome_sentence }}")
    _body(doc, "{{ proposal }}")
    _body(doc, "Hồ sơ kèm theo: báo cáo kết quả thực hiện các tiêu chí; biên bản họp bình xét{{ attachments }}.")
    _body(doc, "Kính trình {{ appraiser }} xem xét./.")
    _signature(doc)
    return doc


def build_results_report() -> Document:
    doc = _document()
    _header(doc, "BC")
    _title(doc, "BÁO CÁO", f"Kết quả thực hiện tiêu chuẩn {SAFE} năm {{{{ year }}}} của {{{{ unit_name }}}}")
    _para(doc, "Kính gửi: {{ appraiser }}.", align=CENTER, after=12)
    _body(doc, "I. ĐẶC ĐIỂM, TÌNH HÌNH", bold=True)
    _body(doc, "{{ unit_name }} là {{ kind_words }} thuộc {{ location }}. Kỳ đánh giá: {{ period_text }}"
               " ({{ basis_name }}).")
    _body(doc, f"Ngày {{{{ registered_on }}}}, {{{{ unit_name }}}} đăng ký phấn đấu đạt tiêu chuẩn {SAFE}"
               " năm {{ year }}{{ registration_note }}.")
    _body(doc, "II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ", bold=True)
    _body(doc, "Căn cứ {{ basis_name }}, {{ unit_name }} tự đánh giá từng tiêu chí như sau:")
    _criteria_table(doc, [("STT", 12, "no"), ("Tiêu chí", 28, "ref"), ("Nội dung tiêu chí", 55, "text"),
                          ("Kết quả", 20, "status"), ("Giải trình", 50, "explanation")])
    _figures(doc)
    _body(doc, "III. TỰ ĐÁNH GIÁ CHUNG", bold=True)
    _body(doc, "{{ tally }}. {{ outcome_sentence }}")
    _body(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    _body(doc, "{{ proposal }}")
    _signature(doc)
    return doc


def build_minutes() -> Document:
    doc = _document()
    _header(doc, "BB")
    _title(doc, "BIÊN BẢN", f"Họp bình xét, đề nghị công nhận đạt tiêu chuẩn {SAFE} năm {{{{ year }}}}")
    _body(doc, "Vào hồi …… giờ …… ngày …… tháng …… năm {{ year }}, tại {{ meeting_place }}, {{ unit_name }}"
               f" tổ chức họp bình xét kết quả thực hiện tiêu chuẩn {SAFE} năm {{{{ year }}}}.")
    _body(doc, "I. THÀNH PHẦN", bold=True)
    _body(doc, "Chủ trì: {{ chair }}.")
    _body(doc, "Thư ký: ……………………………………")
    _body(doc, "Thành phần tham dự: {{ participants }}.")
    _body(doc, "Có mặt: …… /…… người; vắng mặt: …… người (lý do: ……………………).")
    _body(doc, "II. NỘI DUNG", bold=True)
    _body(doc, "Hội nghị nghe báo cáo kết quả thực hiện các tiêu chí trong kỳ đánh giá {{ period_text }},"
               " thảo luận và bình xét từng tiêu chí theo {{ basis_name }}:")
    _criteria_table(doc, [("STT", 12, "no"), ("Tiêu chí", 28, "ref"), ("Nội dung tiêu chí", 60, "text"),
                          ("Kết quả bình xét", 25, "status"), ("Ý kiến", 40, "explanation")])
    _figures(doc)
    _body(doc, "III. KẾT LUẬN", bold=True)
    _body(doc, "{{ tally }}. {{ conclusion }}")
    _body(doc, "Kết quả biểu quyết: …… /…… người tán thành (đạt …… %).")
    _body(doc, "Cuộc họp kết thúc vào hồi …… giờ …… cùng ngày; biên bản đã được đọc lại cho mọi người cùng nghe"
               " và nhất trí thông qua./.")
    half = TEXT_WIDTH_MM / 2
    table = _table(doc, 1, [half, half])
    for index, title in enumerate(("THƯ KÝ", "CHỦ TRÌ")):
        cell = _cell(table.cell(0, index), half)
        _para(cell, title, bold=True, align=CENTER, before=12)
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=CENTER)
        for _ in range(4):
            _para(cell)
        _para(cell, "…………………………", align=CENTER)
    return doc


BUILDERS = {
    "submission.docx": build_submission,
    "results_report.docx": build_results_report,
    "minutes.docx": build_minutes,
}


def _reproducible(doc: Document) -> bytes:
    """The document as .docx bytes with fixed zip timestamps, so equal input gives equal files."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            part = CORE_XML if info.filename == "docProps/core.xml" else source.read(info.filename)
            target.writestr(fixed, part)
    return out.getvalue()


def built() -> dict[str, bytes]:
    """Every template, as it would be written."""
    return {name: _reproducible(build()) for name, build in BUILDERS.items()}


def entries(content: bytes) -> dict[str, bytes]:
    """The parts of a .docx, uncompressed: compared instead of the bytes, which vary with the zlib version."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the committed files are current")
    args = parser.parse_args(argv)
    stale = []
    for name, content in built().items():
        path = OUTPUT_DIR / name
        if path.exists() and entries(path.read_bytes()) == entries(content):
            continue
        stale.append(name)
        if not args.check:
            OUTPUT_DIR.mkdir(exist_ok=True)
            path.write_bytes(content)
    if args.check and stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    print(("written: " + ", ".join(stale)) if stale and not args.check else "templates are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
