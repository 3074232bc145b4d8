import unicodedata

import pytest
from django.core.exceptions import ValidationError

from antq.core.models import AuditEvent
from antq.units.models import Unit, UnitKind
from antq.units.services import unit_create, unit_update


def test_unit_create_stores_nfc_path_folded_name_and_audit(commune_officer, tree):
    nfd = unicodedata.normalize("NFD", "Tổ dân phố Quán Thánh")
    unit = unit_create(
        actor=commune_officer, parent=tree.commune_a, kind=UnitKind.RESIDENTIAL_AREA, name=nfd, local_kind="to_dan_pho"
    )
    unit.refresh_from_db()
    assert unit.name == unicodedata.normalize("NFC", nfd)
    assert unit.name_folded == "to dan pho quan thanh"
    assert unit.path == f"{tree.commune_a.path}{unit.pk}/"
    event = AuditEvent.objects.get(action="unit.create", target_id=str(unit.pk))
    assert event.actor == commune_officer
    assert event.after["name"] == unit.name


def test_unit_update_records_before_and_after(commune_officer, tree):
    unit_update(actor=commune_officer, unit=tree.kdc_a, address="Số 5 Hàng Bún")
    event = AuditEvent.objects.get(action="unit.update")
    assert event.before["address"] == "" and event.after["address"] == "Số 5 Hàng Bún"
    assert ("address", "", "Số 5 Hàng Bún") in event.changes


def test_unchanged_update_writes_no_event(commune_officer, tree):
    unit_update(actor=commune_officer, unit=tree.kdc_a, address="")
    assert not AuditEvent.objects.filter(action="unit.update").exists()


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        (UnitKind.RESIDENTIAL_AREA, {"local_kind": "xa"}, "local_kind"),
        (UnitKind.RESIDENTIAL_AREA, {"local_kind": ""}, "local_kind"),
        (UnitKind.ENTERPRISE, {"managing_level": "commune"}, "enterprise_size"),
        (UnitKind.SCHOOL, {"managing_level": "commune"}, "school_level"),
        (UnitKind.AGENCY, {}, "managing_level"),
        (
            UnitKind.SCHOOL,
            {"managing_level": "commune", "school_level": "primary", "enterprise_size": "large"},
            "enterprise_size",
        ),
        (UnitKind.RESIDENTIAL_AREA, {"local_kind": "thon", "managing_level": "commune"}, "managing_level"),
        (
            UnitKind.RESIDENTIAL_AREA,
            {"local_kind": "thon", "valid_from": "2025-01-02", "valid_to": "2025-01-01"},
            "valid_to",
        ),
    ],
)
def test_invalid_units_are_refused_and_nothing_changes(national_admin, tree, kind, values, field):
    before = Unit.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        unit_create(actor=national_admin, parent=tree.commune_a, kind=kind, name="Đơn vị lỗi", **values)
    assert field in info.value.message_dict
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_kind_must_fit_the_parent(national_admin, tree):
    with pytest.raises(ValidationError):
        unit_create(
            actor=national_admin, parent=tree.kdc_a, kind=UnitKind.RESIDENTIAL_AREA, name="Thôn con", local_kind="thon"
        )


def test_current_official_codes_are_unique_per_kind(national_admin, tree):
    with pytest.raises(ValidationError) as info:
        unit_create(
            actor=national_admin,
            parent=tree.province_b,
            kind=UnitKind.COMMUNE,
            name="Phường Trùng",
            local_kind="phuong",
            code="4",
        )
    assert "code" in info.value.message_dict


def test_organisation_coverage_follows_the_circular(commune_officer, tree):
    from antq.units.coverage import coverage_of

    assert coverage_of(kind="enterprise", attributes={"enterprise_size": "micro"}).covered is False
    assert coverage_of(kind="enterprise", attributes={"enterprise_size": "medium"}).covered is True
    assert coverage_of(kind="school", attributes={"school_level": "kindergarten"}).covered is False
    assert coverage_of(kind="school", attributes={"school_level": "upper_secondary"}).covered is True
    excluded = coverage_of(kind="agency", attributes={"is_armed_forces": True})
    assert excluded.covered is False and "124/2021" in excluded.legal_basis and excluded.reasons
