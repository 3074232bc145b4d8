"""Festival Day events to and from .xlsx: the export follows the list's filters, the import is all-or-nothing
and every row goes through the form's service (the campaign window and its exceptions included)."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.core.models import AuditEvent
from antq.festival.models import FestivalEvent
from antq.festival.tests.factories import FestivalEventFactory
from antq.festival.transfer import COLUMNS, festival_events_import

HEADERS = [c.header for c in COLUMNS]


def workbook(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    fields = [c.field for c in COLUMNS]
    for row in rows:
        sheet.append([row.get(f, "") for f in fields])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**values):
    return {"unit": "Tổ dân phố Trúc Bạch", "held_on": "02/08/2025", "status": "Đã tổ chức", "place": "Nhà văn hóa",
            "participants": "1.200", **values}


def test_import_all_or_nothing_with_row_errors(tree, commune_officer):
    data = workbook([row(), row(unit="Thôn Không Có"), row(unit="Trung tâm Y tế Ba Đình", held_on="25/08/2025"),
                     row(unit="", place="")])
    result = festival_events_import(actor=commune_officer, area=tree.commune_a, data=data, file_name="nh.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, HEADERS[0]), (4, "Ngày tổ chức (dd/mm/yyyy)"), (5, "Địa điểm")]
    assert "19/08/2025" in result.errors[1].message  # the service's campaign-window message
    assert not FestivalEvent.objects.exists() and not AuditEvent.objects.filter(action="festival_event.create").exists()
    # The exception column, filled by a commune officer (who may not record exceptions), is refused too.
    data = workbook([row(held_on="25/08/2025", exception_reason="Trùng lịch bầu cử")])
    result = festival_events_import(actor=commune_officer, area=tree.commune_a, data=data, file_name="nh.xlsx")
    assert [e.column for e in result.errors] == ["Lý do tổ chức ngoài thời gian đợt cao điểm"]


def test_import_creates_every_row_and_a_province_may_record_exceptions(tree, commune_officer, province_officer):
    data = workbook([row(), row(unit="Trung tâm Y tế Ba Đình", status="", held_on="10/08/2025"),
                     row(unit="Phường Ba Đình", commune="", held_on="25/08/2025", exception_reason="Bão số 3")])
    result = festival_events_import(actor=commune_officer, area=tree.commune_a, data=data, file_name="nh.xlsx")
    assert [e.row for e in result.errors] == [4]
    result = festival_events_import(actor=province_officer, area=tree.province_a, data=data, file_name="nh.xlsx")
    assert not result.errors and len(result.created) == 3
    kdc = FestivalEvent.objects.get(unit=tree.kdc_a)
    assert kdc.is_held and kdc.participants == 1200
    assert FestivalEvent.objects.get(unit=tree.agency_a).status == FestivalEvent.Status.PLANNED
    assert FestivalEvent.objects.get(unit=tree.commune_a).exception_by == province_officer


def test_export_follows_the_filters_and_reads_back(tree, commune_officer, client_for):
    FestivalEventFactory(unit=tree.kdc_a)
    FestivalEventFactory(unit=tree.kdc_a, held_on="2024-08-01", year=2024)
    FestivalEventFactory(unit=tree.kdc_b)
    client = client_for(commune_officer)
    response = client.get(reverse("festival:export") + "?year=2025")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 2
    assert rows[1][:3] == ("Tổ dân phố Trúc Bạch", "Phường Ba Đình", "01/08/2025")
    FestivalEvent.objects.filter(year=2025).delete()
    upload = SimpleUploadedFile("nh.xlsx", response.content)
    response = client.post(reverse("festival:import"), {"unit": tree.commune_a.pk, "file": upload})
    assert response.status_code == 302 and FestivalEvent.objects.filter(year=2025, unit=tree.kdc_a).exists()
    assert client.get(reverse("festival:import_template")).status_code == 200
    response = client.post(reverse("festival:import"), {"unit": tree.commune_b.pk, "file": upload})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
