"""Load the official administrative units from the `vietnam-provinces` package.

Two editions live side by side in one tree under the country root:

* current (valid from 2025-07-01): 34 provinces → 3,321 communes (no districts);
* legacy (valid until 2025-06-30): 63 provinces → 696 districts → 10,051 communes.

Each current province and commune is linked to the legacy units it was formed from. Units are
matched by (kind, official code, edition), so a second run compares and changes nothing; a new
data release of the package updates names and kinds in place and adds what is new.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from vietnam_provinces import Province, Ward, __data_version__
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from antq.core.audit import audit_record
from antq.core.text import fold
from antq.units.models import LEGACY_END, REFORM_DATE, LocalKind, Unit, UnitKind

COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"

# Division types of the package (its Vietnamese strings) → our local kinds, per level.
PROVINCE_KINDS = {"tỉnh": LocalKind.TINH, "thành phố trung ương": LocalKind.THANH_PHO_TW}
DISTRICT_KINDS = {
    "huyện": LocalKind.HUYEN,
    "quận": LocalKind.QUAN,
    "thị xã": LocalKind.THI_XA,
    "thành phố": LocalKind.THANH_PHO,
}
COMMUNE_KINDS = {
    "xã": LocalKind.XA,
    "phường": LocalKind.PHUONG,
    "thị trấn": LocalKind.THI_TRAN,
    "đặc khu": LocalKind.DAC_KHU,
}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    links_added: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.links_added


@dataclass(frozen=True)
class _Row:
    kind: str
    code: str
    name: str
    local_kind: str
    parent_key: tuple | None
    legacy: bool

    @property
    def key(self) -> tuple:
        return (self.kind, self.code, self.legacy)


def _division(value) -> str:
    return str(getattr(value, "value", value))


def _rows() -> list[list[_Row]]:
    """The official units, level by level so that parents always come before children."""
    country = ("country", COUNTRY_CODE, False)
    current_provinces = [
        _Row(UnitKind.PROVINCE, str(p.code.value), p.name, PROVINCE_KINDS[_division(p.division_type)], country, False)
        for p in Province.iter_all()
    ]
    legacy_provinces = [
        _Row(UnitKind.PROVINCE, str(p.code.value), p.name, PROVINCE_KINDS[_division(p.division_type)], country, True)
        for p in LegacyProvince.iter_all()
    ]
    current_communes = [
        _Row(
            UnitKind.COMMUNE, str(w.code.value), w.name, COMMUNE_KINDS[_division(w.division_type)],
            (UnitKind.PROVINCE, str(int(w.province_code)), False), False,
        )
        for w in Ward.iter_all()
    ]
    legacy_districts = [
        _Row(
            UnitKind.DISTRICT, str(d.code.value), d.name, DISTRICT_KINDS[_division(d.division_type)],
            (UnitKind.PROVINCE, str(int(d.province_code)), True), True,
        )
        for d in LegacyDistrict.iter_all()
    ]
    legacy_communes = [
        _Row(
            UnitKind.COMMUNE, str(w.code.value), w.name, COMMUNE_KINDS[_division(w.division_type)],
            (UnitKind.DISTRICT, str(int(w.district_code)), True), True,
        )
        for w in LegacyWard.iter_all()
    ]
    return [current_provinces + legacy_provinces, current_communes + legacy_districts, legacy_communes]


def _lineage() -> Iterable[tuple[tuple, tuple]]:
    """(current unit key, legacy unit key) pairs: which legacy units each current unit was formed from."""
    for p in Province.iter_all():
        for old in p.get_legacy_sources():
            yield (UnitKind.PROVINCE, str(p.code.value), False), (UnitKind.PROVINCE, str(old.code.value), True)
    for w in Ward.iter_all():
        for old in w.get_legacy_sources():
            yield (UnitKind.COMMUNE, str(w.code.value), False), (UnitKind.COMMUNE, str(old.code.value), True)


def _key_of(unit: Unit) -> tuple:
    return (unit.kind, unit.code, unit.valid_to is not None)


@transaction.atomic
def units_load_official(*, actor=None) -> LoadReport:
    """Create or update every official unit and lineage link; idempotent. Management commands only."""
    report = LoadReport()
    official_kinds = (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
    existing: dict[tuple, Unit] = {
        _key_of(u): u
        for u in Unit.objects.filter(kind__in=official_kinds).exclude(code="").only(
            "id", "kind", "code", "name", "local_kind", "parent_id", "path", "valid_from", "valid_to"
        )
    }

    root_key = (UnitKind.COUNTRY, COUNTRY_CODE, False)
    if root_key not in existing:
        root = Unit.objects.create(kind=UnitKind.COUNTRY, code=COUNTRY_CODE, name=COUNTRY_NAME,
                                   name_folded=fold(COUNTRY_NAME), path="/pending/")
        root.path = f"/{root.pk}/"
        root.save(update_fields=["path"])
        existing[root_key] = root
        report.created += 1

    for level in _rows():
        new_units: list[Unit] = []
        changed: list[Unit] = []
        for row in level:
            parent = existing[row.parent_key]
            valid_from, valid_to = (None, LEGACY_END) if row.legacy else (REFORM_DATE, None)
            unit = existing.get(row.key)
            if unit is None:
                unit = Unit(
                    kind=row.kind, code=row.code, name=row.name, name_folded=fold(row.name),
                    local_kind=row.local_kind, parent=parent, valid_from=valid_from, valid_to=valid_to,
                    path="/pending/",
                )
                new_units.append(unit)
            elif (unit.name, unit.local_kind, unit.parent_id) != (row.name, row.local_kind, parent.pk):
                unit.name, unit.name_folded, unit.local_kind = row.name, fold(row.name), row.local_kind
                unit.parent = parent
                unit.path = f"{parent.path}{unit.pk}/"
                changed.append(unit)
        Unit.objects.bulk_create(new_units, batch_size=2000)
        for unit in new_units:
            unit.path = f"{unit.parent.path}{unit.pk}/"
            existing[_key_of(unit)] = unit
        Unit.objects.bulk_update(new_units, ["path"], batch_size=2000)
        Unit.objects.bulk_update(changed, ["name", "name_folded", "local_kind", "parent", "path"], batch_size=2000)
        report.created += len(new_units)
        report.updated += len(changed)

    Link = Unit.predecessors.through
    present = set(Link.objects.values_list("from_unit_id", "to_unit_id"))
    wanted = {(existing[new].pk, existing[old].pk) for new, old in _lineage() if old in existing}
    missing = wanted - present
    Link.objects.bulk_create([Link(from_unit_id=a, to_unit_id=b) for a, b in missing], batch_size=5000)
    report.links_added = len(missing)

    for (kind, _code, legacy), _unit in existing.items():
        label = f"{kind}{' (legacy)' if legacy else ''}"
        report.counts[label] = report.counts.get(label, 0) + 1
    if report.changes:
        audit_record(
            actor=actor, action="units.load_official", target=existing[root_key],
            detail={"created": report.created, "updated": report.updated, "links_added": report.links_added,
                    "source": f"vietnam-provinces data {__data_version__}"},
        )
    return report
