"""Outreach activities to and from .xlsx: export with the list's filters, import all-or-nothing through the
form's service."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.outreach.models import OutreachActivity
from antq.outreach.topics import topics
from antq.outreach.transfer import COLUMNS, outreach_activities_import

HEADERS = [c.header for c in COLUMNS]


def workbook(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(c.field, "") for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**values):
    topic = next(iter(topics().values()))
    return {"unit": "Tổ dân phố Trúc Bạch", "held_on": "02/03/2025", "form": "Tuyên truyền miệng",
            "topic": topic.label_vi.upper(), "title": "Nói chuyện chuyên đề", "audience": 120, **values}


def test_import_is_all_or_nothing(tree, commune_officer):
    data = workbook([row(), row(topic="Chủ đề lạ"), row(form="Hát"), row(held_on="01/01/2099")])
    result = outreach_activities_import(actor=commune_officer, area=tree.commune_a, data=data, file_name="tt.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Chủ đề"), (4, "Hình thức"), (5, "Ngày thực hiện (dd/mm/yyyy)")]
    assert not OutreachActivity.objects.exists()
    result = outreach_activities_import(actor=commune_officer, area=tree.commune_a,
                                        data=workbook([row(), row(unit="", title="Hội nghị xã")]), file_name="tt.xlsx")
    assert not result.errors and OutreachActivity.objects.count() == 2
    assert OutreachActivity.objects.get(title="Hội nghị xã").unit == tree.commune_a


def test_export_and_import_pages(tree, commune_officer, viewer, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("outreach:import"), {"unit": tree.commune_a.pk,
                                                         "file": SimpleUploadedFile("tt.xlsx", workbook([row()]))})
    assert response.status_code == 302
    export = client.get(reverse("outreach:export") + "?start=01/01/2025&end=31/12/2025")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "Tổ dân phố Trúc Bạch"
    assert len(list(openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("outreach:export") + "?start=01/01/2024&end=31/12/2024").content)).active.iter_rows())) == 1
    bad = workbook([row(), row(title="")])
    response = client.post(reverse("outreach:import"), {"unit": tree.commune_a.pk,
                                                         "file": SimpleUploadedFile("tt.xlsx", bad)})
    assert [e.row for e in response.context["row_errors"]] == [3] and OutreachActivity.objects.count() == 1
    assert client_for(viewer).get(reverse("outreach:import")).status_code == 404
