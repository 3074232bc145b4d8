"""`manage.py demo` on the small factory tree of conftest.py (province_a has the code "44")."""

import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from vietnam_provinces import Province

from antq.accounts.demo import DEMO_PASSWORD
from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.scope import Capability, has_capability
from antq.core.demo import DEFAULT_PROVINCE_CODE, demo_run
from antq.core.models import AuditEvent
from antq.core.text import fold
from antq.units.models import (
    GRASSROOTS_KINDS,
    LEGACY_END,
    EnterpriseSize,
    LocalKind,
    ManagingLevel,
    SchoolLevel,
    Unit,
    UnitKind,
)
from antq.units.services import unit_validate
from antq.units.tests.factories import CommuneFactory

URBAN_KDC = {LocalKind.TO_DAN_PHO, LocalKind.KHU_PHO}
RURAL_KDC = {LocalKind.THON, LocalKind.BAN, LocalKind.XOM}


@pytest.fixture
def demo_tree(tree):
    """conftest's tree plus a highland xã, a đặc khu and a closed (pre-2025) commune in province_a."""
    tree.highland = CommuneFactory(parent=tree.province_a, name="Xã A Dơi", code="19999", local_kind=LocalKind.XA)
    tree.island = CommuneFactory(parent=tree.province_a, name="Đặc khu Cồn Cỏ", code="19998",
                                 local_kind=LocalKind.DAC_KHU)
    tree.closed = CommuneFactory(parent=tree.province_a, name="Xã Cũ", code="19997", valid_from=None,
                                 valid_to=LEGACY_END)
    return tree


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--province", "44", "--force", *args, stdout=out)
    return out.getvalue()


def generated(commune: Unit, kind: str):
    """Units the demo made under `commune` (everything but conftest's own)."""
    fixture_names = ["Tổ dân phố Trúc Bạch", "Trung tâm Y tế Ba Đình"]
    return Unit.objects.filter(parent=commune, kind=kind).exclude(name__in=fixture_names)


def test_default_province_is_quang_tri_which_absorbed_quang_binh():
    province = Province.from_code(int(DEFAULT_PROVINCE_CODE))
    assert province.name == "Tỉnh Quảng Trị"
    assert "Tỉnh Quảng Bình" in {p.name for p in province.get_legacy_sources()}


def test_every_current_commune_gets_residential_areas_of_its_kind(demo_tree):
    run_demo()

    expected = {
        demo_tree.commune_a: URBAN_KDC,  # phường
        demo_tree.commune_a2: RURAL_KDC,  # xã
        demo_tree.highland: RURAL_KDC,
        demo_tree.island: URBAN_KDC | {LocalKind.THON},  # đặc khu
    }
    for commune, allowed in expected.items():
        kdc = list(generated(commune, UnitKind.RESIDENTIAL_AREA))
        assert 5 <= len(kdc) <= 15, commune.name
        assert {u.local_kind for u in kdc} <= allowed, commune.name
        assert len({u.name for u in kdc}) == len(kdc)
        for unit in kdc:
            prefix = {LocalKind.TO_DAN_PHO: "Tổ dân phố ", LocalKind.KHU_PHO: "Khu phố ", LocalKind.THON: "Thôn ",
                      LocalKind.BAN: "Bản ", LocalKind.XOM: "Xóm "}[unit.local_kind]
            assert unit.name.startswith(prefix)
    assert LocalKind.BAN in {u.local_kind for u in generated(demo_tree.highland, UnitKind.RESIDENTIAL_AREA)}
    assert LocalKind.BAN not in {u.local_kind for u in generated(demo_tree.commune_a2, UnitKind.RESIDENTIAL_AREA)}
    island_kinds = {u.local_kind for u in generated(demo_tree.island, UnitKind.RESIDENTIAL_AREA)}
    assert LocalKind.THON in island_kinds and island_kinds & URBAN_KDC

    # A closed commune and another province are left alone.
    assert not Unit.objects.filter(parent=demo_tree.closed).exists()
    assert list(Unit.objects.filter(parent=demo_tree.commune_b)) == [demo_tree.kdc_b]


def test_generated_units_are_valid_and_placed_in_the_tree(demo_tree):
    run_demo()

    units = list(
        Unit.objects.within([demo_tree.province_a.path]).filter(kind__in=GRASSROOTS_KINDS).select_related("parent")
    )
    assert len(units) > 40
    for unit in units:
        unit_validate(unit)
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
        assert unit.name == unicodedata.normalize("NFC", unit.name)
        assert unit.name_folded == fold(unit.name)


