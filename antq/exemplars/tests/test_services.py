import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from antq.core.models import AuditEvent
from antq.exemplars.models import Exemplar, ExemplarCategory, ExemplarKind
from antq.exemplars.services import exemplar_consent_set, exemplar_create, exemplar_update
from antq.exemplars.tests.factories import ExemplarFactory

BASE = {"year": 2025, "achievement": "Tố giác đối tượng trộm cắp", "proposed_by": "Công an phường Ba Đình"}


def test_a_handover_records_what_and_when(commune_officer, tree):
    exemplar = exemplar_create(actor=commune_officer, unit=tree.kdc_a, kind=ExemplarKind.INDIVIDUAL,
                               category=ExemplarCategory.HANDED_OVER_WEAPONS, name="  Trần  Văn Hùng ",
                               act_date=datetime.date(2025, 4, 2), guns=1, explosives_kg=Decimal("2.5"), **BASE)
    assert exemplar.name == "Trần Văn Hùng" and exemplar.name_folded == "tran van hung"
    assert exemplar.explosives_kg == Decimal("2.50")
    assert AuditEvent.objects.filter(action="exemplar.create", target_id=str(exemplar.pk)).count() == 1


def test_a_handover_needs_items_and_a_date(commune_officer, tree):
    with pytest.raises(ValidationError) as exc:
        exemplar_create(actor=commune_officer, unit=tree.kdc_a, kind=ExemplarKind.INDIVIDUAL,
                        category=ExemplarCategory.HANDED_OVER_WEAPONS, name="Trần Văn Hùng", **BASE)
    assert set(exc.value.message_dict) == {"guns", "act_date"}
    assert not Exemplar.objects.exists()


def test_a_collective_has_no_personal_data_and_no_weapons(commune_officer, tree):
    with pytest.raises(ValidationError) as exc:
        exemplar_create(actor=commune_officer, unit=tree.kdc_a, kind=ExemplarKind.COLLECTIVE, name="Tổ dân phố",
                        id_number="044070001234", guns=2, **BASE)
    assert "Personal data is recorded only for an individual." in exc.value.message_dict["birth_date"]
    assert "Weapons and explosives are recorded only for a handover." in exc.value.message_dict["guns"]


def test_writes_outside_scope_are_refused(commune_officer, viewer, tree):
    for actor, unit in ((commune_officer, tree.kdc_b), (viewer, tree.kdc_a)):
        with pytest.raises(ValidationError, match="may not enter data"):
            exemplar_create(actor=actor, unit=unit, kind=ExemplarKind.COLLECTIVE, name="Thôn", **BASE)
    assert not Exemplar.objects.exists()


def test_the_same_exemplar_twice_is_refused(commune_officer, tree):
    ExemplarFactory(unit=tree.kdc_a, name="Lê Thị Hoa")
    with pytest.raises(ValidationError, match="already recorded"):
        exemplar_create(actor=commune_officer, unit=tree.kdc_a, kind=ExemplarKind.INDIVIDUAL, name="le thi hoa",
                        **BASE)


def test_consent_change_is_audited_with_who_and_when(commune_officer, tree):
    exemplar = ExemplarFactory(unit=tree.kdc_a)
    exemplar = exemplar_consent_set(actor=commune_officer, exemplar=exemplar, consent=True)
    assert exemplar.public_consent and exemplar.consent_by == commune_officer and exemplar.consent_at
    event = AuditEvent.objects.get(action="exemplar.consent")
    assert event.before["public_consent"] is False and event.after["public_consent"] is True
    assert event.after["consent_by_id"] == commune_officer.pk and event.actor == commune_officer
    exemplar_consent_set(actor=commune_officer, exemplar=exemplar, consent=True)  # no change, no event
    exemplar_consent_set(actor=commune_officer, exemplar=exemplar, consent=False)
    assert AuditEvent.objects.filter(action="exemplar.consent").count() == 2


def test_update_does_not_touch_consent_and_an_unchanged_save_writes_nothing(commune_officer, tree):
    exemplar = ExemplarFactory(unit=tree.kdc_a, public_consent=True)
    exemplar_update(actor=commune_officer, exemplar=exemplar, name=exemplar.name, explosives_kg=None)
    assert not AuditEvent.objects.filter(action="exemplar.update").exists()
    with pytest.raises(ValidationError):
        exemplar_update(actor=commune_officer, exemplar=exemplar, public_consent=False)
    exemplar_update(actor=commune_officer, exemplar=exemplar, achievement="Mới")
    exemplar.refresh_from_db()
    assert exemplar.achievement == "Mới" and exemplar.public_consent
    assert AuditEvent.objects.filter(action="exemplar.update").count() == 1
