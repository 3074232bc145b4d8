import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.festival.models import FestivalEvent
from antq.festival.tests.factories import FestivalEventFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def test_plan_record_and_see_coverage(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.get(reverse("festival:create") + f"?unit={tree.kdc_a.pk}")
    assert response.status_code == 200
    response = client.post(reverse("festival:create"), {
        "unit": tree.kdc_a.pk, "held_on": "02/08/2025", "place": "Nhà văn hóa", "participants": ""})
    event = FestivalEvent.objects.get()
    assert response.status_code == 302 and event.held_on == datetime.date(2025, 8, 2)
    assert client.get(reverse("festival:detail", args=[event.pk])).status_code == 200
    response = client.post(reverse("festival:record", args=[event.pk]), {"participants": "300", "gifts_count": "5"})
    event.refresh_from_db()
    assert event.is_held and event.participants == 300
    response = client.get(reverse("festival:coverage") + f"?area={tree.commune_a.pk}&year=2025")
    assert response.status_code == 200
    kdc = response.context["coverage"].of("residential_area")
    assert (kdc.held, kdc.total) == (1, 1)
    assert [u.pk for u in response.context["coverage"].missing] == [tree.agency_a.pk]
    client.post(reverse("festival:photo_add", args=[event.pk]), {"file": SimpleUploadedFile("a.png", PNG)})
    photo = event.photos.get()
    download = client.get(reverse("festival:photo", args=[photo.pk]))
    assert b"".join(download.streaming_content) == PNG  # reading it to the end closes the file
    assert download["Content-Type"] == "image/png"
    assert client.get(reverse("festival:list")).status_code == 200


def test_a_date_outside_the_window_is_shown_on_the_form(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("festival:create"), {
        "unit": tree.kdc_a.pk, "held_on": "25/08/2023", "place": "Nhà văn hóa"})
    assert response.status_code == 200
    assert "01/07/2023" in str(response.context["form"].errors["held_on"])
    assert "exception_reason" not in response.context["form"].fields
    assert not FestivalEvent.objects.exists()


def test_another_communes_event_and_area_answer_404(commune_officer, tree, client_for):
    other = FestivalEventFactory(unit=tree.kdc_b)
    client = client_for(commune_officer)
    for name in ("detail", "update"):
        assert client.get(reverse(f"festival:{name}", args=[other.pk])).status_code == 404
    for name in ("record", "delete", "photo_add"):
        assert client.post(reverse(f"festival:{name}", args=[other.pk])).status_code == 404
    assert client.get(reverse("festival:coverage") + f"?area={tree.commune_b.pk}").status_code == 404
    assert client.get(reverse("festival:create") + f"?unit={tree.kdc_b.pk}").status_code == 404
    assert FestivalEvent.objects.filter(pk=other.pk).exists()


def test_a_viewer_sees_but_may_not_plan(viewer, tree, client_for):
    event = FestivalEventFactory(unit=tree.kdc_a)
    client = client_for(viewer)
    assert client.get(reverse("festival:detail", args=[event.pk])).status_code == 200
    assert client.get(reverse("festival:create")).status_code == 404
    assert client.post(reverse("festival:record", args=[event.pk])).status_code == 404


def test_the_deadline_board_lists_units_without_their_festival_day(commune_officer, tree, client_for):
    FestivalEventFactory(unit=tree.kdc_a)
    response = client_for(commune_officer).get(
        reverse("recognition:deadlines") + f"?area={tree.commune_a.pk}&year=2025&on=20/08/2025")
    section = response.context["festival"]
    assert section["late"] and section["deadline"] == datetime.date(2025, 8, 19)
    assert [m.unit for m in section["entries"]] == [tree.agency_a]
    assert f'data-unit-id="{tree.agency_a.pk}"' in response.content.decode()
