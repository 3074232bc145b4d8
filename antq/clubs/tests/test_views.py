import io

from django.urls import reverse
from openpyxl import load_workbook

from antq.clubs.models import Club, MovementModel
from antq.clubs.tests.factories import ClubFactory, ModelEvaluationFactory, MovementModelFactory, national


def test_register_add_a_club_evaluate_and_list(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    assert client.get(reverse("clubs:create")).status_code == 200
    response = client.post(reverse("clubs:create"), {
        "site": tree.kdc_a.pk, "type": national("camera_antt").pk, "name": "", "decision_date": "05/03/2024",
        "established_on": "05/03/2024"})
    model = MovementModel.objects.get()
    assert response.status_code == 302 and model.decision_date.month == 3  # dd/mm/yyyy
    client.post(reverse("clubs:club_add", args=[model.pk]), {"name": "Tổ camera số 1", "members_count": "6"})
    client.post(reverse("clubs:evaluate", args=[model.pk]), {"year": "2025", "effective": "on"})
    assert model.clubs.get().members_count == 6 and model.evaluations.get().effective
    page = client.get(reverse("clubs:detail", args=[model.pk]))
    assert page.status_code == 200 and "Tổ camera số 1" in page.content.decode()
    listing = client.get(reverse("clubs:list") + "?q=camera&year=2025")
    assert [m.pk for m in listing.context["page"]] == [model.pk]
    assert listing.context["counts"].clubs == 1
    assert client.get(reverse("clubs:types")).status_code == 200


def test_another_communes_model_answers_404(tree, commune_officer, client_for):
    other = MovementModelFactory(site=tree.kdc_b)
    club = ClubFactory(model=other)
    client = client_for(commune_officer)
    for name in ("detail", "update"):
        assert client.get(reverse(f"clubs:{name}", args=[other.pk])).status_code == 404
    for name in ("club_add", "evaluate", "dissolve"):
        assert client.post(reverse(f"clubs:{name}", args=[other.pk]), {"name": "X", "year": "2025"}).status_code == 404
    assert client.get(reverse("clubs:club_update", args=[club.pk])).status_code == 404
    assert client.get(reverse("clubs:import") + f"?area={tree.commune_b.pk}").status_code == 404
    assert Club.objects.count() == 1 and not other.evaluations.exists()


def test_a_viewer_sees_but_may_not_edit(tree, viewer, client_for):
    model = MovementModelFactory(site=tree.kdc_a)
    client = client_for(viewer)
    assert client.get(reverse("clubs:detail", args=[model.pk])).status_code == 200
    assert client.get(reverse("clubs:update", args=[model.pk])).status_code == 404
    assert client.get(reverse("clubs:create")).status_code == 404


def test_export_reimports_the_same_rows(tree, commune_officer, client_for):
    model = MovementModelFactory(site=tree.kdc_a, type=national("dong_ho"))
    ClubFactory(model=model, name="Dòng họ Nguyễn", member_names="An\nBình")
    ModelEvaluationFactory(model=model, year=2025)
    response = client_for(commune_officer).get(reverse("clubs:export") + "?year=2025")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "Dòng họ Nguyễn" in rows[1] and "An; Bình" in rows[1] and "Có" in rows[1]


def test_the_import_page_reports_the_bad_row(tree, commune_officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.clubs.tests.test_import import _xlsx

    rows = [{"commune": tree.commune_a.name, "type": "Không có loại này", "club": "Tổ 1"}]
    response = client_for(commune_officer).post(reverse("clubs:import"), {
        "area": tree.commune_a.pk, "file": SimpleUploadedFile("m.xlsx", _xlsx(rows))})
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, "Loại mô hình")]
    assert not MovementModel.objects.exists()
    template = client_for(commune_officer).get(reverse("clubs:template"))
    assert template.status_code == 200 and template.content.startswith(b"PK")


def test_a_commune_officer_keeps_the_typical_mark_when_correcting_a_note(tree, commune_officer, client_for):
    model = MovementModelFactory(site=tree.kdc_a)
    ModelEvaluationFactory(model=model, year=2025, typical=True)
    client_for(commune_officer).post(reverse("clubs:evaluate", args=[model.pk]),
                                     {"year": "2025", "effective": "on", "note": "Đã củng cố"})
    evaluation = model.evaluations.get()
    assert evaluation.typical and evaluation.note == "Đã củng cố"


def test_the_list_page_queries_do_not_grow_with_the_models(tree, commune_officer, client_for,
                                                          django_assert_num_queries):
    client = client_for(commune_officer)
    ClubFactory(model=MovementModelFactory(site=tree.kdc_a))
    client.get(reverse("clubs:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("clubs:list"))
    for _ in range(5):
        ClubFactory(model=MovementModelFactory(site=tree.agency_a, type=national("co_quan_an_toan")))
    with django_assert_num_queries(len(few)):
        client.get(reverse("clubs:list"))
