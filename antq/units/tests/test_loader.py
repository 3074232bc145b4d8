"""The official units from vietnam-provinces: the figures of the acceptance list, lineage, idempotence."""

import pytest
from django.db.models import Count

from antq.core.models import AuditEvent
from antq.units.loaders import units_load_official
from antq.units.models import LEGACY_END, REFORM_DATE, Unit, UnitKind


@pytest.mark.django_db(transaction=False)
def test_load_official_units_counts_lineage_and_idempotence():
    first = units_load_official()
    assert first.created == 1 + 34 + 3321 + 63 + 696 + 10051

    current = Unit.objects.valid_on(REFORM_DATE)
    assert current.filter(kind=UnitKind.PROVINCE).count() == 34
    communes = current.filter(kind=UnitKind.COMMUNE)
    assert communes.count() == 3321
    by_kind = dict(communes.values_list("local_kind").annotate(n=Count("id")))
    assert by_kind == {"xa": 2621, "phuong": 687, "dac_khu": 13}

    legacy = Unit.objects.valid_on(LEGACY_END)
    assert legacy.filter(kind=UnitKind.PROVINCE).count() == 63
    assert legacy.filter(kind=UnitKind.DISTRICT).count() == 696
    assert legacy.filter(kind=UnitKind.COMMUNE).count() == 10051
    assert not current.filter(kind=UnitKind.DISTRICT).exists()

    ba_dinh = Unit.objects.get(kind=UnitKind.COMMUNE, code="4", valid_to__isnull=True)
    assert ba_dinh.name == "Phường Ba Đình"
    assert ba_dinh.parent.name == "Thành phố Hà Nội"
    assert "Phường Trúc Bạch" in set(ba_dinh.predecessors.values_list("name", flat=True))
    truc_bach = ba_dinh.predecessors.get(name="Phường Trúc Bạch")
    assert truc_bach.valid_to == LEGACY_END
    assert truc_bach.parent.kind == UnitKind.DISTRICT and truc_bach.parent.name == "Quận Ba Đình"
    assert truc_bach.path.startswith(truc_bach.parent.path)

    quang_tri = Unit.objects.get(kind=UnitKind.PROVINCE, code="44", valid_to__isnull=True)
    assert {"Tỉnh Quảng Bình", "Tỉnh Quảng Trị"} <= set(quang_tri.predecessors.values_list("name", flat=True))

    # Every unit's path is its parent's path plus its own id.
    for unit in Unit.objects.select_related("parent").order_by("?")[:200]:
        expected = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        assert unit.path == expected

    events = AuditEvent.objects.count()
    second = units_load_official()
    assert second.changes == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_load_units_command_reports_zero_changes_on_rerun(capsys):
    from django.core.management import call_command

    call_command("load_units")
    capsys.readouterr()
    call_command("load_units")
    assert "0 changes" in capsys.readouterr().out
