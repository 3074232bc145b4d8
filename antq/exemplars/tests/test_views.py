import io

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.core.models import AuditEvent
from antq.core.sheets import write_xlsx
from antq.exemplars.columns import COLUMNS
from antq.exemplars.models import Exemplar
from antq.exemplars.tests.factories import ExemplarFactory

HEADERS = [c.header for c in COLUMNS]


def _row(**values):
    base = {"Năm": 2025, "Tập thể/Cá nhân": "Cá nhân", "Phân loại": "Điển hình tiên tiến",
            "Tên tập thể, họ và tên": "Nguyễn Văn An", "Thành tích": "Tích cực", "Đơn vị đề nghị": "Công an phường"}
    base.update(values)
    return [base.get(h, "") for h in HEADERS]


def _upload(rows):
    return SimpleUploadedFile("dien-hinh.xlsx", write_xlsx(COLUMNS, rows))


def test_create_list_and_detail(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    assert client.get(reverse("exemplars:create")).status_code == 200
    response = client.post(reverse("exemplars:create"), {
        "unit": tree.kdc_a.pk, "year": "2025", "kind": "individual", "category": "denounced_crime",
        "name": "Lê Văn Tám", "achievement": "Tố giác", "proposed_by": "Công an phường", "act_date": "05/03/2025",
        "id_number": "044070001234", "public_consent": "on"})
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302 and exemplar.act_date.month == 3 and exemplar.public_consent
    assert exemplar.consent_by == commune_officer
    response = client.get(reverse("exemplars:list") + "?q=le van tam&category=denounced_crime")
    assert [e.pk for e in response.context["page"]] == [exemplar.pk]
    response = client.get(reverse("exemplars:detail", args=[exemplar.pk]))
    assert "044070001234" in response.content.decode()


def test_another_communes_exemplar_answers_404(commune_officer, tree, client_for):
    other = ExemplarFactory(unit=tree.kdc_b)
    client = client_for(commune_officer)
    for name in ("detail", "update"):
        assert client.get(reverse(f"exemplars:{name}", args=[other.pk])).status_code == 404
    for name in ("consent", "delete"):
        assert client.post(reverse(f"exemplars:{name}", args=[other.pk]), {"consent": "yes"}).status_code == 404
    assert client.get(reverse("exemplars:list") + f"?area={tree.commune_b.pk}").status_code == 404
    assert client.get(f"/api/v1/exemplars/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert not other.public_consent


def test_a_viewer_sees_no_personal_data_and_cannot_edit(viewer, tree, client_for):
    exemplar = ExemplarFactory(unit=tree.kdc_a, public_consent=False)
    client = client_for(viewer)
    page = client.get(reverse("exemplars:detail", args=[exemplar.pk])).content.decode()
    assert exemplar.name in page
    for secret in ("044070001234", "0912345678", "05/03/1970", "Tổ dân phố Trúc Bạch</dd>"):
        assert secret not in page
    assert client.get(reverse("exemplars:update", args=[exemplar.pk])).status_code == 404
    assert client.post(reverse("exemplars:consent", args=[exemplar.pk]), {"consent": "yes"}).status_code == 404
    data = client.get(f"/api/v1/exemplars/{exemplar.pk}/").json()
    assert data["id_number"].endswith("234") and data["id_number"] != "044070001234"
    assert data["birth_date"] is None and data["address"] == "" and data["personal_shown"] is False
    export = client.get(reverse("exemplars:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert exemplar.name in cells and "044070001234" not in cells and "0912345678" not in cells


def test_consent_page_records_and_audits(commune_officer, tree, client_for):
    exemplar = ExemplarFactory(unit=tree.kdc_a)
    client = client_for(commune_officer)
    client.post(reverse("exemplars:consent", args=[exemplar.pk]), {"consent": "yes"})
    exemplar.refresh_from_db()
    assert exemplar.public_consent and exemplar.consent_by == commune_officer
    assert AuditEvent.objects.filter(action="exemplar.consent", target_id=str(exemplar.pk)).count() == 1


def test_import_is_all_or_nothing_with_row_errors(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    url = reverse("exemplars:import") + f"?commune={tree.commune_a.pk}"
    rows = [_row(), _row(**{"Tên tập thể, họ và tên": "Trần Thị B", "Đơn vị (thôn, tổ dân phố, cơ quan…)":
                            "to dan pho truc bach"}),
            _row(**{"Phân loại": "Giao nộp", "Tên tập thể, họ và tên": "Võ C"}),
            _row(**{"Tên tập thể, họ và tên": "Ngô D", "Đơn vị (thôn, tổ dân phố, cơ quan…)": "Thôn Không Có",
                    "Ngày sinh": "31/02/1980"})]
    response = client.post(url, {"commune": tree.commune_a.pk, "file": _upload(rows)})
    assert response.status_code == 200 and not Exemplar.objects.exists()
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert (4, "Ngày (tố giác, giúp bắt, giao nộp)") in errors and (4, "Súng (khẩu)") in errors
    assert (5, "Đơn vị (thôn, tổ dân phố, cơ quan…)") in errors and (5, "Ngày sinh") in errors
    assert not any(row in (2, 3) for row, _column in errors)
    response = client.post(url, {"commune": tree.commune_a.pk, "file": _upload(rows[:2])})
    assert response.status_code == 302
    assert set(Exemplar.objects.values_list("name", "unit_id")) == {
        ("Nguyễn Văn An", tree.commune_a.pk), ("Trần Thị B", tree.kdc_a.pk)}
    assert AuditEvent.objects.filter(action="exemplar.import").count() == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message read by its English msgid
    response = client.post(url, {"commune": tree.commune_a.pk, "file": _upload(rows[:1])})
    assert "already recorded" in str(response.context["result"].errors)
    assert Exemplar.objects.count() == 2


def test_import_into_another_commune_answers_404(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("exemplars:import"), {"commune": tree.commune_b.pk, "file": _upload([_row()])})
    assert response.status_code == 404 and not Exemplar.objects.exists()


def test_export_imports_back(commune_officer, tree, client_for):
    ExemplarFactory(unit=tree.kdc_a, name="Phan Văn E", public_consent=True)
    client = client_for(commune_officer)
    export = client.get(reverse("exemplars:export") + f"?area={tree.commune_a.pk}")
    assert export.status_code == 200
    Exemplar.objects.all().delete()
    response = client.post(reverse("exemplars:import"), {
        "commune": tree.commune_a.pk, "file": SimpleUploadedFile("x.xlsx", export.content)})
    assert response.status_code == 302
    exemplar = Exemplar.objects.get()
    assert (exemplar.name, exemplar.unit_id, exemplar.id_number, exemplar.public_consent) == (
        "Phan Văn E", tree.kdc_a.pk, "044070001234", True)
    assert client.get(reverse("exemplars:template")).status_code == 200


def test_list_page_and_api_list_do_not_query_per_row(commune_officer, tree, client_for,
                                                      django_assert_max_num_queries):
    for n in range(3):
        ExemplarFactory(unit=tree.kdc_a, name=f"Người {n}")
    client = client_for(commune_officer)
    client.get(reverse("exemplars:list"))  # warm the session and the grants
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("exemplars:list"))
    for n in range(10):
        ExemplarFactory(unit=tree.agency_a, name=f"Cán bộ {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("exemplars:list")).context["page"].paginator.count == 13
    with django_assert_max_num_queries(len(first.captured_queries)) as api:
        assert len(client.get("/api/v1/exemplars/").json()["results"]) == 13
    assert len(api.captured_queries) <= len(first.captured_queries)
