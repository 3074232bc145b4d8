"""How the dossier papers and the certificate name units, bodies and dates, in Vietnamese.

The papers are administrative documents (Nghị định 30/2020/NĐ-CP layout), written in Vietnamese
whatever the interface language: the wording here is the document's, not the interface's.
"""

import datetime
from dataclasses import dataclass

from antq.units.models import Unit, UnitKind

# Kind words that open official names ("Phường Ba Đình", "Tỉnh Quảng Trị"), longest first.
_NAME_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Quận", "Huyện", "Tỉnh", "Xã")
# The generic level in the authority data ("Chủ tịch Ủy ban nhân dân cấp xã") → the kind of unit that holds it.
_LEVEL_WORDS = {" cấp xã": UnitKind.COMMUNE, " cấp huyện": UnitKind.DISTRICT, " cấp tỉnh": UnitKind.PROVINCE}

KIND_WORDS = {
    UnitKind.RESIDENTIAL_AREA: "khu dân cư",
    UnitKind.COMMUNE: "xã, phường, đặc khu",
    UnitKind.AGENCY: "cơ quan",
    UnitKind.ENTERPRISE: "doanh nghiệp",
    UnitKind.SCHOOL: "cơ sở giáo dục",
}
STATUS_WORDS = {"met": "Đạt", "not_met": "Không đạt", "not_applicable": "Không áp dụng",
                "missing_data": "Chưa đủ dữ liệu"}


@dataclass(frozen=True)
class Places:
    """The administrative units above a unit (None where there is none)."""

    commune: Unit | None
    district: Unit | None
    province: Unit | None

    def level(self, kind: str) -> Unit | None:
        return {UnitKind.COMMUNE: self.commune, UnitKind.DISTRICT: self.district,
                UnitKind.PROVINCE: self.province}.get(kind)


def places_of(unit: Unit) -> Places:
    """The unit's commune, district and province, itself included when it is one of them."""
    chain = [*Unit.objects.in_bulk(unit.ancestor_ids()).values(), unit]
    found = {u.kind: u for u in chain}
    return Places(commune=found.get(UnitKind.COMMUNE), district=found.get(UnitKind.DISTRICT),
                  province=found.get(UnitKind.PROVINCE))


def short_name(name: str) -> str:
    """The name without its kind word, as in a place line: "Phường Ba Đình" → "Ba Đình"."""
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return name[len(prefix) + 1:]
    return name


def in_sentence(name: str) -> str:
    """The name inside a sentence, its kind word in lower case: "Phường Ba Đình" → "phường Ba Đình"."""
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix + " "):
            return prefix.lower() + name[len(prefix):]
    return name


def day_words(day: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: datetime.date | None, year: int) -> str:
    """The place and date line; a draft leaves the day and month for the signer to fill in."""
    if day is None:
        return f"{place}, ngày …… tháng …… năm {year}"
    return f"{place}, {day_words(day)}"


def with_unit(title: str, places: Places) -> str:
    """A body named by level in the authority data, made concrete: "… cấp xã" → "… phường Ba Đình"."""
    for words, kind in _LEVEL_WORDS.items():
        unit = places.level(kind)
        if title.endswith(words) and unit is not None:
            return title[: -len(words)] + " " + in_sentence(unit.name)
    return title


def issuer_lines(unit: Unit, places: Places) -> tuple[str, str]:
    """The issuing body in the top-left corner of the unit's own papers: (governing body, the unit)."""
    if unit.kind == UnitKind.COMMUNE:
        return "ỦY BAN NHÂN DÂN", unit.name.upper()
    if unit.kind == UnitKind.RESIDENTIAL_AREA and places.commune is not None:
        return f"UBND {places.commune.name.upper()}", unit.name.upper()
    return "", unit.name.upper()


def location_of(unit: Unit, places: Places) -> str:
    """Where the unit is: "Phường Ba Đình, Tỉnh Quảng Trị" (for a commune, its province only)."""
    parts = [p.name for p in (places.commune, places.district, places.province) if p is not None and p != unit]
    return ", ".join(parts)