@pytest.mark.parametrize("commune_attr", ["commune_a", "commune_a2", "highland", "island"])
def test_each_commune_gets_agencies_enterprises_and_schools(demo_tree, commune_attr):
    run_demo()
    commune = getattr(demo_tree, commune_attr)
    word = {LocalKind.XA: "xã", LocalKind.PHUONG: "phường", LocalKind.DAC_KHU: "đặc khu"}[commune.local_kind]
    place = commune.name.split(" ", 2 if commune.local_kind == LocalKind.DAC_KHU else 1)[-1]

    people_committee = Unit.objects.get(parent=commune, kind=UnitKind.AGENCY, name=f"Ủy ban nhân dân {word} {place}")
    assert people_committee.managing_level == ManagingLevel.COMMUNE
    assert not people_committee.is_armed_forces
    health = Unit.objects.get(parent=commune, kind=UnitKind.AGENCY, name=f"Trạm Y tế {word} {place}")
    assert health.managing_level == ManagingLevel.COMMUNE

    enterprises = list(generated(commune, UnitKind.ENTERPRISE))
    assert enterprises
    for enterprise in enterprises:
        assert enterprise.name.startswith(("Công ty TNHH ", "Công ty Cổ phần ", "Hợp tác xã ", "Doanh nghiệp tư nhân "))
        big = enterprise.enterprise_size in (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM)
        assert enterprise.managing_level == (ManagingLevel.PROVINCE if big else ManagingLevel.COMMUNE)

    schools = {s.school_level: s for s in generated(commune, UnitKind.SCHOOL)}
    assert SchoolLevel.KINDERGARTEN in schools
    assert SchoolLevel.LOWER_SECONDARY in schools or SchoolLevel.MULTI_LEVEL in schools
    if SchoolLevel.UPPER_SECONDARY in schools:
        assert schools[SchoolLevel.UPPER_SECONDARY].name.startswith("Trường THPT ")
        assert schools[SchoolLevel.UPPER_SECONDARY].managing_level == ManagingLevel.PROVINCE
    if SchoolLevel.LOWER_SECONDARY in schools:
        assert schools[SchoolLevel.LOWER_SECONDARY].name.startswith("Trường THCS ")
        assert schools[SchoolLevel.LOWER_SECONDARY].managing_level == ManagingLevel.COMMUNE


def test_an_island_gets_an_armed_forces_post_and_the_lowland_xa_none(demo_tree):
    run_demo()

    post = Unit.objects.get(parent=demo_tree.island, kind=UnitKind.AGENCY, is_armed_forces=True)
    assert post.name == "Đồn Biên phòng Cồn Cỏ"
    assert post.managing_level == ManagingLevel.MINISTRY
    assert not Unit.objects.filter(parent=demo_tree.commune_a2, is_armed_forces=True).exists()


def test_one_user_per_role_on_the_right_unit(demo_tree):
    output = run_demo()

    expected = {
        "admin": (Role.NATIONAL_ADMIN, demo_tree.country),
        "tinh": (Role.PROVINCE_OFFICER, demo_tree.province_a),
        "bcd": (Role.VIEWER, demo_tree.province_a),
        "xa": (Role.COMMUNE_OFFICER, demo_tree.commune_a),  # the only phường
        "xa2": (Role.COMMUNE_OFFICER, demo_tree.highland),  # "Xã A Dơi" sorts before "Xã Đông Hà"
    }
    for username, (role, unit) in expected.items():
        user = User.objects.get(username=username)
        assert [(a.role, a.unit_id) for a in RoleAssignment.objects.filter(user=user)] == [(role, unit.pk)]
        assert user.check_password(DEMO_PASSWORD)
        assert len(user.full_name.split()) >= 3

    kdc = RoleAssignment.objects.get(user__username="kdc")
    assert kdc.role == Role.UNIT_REPORTER
    assert kdc.unit.kind == UnitKind.RESIDENTIAL_AREA and kdc.unit.parent_id == demo_tree.commune_a.pk
    school = RoleAssignment.objects.get(user__username="truong")
    assert school.role == Role.UNIT_REPORTER
    assert school.unit.kind == UnitKind.SCHOOL and school.unit.parent_id == demo_tree.commune_a.pk
    assert school.unit.school_level in (SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY,
                                        SchoolLevel.MULTI_LEVEL)

    # The commune officer enters data for the reporter's KDC; the viewer only looks.
    assert has_capability(User.objects.get(username="xa"), kdc.unit, Capability.ENTER_DATA)
    bcd = User.objects.get(username="bcd")
    assert has_capability(bcd, kdc.unit, Capability.VIEW)
    assert not has_capability(bcd, kdc.unit, Capability.ENTER_DATA)

    for username in ("admin", "tinh", "bcd", "xa", "xa2", "kdc", "truong"):
        assert f"{username} " in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output


