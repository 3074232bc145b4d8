"""Scope, role by role: what each role sees and may change, in pages and the API."""

import pytest
from django.urls import reverse

from antq.accounts.scope import Capability, creatable_kinds, get_unit_for, has_capability, visible_units
from antq.core.models import AuditEvent
from antq.units.models import Unit

ROLES = ["national_admin", "province_officer", "commune_officer", "unit_reporter", "viewer"]

# Which fixture units each role may see (True) or not (False).
VISIBILITY = {
    "national_admin": {"country": True, "province_a": True, "commune_a": True, "commune_a2": True,
                       "kdc_a": True, "province_b": True, "commune_b": True, "kdc_b": True},
    "province_officer": {"country": False, "province_a": True, "commune_a": True, "commune_a2": True,
                         "kdc_a": True, "province_b": False, "commune_b": False, "kdc_b": False},
    "commune_officer": {"country": False, "province_a": False, "commune_a": True, "commune_a2": False,
                        "kdc_a": True, "province_b": False, "commune_b": False, "kdc_b": False},
    "unit_reporter": {"country": False, "province_a": False, "commune_a": False, "commune_a2": False,
                      "kdc_a": True, "province_b": False, "commune_b": False, "kdc_b": False},
    "viewer": {"country": False, "province_a": True, "commune_a": True, "commune_a2": True,
               "kdc_a": True, "province_b": False, "commune_b": False, "kdc_b": False},
}


@pytest.fixture
def actor(request, tree):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_visible_units_match_the_role(actor, tree):
    role = actor.username and next(r for r in ROLES if r == _role_of(actor))
    visible = set(visible_units(actor).values_list("pk", flat=True))
    for name, expected in VISIBILITY[role].items():
        assert (getattr(tree, name).pk in visible) is expected, (role, name)


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_detail_page_answers_404_outside_scope(actor, tree, client_for):
    client = client_for(actor)
    role = _role_of(actor)
    for name, expected in VISIBILITY[role].items():
        response = client.get(reverse("units:detail", args=[getattr(tree, name).pk]))
        assert response.status_code == (200 if expected else 404), (role, name)


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_api_answers_404_outside_scope_and_lists_only_scope(actor, tree, client_for):
    client = client_for(actor)
    role = _role_of(actor)
    for name, expected in VISIBILITY[role].items():
        response = client.get(f"/api/v1/units/{getattr(tree, name).pk}/")
        assert response.status_code == (200 if expected else 404), (role, name)
    listed = {row["id"] for row in client.get("/api/v1/units/?page_size=500").json()["results"]}
    assert listed == {getattr(tree, n).pk for n, ok in VISIBILITY[role].items() if ok} | (
        {tree.agency_a.pk} if VISIBILITY[role]["commune_a"] else set()
    )


def test_missing_and_out_of_scope_look_the_same(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    missing = Unit.objects.order_by("-pk").first().pk + 1000
    foreign = client.get(reverse("units:detail", args=[tree.commune_b.pk]))
    absent = client.get(reverse("units:detail", args=[missing]))
    assert foreign.status_code == absent.status_code == 404
    assert foreign.content == absent.content
    api_foreign = client.get(f"/api/v1/units/{tree.commune_b.pk}/")
    api_absent = client.get(f"/api/v1/units/{missing}/")
    assert api_foreign.status_code == api_absent.status_code == 404
    assert api_foreign.json() == api_absent.json()


CREATE_RIGHTS = {
    # role → (parent fixture, may create a KDC there?)
    "national_admin": [("commune_a", True), ("commune_b", True)],
    "province_officer": [("commune_a", True), ("commune_a2", True), ("commune_b", False)],
    "commune_officer": [("commune_a", True), ("commune_a2", False), ("commune_b", False)],
    "unit_reporter": [("commune_a", False), ("commune_b", False)],
    "viewer": [("commune_a", False), ("commune_b", False)],
}


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_creating_a_unit_is_limited_to_data_entry_scope(actor, tree, client_for):
    client = client_for(actor)
    role = _role_of(actor)
    for parent_name, allowed in CREATE_RIGHTS[role]:
        parent = getattr(tree, parent_name)
        before = Unit.objects.count(), AuditEvent.objects.count()
        page = client.post(
            reverse("units:create", args=[parent.pk]) + "?kind=residential_area",
            {"kind": "residential_area", "name": f"Thôn Mới {role}", "local_kind": "thon"},
        )
        api = client.post("/api/v1/units/", {"kind": "residential_area", "parent": parent.pk,
                                             "name": f"Thôn API {role}", "local_kind": "thon"},
                          content_type="application/json")
        if allowed:
            assert page.status_code == 302, (role, parent_name, page.content[:500])
            assert api.status_code == 201, (role, parent_name, api.content)
            assert Unit.objects.count() == before[0] + 2
            assert AuditEvent.objects.count() == before[1] + 2
        else:
            assert page.status_code == 404, (role, parent_name)
            assert api.status_code == 404, (role, parent_name)
            assert (Unit.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_editing_follows_data_entry_scope(actor, tree, client_for):
    client = client_for(actor)
    role = _role_of(actor)
    may_edit_kdc_a = role in {"national_admin", "province_officer", "commune_officer", "unit_reporter"}
    response = client.patch(f"/api/v1/units/{tree.kdc_a.pk}/", {"address": "Số 1 Phó Đức Chính"},
                            content_type="application/json")
    tree.kdc_a.refresh_from_db()
    if may_edit_kdc_a:
        assert response.status_code == 200
        assert tree.kdc_a.address == "Số 1 Phó Đức Chính"
    else:
        assert response.status_code == 404
        assert tree.kdc_a.address == ""
    # Nobody but the administrator edits an official commune, even inside their scope.
    response = client.patch(f"/api/v1/units/{tree.commune_a.pk}/", {"name": "Phường Đổi Tên"},
                            content_type="application/json")
    tree.commune_a.refresh_from_db()
    if role == "national_admin":
        assert response.status_code == 200 and tree.commune_a.name == "Phường Đổi Tên"
    else:
        assert response.status_code in (400, 404)
        assert tree.commune_a.name == "Phường Ba Đình"


def test_unit_reporter_cannot_create_below_its_own_unit(unit_reporter, tree):
    assert creatable_kinds(unit_reporter, tree.kdc_a) == []
    assert creatable_kinds(unit_reporter, tree.commune_a) == []


def test_province_role_covers_predecessor_history(province_officer, tree):
    from antq.units.tests.factories import CommuneFactory, ProvinceFactory

    legacy = ProvinceFactory(parent=tree.country, name="Tỉnh Quảng Bình", valid_from=None,
                             valid_to="2025-06-30")
    legacy_commune = CommuneFactory(parent=legacy, name="Xã Cũ", valid_from=None, valid_to="2025-06-30")
    other_legacy = ProvinceFactory(parent=tree.country, name="Tỉnh Hà Tây", valid_from=None,
                                   valid_to="2025-06-30")
    tree.province_a.predecessors.add(legacy)
    from antq.accounts.scope import forget_grants

    forget_grants(province_officer)
    assert get_unit_for(province_officer, legacy_commune.pk) == legacy_commune
    assert has_capability(province_officer, legacy, Capability.VIEW)
    assert not has_capability(province_officer, other_legacy, Capability.VIEW)


def test_inactive_user_sees_nothing(commune_officer, tree):
    commune_officer.is_active = False
    commune_officer.save()
    assert not visible_units(commune_officer).exists()


def _role_of(user) -> str:
    return user.roles.get().role
