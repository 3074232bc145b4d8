import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.directives.models import Document, ReportSubmission
from antq.directives.tests.factories import DocumentFactory, ObligationFactory
from antq.directives.tests.test_transfer import row, workbook


def test_register_pages_and_scope(tree, province_officer, commune_officer, client_for):
    directive = DocumentFactory(unit=tree.country, title="Về phong trào toàn dân bảo vệ an ninh Tổ quốc")
    other = DocumentFactory(unit=tree.province_b, kind="plan", parent=directive, number="12/KH-UBND")
    client = client_for(province_officer)
    response = client.get(reverse("directives:list") + "?q=an+ninh+to+quoc")
    assert [d.pk for d in response.context["page"]] == [directive.pk]
    assert client.get(reverse("directives:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("directives:update", args=[directive.pk])).status_code == 404  # national: admin only
    response = client.post(reverse("directives:create") + f"?parent={directive.pk}", {
        "unit": tree.province_a.pk, "kind": "plan", "number": "35/KH-UBND", "issued_on": "10/02/2025",
        "issuer": "UBND tỉnh", "title": "Thực hiện Chỉ thị", "parent": directive.pk, "validity": "in_force"})
    plan = Document.objects.get(number="35/KH-UBND")
    assert response.status_code == 302 and plan.issued_on == datetime.date(2025, 2, 10)
    response = client.post(reverse("directives:obligation_create", args=[plan.pk]), {
        "subject": "Báo cáo năm", "reporter_kind": "commune", "first_due_on": "15/11/2025", "recurrence": "yearly"})
    assert response.status_code == 302
    response = client.get(reverse("directives:detail", args=[plan.pk]) + "?year=2025")
    assert response.status_code == 200 and response.context["obligations"][0]["total"] == 2
    export = client.get(reverse("directives:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_commune_records_its_report_and_the_board_shows_the_rest(tree, commune_officer, client_for):
    plan = DocumentFactory(unit=tree.province_a, kind="plan", number="35/KH-UBND")
    obligation = ObligationFactory(document=plan, first_due_on=datetime.date(2025, 11, 15), recurrence="once")
    client = client_for(commune_officer)
    url = reverse("directives:submit", args=[obligation.pk])
    assert client.get(url + f"?unit={tree.commune_b.pk}&due=2025-11-15").status_code == 404
    response = client.post(url, {"unit": tree.commune_a.pk, "due": "2025-11-15", "submitted_on": "14/11/2025",
                                 "number": "15/BC-UBND", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    submission = ReportSubmission.objects.get()
    download = client.get(reverse("directives:submission_file", args=[submission.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    response = client.get(reverse("recognition:deadlines") + f"?area={tree.province_a.pk}&year=2025&on=20/11/2025")
    assert response.status_code == 404  # the commune officer does not see the province
    client.force_login(commune_officer)
    response = client.get(reverse("recognition:deadlines") + f"?area={tree.commune_a.pk}&year=2025&on=20/11/2025")
    section = response.context["directives"]
    assert section["on_time"] == 1 and section["count"] == 0
    assert b"deadlines-directives" in response.content


def test_board_lists_late_reports(tree, province_officer, client_for):
    plan = DocumentFactory(unit=tree.province_a, kind="plan", number="35/KH-UBND")
    ObligationFactory(document=plan, first_due_on=datetime.date(2025, 11, 15), recurrence="once")
    client = client_for(province_officer)
    response = client.get(reverse("recognition:deadlines") + f"?area={tree.province_a.pk}&year=2025&on=20/11/2025")
    section = response.context["directives"]
    assert section["late"] == 2 and {e.unit.pk for e in section["entries"]} == {tree.commune_a.pk, tree.commune_a2.pk}
    response = client.get(reverse("recognition:deadlines") + f"?area={tree.province_a.pk}&year=2025&on=01/11/2025")
    assert response.context["directives"]["due"] == 2


def test_import_page_reports_row_errors(tree, province_officer, client_for):
    DocumentFactory(unit=tree.country, number="09-CT/TW")
    client = client_for(province_officer)
    data = workbook([row(), row(number="36/KH-UBND", parent="99/XX")])
    response = client.post(reverse("directives:import"), {
        "unit": tree.province_a.pk, "file": SimpleUploadedFile("vb.xlsx", data)})
    assert response.status_code == 200 and [e.row for e in response.context["row_errors"]] == [3]
    assert not Document.objects.filter(unit=tree.province_a).exists()
    response = client.post(reverse("directives:import"), {
        "unit": tree.province_a.pk, "file": SimpleUploadedFile("vb.xlsx", workbook([row()]))})
    assert response.status_code == 302 and Document.objects.filter(unit=tree.province_a).count() == 1


def test_only_the_issuer_edits_an_obligation(tree, province_officer, commune_officer, client_for):
    obligation = ObligationFactory(document=DocumentFactory(unit=tree.province_a, kind="plan", number="35/KH"))
    url = reverse("directives:obligation_update", args=[obligation.pk])
    assert client_for(commune_officer).get(url).status_code == 404
    client = client_for(province_officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "Báo cáo năm", "reporter_kind": "commune", "first_due_on": "15/11/2025",
                                 "recurrence": "yearly", "ends_on": "15/11/2027"})
    obligation.refresh_from_db()
    assert response.status_code == 302 and obligation.ends_on == datetime.date(2027, 11, 15)
