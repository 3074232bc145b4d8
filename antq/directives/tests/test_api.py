from rest_framework.test import APIClient

from antq.directives.models import Document
from antq.directives.tests.factories import DocumentFactory


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_documents_through_the_api(tree, national_admin, province_officer, commune_officer):
    directive = DocumentFactory(unit=tree.country)
    hidden = DocumentFactory(unit=tree.province_b, kind="plan", parent=directive, number="9/KH")
    response = api(commune_officer).get("/api/v1/directives/documents/")
    assert [d["id"] for d in response.json()["results"]] == [directive.pk]
    assert api(commune_officer).get(f"/api/v1/directives/documents/{hidden.pk}/").status_code == 404
    payload = {"unit": tree.country.pk, "kind": "decision", "number": "521/QĐ-TTg", "issued_on": "13/06/2005",
               "issuer": "Thủ tướng Chính phủ", "title": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"}
    assert api(province_officer).post("/api/v1/directives/documents/", payload, format="json").status_code == 404
    response = api(national_admin).post("/api/v1/directives/documents/", payload, format="json")
    assert response.status_code == 201 and Document.objects.filter(number="521/QĐ-TTg").exists()
    response = api(national_admin).post(f"/api/v1/directives/documents/{response.json()['id']}/obligations/", {
        "subject": "Báo cáo Ngày hội", "reporter_kind": "commune", "first_due_on": "2025-09-15",
        "recurrence": "yearly"}, format="json")
    assert response.status_code == 201


def test_a_report_is_submitted_through_the_api_once(tree, commune_officer):
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.directives.tests.factories import ObligationFactory

    obligation = ObligationFactory(document=DocumentFactory(unit=tree.province_a, kind="plan", number="3/KH"),
                                   first_due_on=datetime.date(2025, 6, 15), recurrence="once")

    def post(unit):
        return api(commune_officer).post("/api/v1/directives/submissions/", {
            "obligation": obligation.pk, "unit": unit.pk, "due_on": "15/06/2025", "submitted_on": "16/06/2025",
            "number": "7/BC-UBND", "file": SimpleUploadedFile("bc.docx", b"not a docx")}, format="multipart")

    response = post(tree.commune_a)
    assert response.status_code == 400 and "file" in response.json()
    assert post(tree.commune_b).status_code == 404
    response = api(commune_officer).post("/api/v1/directives/submissions/", {
        "obligation": obligation.pk, "unit": tree.commune_a.pk, "due_on": "15/06/2025", "submitted_on": "16/06/2025",
        "number": "7/BC-UBND", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.4 x")}, format="multipart")
    assert response.status_code == 201
    assert api(commune_officer).post("/api/v1/directives/submissions/", {
        "obligation": obligation.pk, "unit": tree.commune_a.pk, "due_on": "15/06/2025", "submitted_on": "16/06/2025",
        "number": "7/BC-UBND", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.4 x")}, format="multipart"
    ).status_code == 400  # locked once submitted
