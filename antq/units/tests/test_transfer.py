"""Import and export of KDC and CQ/DN/CSGD: the file format, all-or-nothing import, scope, jobs."""

import csv
import datetime
import io
import unicodedata

import factory
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent, ImportJob
from antq.core.text import fold
from antq.units.models import (
    GRASSROOTS_KINDS,
    LOCAL_KINDS_BY_KIND,
    EnterpriseSize,
    LocalKind,
    ManagingLevel,
    SchoolLevel,
    Unit,
    UnitKind,
)
from antq.units.tests.factories import (
    AgencyFactory,
    EnterpriseFactory,
    ResidentialAreaFactory,
    SchoolFactory,
)
from antq.units.transfer import columns
from antq.units.transfer.columns import HEADERS
from antq.units.transfer.reader import read_sheet
from antq.units.transfer.services import units_import

HYPERLINK = '=HYPERLINK("http://x","y")'


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    file_name = "don-vi.xlsx"
    file = factory.LazyFunction(lambda: ContentFile(b"", name="job.xlsx"))


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(rows: list[list[object]], headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[object]], headers=HEADERS, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _row(kind="KDC", name="Thôn Mới", local_kind="Thôn", code="", address="", valid_from="",
         size="", level="", managing="", armed=""):
    return [kind, name, local_kind, code, address, valid_from, size, level, managing, armed]


def _many_rows(n: int) -> list[list[object]]:
    """`n` valid rows cycling through the four kinds."""
    rows = []
    for i in range(n):
        match i % 4:
            case 0:
                rows.append(_row("KDC", f"Thôn Số {i}", "Thôn", valid_from="01/07/2025"))
            case 1:
                rows.append(_row("Cơ quan", f"Cơ quan Số {i}", "", managing="Xã", armed="không"))
            case 2:
                rows.append(_row("DN", f"Công ty Số {i}", "", size="Nhỏ", managing="Tỉnh"))
            case 3:
                rows.append(_row("CSGD", f"Trường Số {i}", "", level="THCS", managing="Xã"))
    return rows


def _upload(client, commune, content: bytes, name: str, capture):
    with capture(execute=True):
        return client.post(reverse("units:import", args=[commune.pk]),
                           {"file": SimpleUploadedFile(name, content)})


def _job_of(response) -> ImportJob:
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    return ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))


def _children(commune) -> set[str]:
    return set(Unit.objects.filter(parent=commune).values_list("name", flat=True))


# --- The format -----------------------------------------------------------------------------------


def test_every_choice_has_a_file_word_that_reads_back():
    assert set(columns.KIND_WORDS) == set(GRASSROOTS_KINDS)
    assert set(columns.LOCAL_KIND_WORDS) == set(LOCAL_KINDS_BY_KIND[UnitKind.RESIDENTIAL_AREA])
    assert set(columns.ENTERPRISE_SIZE_WORDS) == set(EnterpriseSize.values)
    assert set(columns.SCHOOL_LEVEL_WORDS) == set(SchoolLevel.values)
    assert set(columns.MANAGING_LEVEL_WORDS) == set(ManagingLevel.values)
    for column in columns.COLUMNS:
        for value, words in (column.words or {}).items():
            for word in (*words, value, words[0].upper(), fold(words[0])):
                assert column.parse(word) == value, (column.header, word)