def test_second_run_changes_nothing(demo_tree):
    run_demo()
    units = set(Unit.objects.values_list("id", "parent_id", "kind", "name", "path"))
    roles = set(RoleAssignment.objects.values_list("id", "user_id", "role", "unit_id"))
    audit_ids = set(AuditEvent.objects.values_list("id", flat=True))
    assert AuditEvent.objects.filter(action="demo.units").count() == 1
    assert User.objects.count() == 7

    output = run_demo()

    assert set(Unit.objects.values_list("id", "parent_id", "kind", "name", "path")) == units
    assert set(RoleAssignment.objects.values_list("id", "user_id", "role", "unit_id")) == roles
    assert set(AuditEvent.objects.values_list("id", flat=True)) == audit_ids
    assert User.objects.count() == 7
    assert "Users: 0 created, 0 roles granted (7 demo users)" in output
    for label in ("KDC", "CQ", "DN", "CSGD"):
        assert f"{label:<5}     0 created" in output
    assert "admin     antq-demo-2026" in output


def test_rerun_restores_exactly_what_is_missing(demo_tree):
    # The units step alone: later steps attach incidents and cases that protect a unit from deletion.
    demo_run(province_code="44", stdout=io.StringIO(), steps=["antq.units.demo"])
    kdc = generated(demo_tree.commune_a2, UnitKind.RESIDENTIAL_AREA).order_by("name_folded").last()
    kdc.delete()

    demo_run(province_code="44", stdout=io.StringIO(), steps=["antq.units.demo"])

    again = Unit.objects.get(parent=demo_tree.commune_a2, kind=UnitKind.RESIDENTIAL_AREA, name=kdc.name)
    assert again.local_kind == kdc.local_kind
    assert again.pk != kdc.pk
    event = AuditEvent.objects.filter(action="demo.units").first()  # newest first
    assert event.detail["created"] == {"residential_area": 1, "agency": 0, "enterprise": 0, "school": 0}
    assert event.target_id == str(demo_tree.province_a.pk)


def test_a_changed_password_is_not_printed_as_the_demo_one(demo_tree):
    run_demo()
    user = User.objects.get(username="tinh")
    user.set_password("another-password-2026")
    user.save()

    output = run_demo()

    line = next(line for line in output.splitlines() if line.strip().startswith("tinh "))
    assert "(changed)" in line and DEMO_PASSWORD not in line


def test_unit_step_queries_do_not_grow_with_the_number_of_units(demo_tree, django_assert_max_num_queries):
    from django.contrib.contenttypes.models import ContentType

    # The audit event looks up its content type; start cold so the count does not depend on test order.
    ContentType.objects.clear_cache()
    # 11, and the units' generation moved by the bulk insert and the bulk path update (antq.core.generations)
    with django_assert_max_num_queries(13):
        demo_run(province_code="44", stdout=io.StringIO(), steps=["antq.units.demo"])
    assert Unit.objects.filter(kind=UnitKind.RESIDENTIAL_AREA).count() > 20


def test_refuses_without_debug_unless_forced(demo_tree):
    before = Unit.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", "--province", "44", stdout=io.StringIO())
    assert Unit.objects.count() == before
    assert not User.objects.exists()


def test_a_new_commune_gets_units_without_reshuffling_the_others(demo_tree):
    run_demo()
    before = set(Unit.objects.filter(parent__in=[demo_tree.commune_a2, demo_tree.highland]).values_list("id", "name"))
    newcomer = CommuneFactory(parent=demo_tree.province_a, name="Xã Tân Mỹ", code="1", local_kind=LocalKind.XA)

    run_demo()

    after = set(Unit.objects.filter(parent__in=[demo_tree.commune_a2, demo_tree.highland]).values_list("id", "name"))
    assert after == before
    assert 5 <= Unit.objects.filter(parent=newcomer, kind=UnitKind.RESIDENTIAL_AREA).count() <= 15
