import datetime
import io

import openpyxl

from antq.core.models import AuditEvent
from antq.directives.models import Document
from antq.directives.tests.factories import DocumentFactory
from antq.directives.transfer import COLUMNS, IMPORT_COLUMNS, documents_import


def workbook(rows, columns=IMPORT_COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(kind="Kế hoạch", number="35/KH-UBND", issued="10/02/2025", issuer="UBND tỉnh", title="Thực hiện",
        summary="", parent="09-CT/TW", validity="", start="", end="", unit=""):
    return [kind, number, issued, issuer, title, summary, parent, validity, start, end, unit]


def test_import_is_all_or_nothing_with_row_errors(tree, province_officer):
    DocumentFactory(unit=tree.country, number="09-CT/TW")
    data = workbook([row(), row(number="36/KH-UBND", parent="99-CT/TW"), row(number="37/KH-UBND", issued="31/02/2025"),
                     row(kind="Sắc lệnh", number="38/KH-UBND")])
    result = documents_import(actor=province_officer, unit=tree.province_a, data=data, file_name="vb.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Thực hiện văn bản số"), (4, "Ngày ban hành (dd/mm/yyyy)"), (5, "Loại văn bản")]
    assert not result.created and Document.objects.count() == 1
    assert not AuditEvent.objects.filter(action="directives.document_create").exists()
    # A service error (a plan without its parent) is a row error too.
    result = documents_import(actor=province_officer, unit=tree.province_a, data=workbook([row(parent="")]),
                              file_name="vb.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Thực hiện văn bản số")]


def test_import_creates_every_row_and_export_reads_back(tree, province_officer):
    DocumentFactory(unit=tree.country, number="09-CT/TW")
    data = workbook([row(), row(kind="KH", number="36/KH-UBND", parent="35/KH-UBND", issued="01/03/2025",
                                validity="Hết hiệu lực", end="31/12/2025")])
    result = documents_import(actor=province_officer, unit=tree.province_a, data=data, file_name="vb.xlsx")
    assert not result.errors and len(result.created) == 2
    second = Document.objects.get(number="36/KH-UBND")
    assert second.parent.number == "35/KH-UBND" and second.validity == "expired"
    assert second.effective_to == datetime.date(2025, 12, 31)
    # The export of the unit's documents imports back into another province only if its unit column agrees.
    from antq.directives.models import Document as Doc
    from antq.directives.transfer import document_cells

    exported = workbook([document_cells(d) for d in Doc.objects.filter(unit=tree.province_a).order_by("issued_on")],
                        columns=COLUMNS)
    result = documents_import(actor=province_officer, unit=tree.province_a, data=exported, file_name="vb.xlsx")
    assert {e.column for e in result.errors} == {"Số, ký hiệu"}  # already in the register
    result = documents_import(actor=province_officer, unit=tree.commune_a, data=exported, file_name="vb.xlsx")
    assert "Đơn vị ban hành" in {e.column for e in result.errors}