def test_template_has_the_vietnamese_headers(client_for, commune_officer):
    client = client_for(commune_officer)
    response = client.get(reverse("units:template", args=["xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert "Loại đơn vị" in HEADERS and "Hiệu lực từ (dd/mm/yyyy)" in HEADERS
    assert sheet.max_row == 1  # no sample rows that would be imported by mistake

    response = client.get(reverse("units:template", args=["csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == list(HEADERS)
    assert client.get(reverse("units:template", args=["pdf"])).status_code == 404


# --- Import ---------------------------------------------------------------------------------------


def test_ten_thousand_rows_import_in_one_go(tree, commune_officer, client_for,
                                            django_capture_on_commit_callbacks):
    commune = tree.commune_a
    before = Unit.objects.filter(parent=commune).count()
    response = _upload(client_for(commune_officer), commune, _xlsx(_many_rows(10_000)), "don-vi.xlsx",
                       django_capture_on_commit_callbacks)
    job = _job_of(response)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors[:5]
    assert (job.created_count, job.total_rows, job.processed_rows) == (10_000, 10_000, 10_000)
    created = Unit.objects.filter(parent=commune).exclude(pk__in=[tree.kdc_a.pk, tree.agency_a.pk])
    assert Unit.objects.filter(parent=commune).count() == before + 10_000
    assert dict(created.values_list("kind").annotate(n=Count("id"))) == {
        UnitKind.RESIDENTIAL_AREA: 2500, UnitKind.AGENCY: 2500, UnitKind.ENTERPRISE: 2500, UnitKind.SCHOOL: 2500}
    for pk, path, name, name_folded in created.values_list("pk", "path", "name", "name_folded"):
        assert path == f"{commune.path}{pk}/"
        assert name_folded == fold(name)
    school = created.get(name="Trường Số 3")
    assert (school.school_level, school.managing_level, school.local_kind) == ("lower_secondary", "commune", "")
    kdc = created.get(name="Thôn Số 0")
    assert (kdc.local_kind, kdc.valid_from) == (LocalKind.THON, datetime.date(2025, 7, 1))


def test_one_bad_row_among_ten_thousand_imports_nothing(tree, commune_officer, client_for,
                                                        django_capture_on_commit_callbacks):
    rows = _many_rows(10_000)
    rows[4321][5] = "31/02/2025"  # spreadsheet row 4323: row 1 is the header
    before = Unit.objects.count()
    client = client_for(commune_officer)
    job = _job_of(_upload(client, tree.commune_a, _xlsx(rows), "don-vi.xlsx",
                          django_capture_on_commit_callbacks))
    assert Unit.objects.count() == before
    assert job.status == ImportJob.Status.FAILED
    assert job.created_count == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(4323, "Hiệu lực từ (dd/mm/yyyy)")]
    assert "31/02/2025" in job.errors[0]["message"]
    page = client.get(reverse("units:import_job", args=[job.pk])).content.decode()
    assert "4323" in page and "Hiệu lực từ (dd/mm/yyyy)" in page
    assert 'id="job-errors"' in page and "hx-trigger" not in page
    assert not AuditEvent.objects.filter(action="units.import").exists()


def test_every_bad_row_and_column_is_reported(tree, commune_officer, client_for,
                                              django_capture_on_commit_callbacks):
    SchoolFactory(parent=tree.commune_b, code="SCH-1")  # codes are unique per kind across the country
    rows = [
        _row("KDC", "Thôn Một"),                                          # 2 fine
        _row("Hợp tác xã", "HTX Một", ""),                                # 3 unknown kind
        _row("KDC", "Thôn Hai", ""),                                      # 4 no local kind
        _row("DN", "Công ty A", "", managing="Xã"),                       # 5 no enterprise size
        _row("KDC", "thôn một"),                                          # 6 same name as row 2
        _row("khu dan cu", "TO DAN PHO TRUC BACH", "TDP"),                # 7 name taken in the commune
        _row("CSGD", "Trường B", "", level="THCS", managing="Xã", armed="có"),  # 8 only agencies armed
        _row("CQ", "Cơ quan B", "", managing="Huyen", armed="có lẽ", valid_from="2025-01-01"),  # 9 two cells
        _row("CSGD", "Trường C", "", code="SCH-1", level="Tiểu học", managing="Tỉnh"),  # 10 code taken
        _row("KDC", "", "Xóm"),                                           # 11 no name
        _row("CQ", "Cơ quan C", "Thôn", managing="Xã"),                   # 12 local kind on an agency
    ]
    before = Unit.objects.count()
    job = _job_of(_upload(client_for(commune_officer), tree.commune_a, _csv(rows), "loi.csv",
                          django_capture_on_commit_callbacks))
    assert Unit.objects.count() == before
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "Loại đơn vị"),
        (4, "Loại địa bàn"),
        (5, "Quy mô doanh nghiệp"),
        (6, "Tên"),
        (7, "Tên"),
        (8, "Lực lượng vũ trang (có/không)"),
        (9, "Hiệu lực từ (dd/mm/yyyy)"),
        (9, "Lực lượng vũ trang (có/không)"),
        (10, "Mã"),
        (11, "Tên"),
        (12, "Loại địa bàn"),
    ]
    assert all(e["message"] for e in job.errors)
    assert "2" in job.errors[3]["message"]  # the duplicate names the row it repeats


def test_nfd_text_is_stored_as_nfc(tree, commune_officer, client_for, django_capture_on_commit_callbacks):
    nfd_name = unicodedata.normalize("NFD", "Thôn  Đồng Hới ")
    nfd_address = unicodedata.normalize("NFD", "Số 1 đường Lê Lợi")
    assert nfd_name != unicodedata.normalize("NFC", nfd_name)
    rows = [_row("KDC", nfd_name, unicodedata.normalize("NFD", "Thôn"), address=nfd_address)]
    job = _job_of(_upload(client_for(commune_officer), tree.commune_a, _xlsx(rows), "nfd.xlsx",
                          django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    unit = Unit.objects.get(parent=tree.commune_a, name_folded="thon dong hoi")
    assert unit.name == unicodedata.normalize("NFC", "Thôn Đồng Hới")
    assert unit.address == unicodedata.normalize("NFC", "Số 1 đường Lê Lợi")


def test_csv_import_with_semicolons_and_excel_dates(tree, province_officer, client_for,
                                                     django_capture_on_commit_callbacks):
    client = client_for(province_officer)
    rows = [_row("CQ", "Công an xã", "", code="00123", managing="Xã", armed="có", valid_from="05/03/2025"),
            _row("Doanh nghiệp", "Công ty May", "", size="vừa", managing="tinh")]
    job = _job_of(_upload(client, tree.commune_a2, _csv(rows, delimiter=";"), "don-vi.csv",
                          django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    police = Unit.objects.get(parent=tree.commune_a2, name="Công an xã")
    assert (police.kind, police.code, police.is_armed_forces) == (UnitKind.AGENCY, "00123", True)
    assert police.valid_from == datetime.date(2025, 3, 5)  # day first, not 3 May
    company = Unit.objects.get(parent=tree.commune_a2, name="Công ty May")
    assert (company.enterprise_size, company.managing_level) == (EnterpriseSize.MEDIUM, ManagingLevel.PROVINCE)

    excel_date = [_row("KDC", "Thôn Có Ngày", "Khóm", valid_from=datetime.datetime(2025, 8, 9))]  # noqa: DTZ001
    job = _job_of(_upload(client, tree.commune_a2, _xlsx(excel_date), "ngay.xlsx",
                          django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Unit.objects.get(name="Thôn Có Ngày").valid_from == datetime.date(2025, 8, 9)


def test_file_problems_are_reported_without_importing(tree, commune_officer, client_for, settings,
                                                      django_capture_on_commit_callbacks):
    client = client_for(commune_officer)
    url = reverse("units:import", args=[tree.commune_a.pk])
    for name, content in [
        ("don-vi.xls", b"\xd0\xcf\x11\xe0rest"),
        ("don-vi.pdf", b"%PDF-1.4"),
        ("don-vi.xlsx", b"not a zip"),
        ("don-vi.csv", "Tên\r\nThôn Đông\r\n".encode("cp1258")),  # Excel's plain "CSV" on Windows
    ]:
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200, name
        assert response.context["form"].errors["file"], name
    settings.ANTQ_IMPORT_MAX_BYTES = 100
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", _csv([_row()] * 10))})
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()

    settings.ANTQ_IMPORT_MAX_BYTES = 1_000_000
    headers = ["Loai don vi", "Tên", "Ghi chú"]  # accent-free header is fine; an unknown one is not
    job = _job_of(_upload(client, tree.commune_a, _csv([["KDC", "Thôn X", "?"]], headers=headers), "x.csv",
                          django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(1, "Ghi chú")]
    assert Unit.objects.filter(name="Thôn X").count() == 0


# --- Export ---------------------------------------------------------------------------------------


def test_formula_is_stored_as_given_and_exported_inert(tree, commune_officer, client_for,
                                                       django_capture_on_commit_callbacks):
    client = client_for(commune_officer)
    job = _job_of(_upload(client, tree.commune_a, _csv([_row("KDC", HYPERLINK, "Xóm", address="@SUM(1)")]),
                          "f.csv", django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Unit.objects.filter(parent=tree.commune_a, name=HYPERLINK, address="@SUM(1)").count() == 1

    response = client.get(reverse("units:export", args=[tree.commune_a.pk, "csv"]))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert records[0] == list(HEADERS)
    row = next(r for r in records if "HYPERLINK" in r[1])
    assert row[1] == "'" + HYPERLINK and row[4] == "'@SUM(1)"

    response = client.get(reverse("units:export", args=[tree.commune_a.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = next(c for c in sheet["B"] if "HYPERLINK" in str(c.value))
    assert cell.value == "'" + HYPERLINK
    assert cell.data_type == "s"  # text, not a formula


def test_formula_cell_in_xlsx_is_read_as_text(tree, commune_officer, client_for,
                                              django_capture_on_commit_callbacks):
    # openpyxl writes a string starting with "=" as a formula cell, as Excel would store it.
    job = _job_of(_upload(client_for(commune_officer), tree.commune_a, _xlsx([_row("KDC", HYPERLINK, "Ấp")]),
                          "f.xlsx", django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Unit.objects.filter(parent=tree.commune_a, name=HYPERLINK, local_kind=LocalKind.AP).exists()


def test_export_reimports_into_another_commune(tree, province_officer, client_for,
                                               django_capture_on_commit_callbacks):
    EnterpriseFactory(parent=tree.commune_a, name="=Công ty Cổ phần", enterprise_size="micro")
    SchoolFactory(parent=tree.commune_a, name="Trường Mầm non Hoa Sen", school_level="kindergarten",
                  managing_level="province", address="-12 Phố Huế")
    AgencyFactory(parent=tree.commune_a, name="Ban Chỉ huy Quân sự", is_armed_forces=True,
                  valid_from=datetime.date(2025, 7, 1))
    client = client_for(province_officer)
    exported = client.get(reverse("units:export", args=[tree.commune_a.pk, "xlsx"])).content
    job = _job_of(_upload(client, tree.commune_a2, exported, "xuat.xlsx", django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    fields = ["kind", "name", "local_kind", "code", "address", "valid_from", "enterprise_size",
              "school_level", "managing_level", "is_armed_forces"]
    source = Unit.objects.filter(parent=tree.commune_a).order_by("name").values_list(*fields)
    copy = Unit.objects.filter(parent=tree.commune_a2).order_by("name").values_list(*fields)
    assert list(source) == list(copy)
    assert len(copy) == 5 and ("school", "Trường Mầm non Hoa Sen") in {r[:2] for r in copy}


def test_export_on_a_date_and_only_the_commune(tree, commune_officer, client_for, django_assert_max_num_queries):
    ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Đã Sáp Nhập", valid_to=datetime.date(2025, 6, 30))
    for i in range(30):
        SchoolFactory(parent=tree.commune_a, name=f"Trường {i}", code=f"0{i:04d}")
    client = client_for(commune_officer)
    url = reverse("units:export", args=[tree.commune_a.pk, "csv"])
    with django_assert_max_num_queries(12):
        today = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    names = {r[1] for r in today[1:]}
    assert len(today) == 1 + 32
    assert {"Tổ dân phố Trúc Bạch", "Trung tâm Y tế Ba Đình"} <= names
    assert "Thôn Đã Sáp Nhập" not in names and "Thôn Bản Lầu" not in names
    assert {r[3] for r in today[1:] if r[1].startswith("Trường ")} == {f"0{i:04d}" for i in range(30)}
    xlsx = client.get(reverse("units:export", args=[tree.commune_a.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert sheet.max_row == 1 + 32
    # KDC first, then agencies, then schools by name: a code with a leading zero stays text.
    assert [sheet[f"B{r}"].value for r in (2, 3, 4)] == ["Tổ dân phố Trúc Bạch", "Trung tâm Y tế Ba Đình", "Trường 0"]
    assert sheet["D4"].value == "00000"
    then = list(csv.reader(io.StringIO(client.get(url, {"on": "01/06/2025"}).content.decode("utf-8-sig"))))
    assert "Thôn Đã Sáp Nhập" in {r[1] for r in then[1:]}
    assert client.get(url, {"on": "2025-13-45"}).status_code == 400
    assert client.get(reverse("units:export", args=[tree.kdc_a.pk, "csv"])).status_code == 404


# --- Scope ----------------------------------------------------------------------------------------


def test_commune_officer_cannot_touch_another_commune(tree, commune_officer, client_for,
                                                      django_capture_on_commit_callbacks):
    client = client_for(commune_officer)
    before = (Unit.objects.count(), ImportJob.objects.count(), AuditEvent.objects.count())
    url = reverse("units:import", args=[tree.commune_b.pk])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("x.csv", _csv([_row()]))})
    assert response.status_code == 404
    for fmt in ("xlsx", "csv"):
        assert client.get(reverse("units:export", args=[tree.commune_b.pk, fmt])).status_code == 404
    assert (Unit.objects.count(), ImportJob.objects.count(), AuditEvent.objects.count()) == before
    assert _children(tree.commune_b) == {"Thôn Bản Lầu"}


@pytest.mark.parametrize("role", ["unit_reporter", "viewer"])
def test_roles_without_data_entry_on_the_commune_cannot_import(role, request, tree, client_for,
                                                               django_capture_on_commit_callbacks):
    client = client_for(request.getfixturevalue(role))
    before = (Unit.objects.count(), ImportJob.objects.count())
    url = reverse("units:import", args=[tree.commune_a.pk])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("x.csv", _csv([_row()]))})
    assert response.status_code == 404
    assert (Unit.objects.count(), ImportJob.objects.count()) == before


def test_anonymous_is_sent_to_login(tree, client):
    for url in (reverse("units:import", args=[tree.commune_a.pk]),
                reverse("units:export", args=[tree.commune_a.pk, "csv"]),
                reverse("units:template", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize(("role", "status"), [
    ("commune_officer", 200), ("province_officer", 200), ("national_admin", 200),
    ("unit_reporter", 404), ("viewer", 404), ("other_commune_officer", 404),
])
def test_job_page_is_scoped_to_data_entry_on_its_unit(role, status, request, tree, client_for):
    if role == "other_commune_officer":
        actor = UserFactory(username="xa_b")
        RoleAssignmentFactory(user=actor, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    else:
        actor = request.getfixturevalue(role)
    job = ImportJobFactory(unit=tree.commune_a, status=ImportJob.Status.SUCCEEDED, created_count=3)
    assert client_for(actor).get(reverse("units:import_job", args=[job.pk])).status_code == status


# --- Job page and audit ---------------------------------------------------------------------------


def test_job_page_polls_while_running_and_stops_when_done(tree, commune_officer, client_for):
    job = ImportJobFactory(unit=tree.commune_a, created_by=commune_officer, status=ImportJob.Status.RUNNING,
                           total_rows=2000, processed_rows=500)
    client = client_for(commune_officer)
    url = reverse("units:import_job", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="{url}"' in page
    assert 'aria-valuenow="25"' in page and "width: 25%" in page
    assert "<html" in page

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress"')
    assert "<html" not in fragment and 'aria-valuenow="25"' in fragment

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SUCCEEDED, created_count=1234,
                                               processed_rows=2000)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert 'id="job-result"' in fragment and "1234" in fragment.replace(".", "")


def test_import_writes_one_audit_event(tree, commune_officer, client_for, django_capture_on_commit_callbacks):
    rows = _many_rows(8)
    job = _job_of(_upload(client_for(commune_officer), tree.commune_a, _xlsx(rows), "tám đơn vị.xlsx",
                          django_capture_on_commit_callbacks))
    assert job.status == ImportJob.Status.SUCCEEDED
    events = list(AuditEvent.objects.filter(action="units.import"))
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.target_id) == (commune_officer, str(tree.commune_a.pk))
    assert event.detail == {"file_name": "tám đơn vị.xlsx", "created": 8, "created_by_kind": {
        "residential_area": 2, "agency": 2, "enterprise": 2, "school": 2}}
    assert not AuditEvent.objects.filter(action="unit.create").exists()  # no per-row events


def test_commune_page_offers_import_and_export(tree, commune_officer, viewer, client_for):
    page = client_for(commune_officer).get(reverse("units:detail", args=[tree.commune_a.pk])).content.decode()
    assert reverse("units:import", args=[tree.commune_a.pk]) in page
    assert reverse("units:export", args=[tree.commune_a.pk, "xlsx"]) in page
    assert reverse("units:template", args=["csv"]) in page
    page = client_for(viewer).get(reverse("units:detail", args=[tree.commune_a.pk])).content.decode()
    assert reverse("units:import", args=[tree.commune_a.pk]) not in page


def test_import_page_lists_the_columns(tree, commune_officer, client_for):
    response = client_for(commune_officer).get(reverse("units:import", args=[tree.commune_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page and 'accept=".xlsx,.csv"' in page
    assert all(header in page for header in HEADERS)
    assert "Tổ dân phố" in page and "Siêu nhỏ" in page


def test_the_service_checks_the_actor_and_the_target(tree, viewer, commune_officer):
    rows = read_sheet(_csv([_row()]), "x.csv")
    with pytest.raises(ValidationError):
        units_import(actor=viewer, commune=tree.commune_a, rows=rows)
    with pytest.raises(ValidationError):
        units_import(actor=commune_officer, commune=tree.kdc_a, rows=rows)
    with pytest.raises(ValidationError):
        units_import(actor=commune_officer, commune=tree.commune_b, rows=rows)
    assert not Unit.objects.filter(name="Thôn Mới").exists()
    result = units_import(actor=commune_officer, commune=tree.commune_a, rows=rows, file_name="x.csv")
    assert (result.ok, result.created, result.created_by_kind) == (True, 1, {"residential_area": 1})
    assert Unit.objects.get(name="Thôn Mới").parent == tree.commune_a


def test_an_import_moves_the_units_generation(tree, commune_officer):
    # The cached unit counts of the statistics are keyed by it; on PostgreSQL the rows go in by COPY,
    # past the queryset that moves it for every other write.
    from antq.core.generations import UNITS, generation_of

    before = generation_of(UNITS)
    result = units_import(actor=commune_officer, commune=tree.commune_a, rows=read_sheet(_csv(_many_rows(8)), "x.csv"))
    assert result.created == 8
    assert generation_of(UNITS) > before
    stored = Unit.objects.filter(parent=tree.commune_a, name__contains="Số")
    assert len(stored) == 8
    assert all(u.path == f"{tree.commune_a.path}{u.pk}/" and u.created_at and u.updated_at for u in stored)
