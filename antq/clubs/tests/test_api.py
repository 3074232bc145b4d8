from django.urls import reverse
from rest_framework.test import APIClient

from antq.clubs.models import MovementModel
from antq.clubs.tests.factories import ClubFactory, MovementModelFactory, national


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_create_add_clubs_evaluate_and_count(tree, province_officer):
    client = _client(province_officer)
    response = client.post(reverse("v1:clubs-model-list"), {
        "site": tree.kdc_a.pk, "type": national("to_lien_gia").pk, "established_on": "01/02/2024"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    for name in ("Tổ 1", "Tổ 2"):
        assert client.post(reverse("v1:clubs-model-add-club", args=[pk]), {"name": name, "members_count": 7},
                           format="json").status_code == 201
    response = client.post(reverse("v1:clubs-model-evaluate", args=[pk]),
                           {"year": 2025, "effective": True, "typical": True}, format="json")
    assert response.status_code == 200 and response.json()["typical"]
    detail = client.get(reverse("v1:clubs-model-detail", args=[pk])).json()
    assert len(detail["clubs"]) == 2 and detail["evaluations"][0]["year"] == 2025
    assert client.patch(reverse("v1:clubs-model-detail", args=[pk]), {"name": "Tổ liên gia Trúc Bạch"},
                        format="json").json()["name"] == "Tổ liên gia Trúc Bạch"
    listing = client.get(reverse("v1:clubs-model-list"), {"typical": "true", "year": 2025, "q": "truc bach"}).json()
    assert [m["id"] for m in listing["results"]] == [pk]
    counts = client.get(reverse("v1:clubs-counts"), {"area": tree.province_a.pk, "year": 2025}).json()
    assert (counts["types"], counts["clubs"], counts["typical"]) == (1, 2, 1)
    assert client.get(reverse("v1:clubs-type-list")).status_code == 200


def test_out_of_scope_answers_404(tree, commune_officer):
    other = MovementModelFactory(site=tree.kdc_b)
    ClubFactory(model=other)
    client = _client(commune_officer)
    assert client.get(reverse("v1:clubs-model-detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("v1:clubs-model-add-club", args=[other.pk]), {"name": "X"},
                       format="json").status_code == 404
    assert client.post(reverse("v1:clubs-model-list"), {"site": tree.kdc_b.pk, "type": national("dong_ho").pk},
                       format="json").status_code == 404
    assert client.get(reverse("v1:clubs-counts"), {"area": tree.commune_b.pk}).status_code == 404
    assert MovementModel.objects.count() == 1 and other.clubs.count() == 1
