import pytest

from antq.units.tests.factories import CommuneFactory, ResidentialAreaFactory


def test_list_is_paginated_with_count_and_filters(national_admin, tree, client_for):
    client = client_for(national_admin)
    body = client.get("/api/v1/units/", {"kind": "commune"}).json()
    assert body["count"] == 3
    assert {r["name"] for r in body["results"]} == {"Phường Ba Đình", "Xã Đông Hà", "Xã Bảo Yên"}
    body = client.get("/api/v1/units/", {"parent": tree.commune_a.pk}).json()
    assert {r["id"] for r in body["results"]} == {tree.kdc_a.pk, tree.agency_a.pk}
    body = client.get("/api/v1/units/", {"page_size": 2}).json()
    assert len(body["results"]) == 2 and body["count"] == 9 and body["next"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ba dinh", "Phường Ba Đình"),
        ("BA ĐÌNH", "Phường Ba Đình"),
        ("quang tri", "Tỉnh Quảng Trị"),
        ("bảo yen", "Xã Bảo Yên"),
    ],
)
def test_search_ignores_accents_and_case(national_admin, tree, client_for, q, expected):
    body = client_for(national_admin).get("/api/v1/units/", {"q": q}).json()
    assert expected in {r["name"] for r in body["results"]}


def test_on_date_shows_the_units_valid_that_day(national_admin, tree, client_for):
    legacy = CommuneFactory(
        parent=tree.province_a, name="Phường Trúc Bạch", valid_from=None, valid_to="2025-06-30", local_kind="phuong"
    )
    client = client_for(national_admin)
    past = client.get("/api/v1/units/", {"kind": "commune", "on": "2020-01-01"}).json()
    assert [r["id"] for r in past["results"]] == [legacy.pk]
    today = client.get("/api/v1/units/", {"kind": "commune"}).json()
    assert legacy.pk not in {r["id"] for r in today["results"]}
    dmy = client.get("/api/v1/units/", {"kind": "commune", "on": "05/03/2020"}).json()
    assert [r["id"] for r in dmy["results"]] == [legacy.pk]


def test_bad_query_parameters_are_a_400(national_admin, tree, client_for):
    client = client_for(national_admin)
    assert client.get("/api/v1/units/", {"kind": "planet"}).status_code == 400
    assert client.get("/api/v1/units/", {"on": "31/02/2020"}).status_code == 400


def test_create_and_update_through_the_api(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    created = client.post(
        "/api/v1/units/",
        {
            "kind": "enterprise",
            "parent": tree.commune_a.pk,
            "name": "Công ty TNHH Sông Hồng",
            "enterprise_size": "medium",
            "managing_level": "province",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    updated = client.patch(f"/api/v1/units/{pk}/", {"enterprise_size": "large"}, content_type="application/json")
    assert updated.status_code == 200 and updated.json()["enterprise_size"] == "large"
    invalid = client.post(
        "/api/v1/units/",
        {"kind": "school", "parent": tree.commune_a.pk, "name": "Trường X", "managing_level": "commune"},
        content_type="application/json",
    )
    assert invalid.status_code == 400 and "school_level" in invalid.json()


def test_list_query_count_does_not_grow_with_rows(national_admin, tree, client_for, django_assert_num_queries):
    client = client_for(national_admin)
    for i in range(30):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {i}")
    # session, user, roles, predecessors, count, page; then the session save (savepoint, update, release)
    with django_assert_num_queries(9):
        body = client.get("/api/v1/units/", {"page_size": 100}).json()
    assert body["count"] == 39


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/units/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
