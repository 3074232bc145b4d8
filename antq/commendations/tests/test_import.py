"""Past awards from a spreadsheet: all rows or none, with every bad row named; export in the same columns."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.commendations import sheets
from antq.commendations.models import Award
from antq.commendations.services import awards_import
from antq.commendations.tests.factories import DecidedAwardFactory, PersonFactory
from antq.core.sheets import write_xlsx

HEADERS = [c.header for c in sheets.COLUMNS]


def _xlsx(rows: list[dict]) -> bytes:
    fields = [c.field for c in sheets.COLUMNS]
    return write_xlsx(sheets.COLUMNS, [[row.get(f, "") for f in fields] for row in rows])


GOOD = [
    {"year": "2011", "form": "Cờ thi đua", "issuer": "Bộ Công an", "kind": "Thường xuyên", "recipient_type": "Tập thể",
     "unit_name": "Tổ dân phố Trúc Bạch", "decision_number": "1/QĐ-BCA", "decision_date": "09/02/2012",
     "decision_signer": "Bộ trưởng"},
    {"year": "2011", "form": "Giấy khen", "issuer": "Giám đốc Công an tỉnh", "kind": "Thường xuyên",
     "recipient_type": "Cá nhân", "unit_name": "Phường Ba Đình", "full_name": "Hoàng Văn Nam", "sex": "Nam",
     "birth_date": "01/02/1970", "id_number": "044070000321", "decision_number": "2/QĐ-CAT",
     "decision_date": "09/02/2012", "decision_signer": "Giám đốc"},
]


def test_import_is_all_or_nothing_with_row_errors(tree, province_officer):
    bad = [*GOOD, {**GOOD[0], "form": "Huân chương", "unit_name": "Không có"}]
    result = awards_import(actor=province_officer, area=tree.province_a, data=_xlsx(bad), file_name="a.xlsx")
    assert result.created == 0 and not Award.objects.exists()
    assert {(e.row, e.column) for e in result.errors} == {(4, "Hình thức"), (4, "Đơn vị")}
    result = awards_import(actor=province_officer, area=tree.province_a, data=_xlsx(GOOD), file_name="a.xlsx")
    assert result.created == 2 and not result.errors
    person_award = Award.objects.get(recipient_type="individual")
    assert person_award.person.id_number == "044070000321" and person_award.source == "imported"


def test_a_second_medal_in_the_file_fails_its_row_and_the_whole_file(tree, province_officer):
    medal = {"year": "2019", "form": "Kỷ niệm chương", "issuer": "Bộ Công an", "kind": "Niên hạn",
             "recipient_type": "Cá nhân", "unit_name": "Phường Ba Đình", "full_name": "Hoàng Văn Nam", "sex": "Nam",
             "id_number": "044070000321", "decision_number": "7/QĐ-BCA", "decision_date": "10/08/2019",
             "decision_signer": "Bộ trưởng"}
    rows = [GOOD[0], medal, {**medal, "year": "2020", "decision_number": "8/QĐ-BCA", "decision_date": "10/08/2020"}]
    result = awards_import(actor=province_officer, area=tree.province_a, data=_xlsx(rows), file_name="a.xlsx")
    assert result.created == 0 and not Award.objects.exists()
    assert [e.row for e in result.errors] == [4] and "7/QĐ-BCA" in result.errors[0].message


def test_import_page_and_export_round_trip(tree, province_officer, commune_officer, client_for):
    assert client_for(commune_officer).get(reverse("commendations:import")).status_code == 404
    client = client_for(province_officer)
    upload = SimpleUploadedFile("khen.xlsx", _xlsx(GOOD))
    response = client.post(reverse("commendations:import"), {"area": tree.province_a.pk, "file": upload})
    assert response.status_code == 302 and Award.objects.count() == 2
    exported = client.get(reverse("commendations:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == HEADERS and len(rows) == 3
    assert "044070000321" in rows[1] + rows[2]
    Award.objects.all().delete()
    again = awards_import(actor=province_officer, area=tree.province_a, data=exported.content, file_name="x.xlsx")
    assert again.created == 2


def test_export_hides_personal_data_from_viewers(tree, viewer, client_for):
    person = PersonFactory(unit=tree.commune_a, id_number="044090004444")
    DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual")
    content = client_for(viewer).get(reverse("commendations:export")).content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) == 2 and "044090004444" not in rows[1]
