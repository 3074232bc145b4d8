"""Which rules apply to one unit's classification of a year, and who reviews it.

While a classification is open the rules are read live: the province's own version of the regulation
for the year when it has one (`antq.core.law_data`, scoped to the province), else the national version,
else the shipped file. When it is decided, the sheet, bands and caps used are frozen on the record
(`AppliedRules.frozen`), so a later edit of the data does not change what was decided. Deadlines and
reviewers are always the national ones.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.classification.rules import (
    KEY_PREFIX,
    Bands,
    Cap,
    Regulation,
    Sheet,
    file_data,
    json_ready,
    parse_parts,
    parse_regulation,
    regulation_code_for_year,
)
from antq.core import law_data
from antq.core.review import unit_at_level
from antq.units.models import Unit, UnitKind


@dataclass(frozen=True)
class AppliedRules:
    regulation: str  # the code of the regulation version ("qd510_2022")
    legal_basis: str
    sheet: Sheet
    bands: Bands
    caps: tuple[Cap, ...]
    deadline: datetime.date | None
    deadline_source: str
    review_level: str  # "" when no rule covers the unit (an organisation without managing level)
    scope_id: int | None  # the province whose own version applies; None for the national one
    number: int  # the saved version's number; 0 for the shipped file
    raw: dict  # the raw sheet, bands and caps, to freeze

    def frozen(self) -> dict:
        return {"regulation": self.regulation, "legal_basis": self.legal_basis, "scope_id": self.scope_id,
                "number": self.number, "review_level": self.review_level,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "deadline_source": self.deadline_source, **json_ready(self.raw)}


def province_of(unit: Unit) -> Unit | None:
    """The province the unit belongs to (itself when it is one), current or legacy."""
    if unit.kind == UnitKind.PROVINCE:
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def _raw_sheet(data: dict, code: str) -> dict:
    return next(s for s in data["sheets"] if s.get("code") == code)


def rules_for_unit(unit: Unit, year: int) -> AppliedRules:
    """The rules in force now for `unit`'s classification of `year` (LookupError when no regulation covers it)."""
    code = regulation_code_for_year(year)
    key = KEY_PREFIX + code
    province = province_of(unit)
    own = law_data.current_version(key, scope=province) if province is not None else None
    national_version = law_data.current_version(key)
    national_data = national_version.data if national_version else file_data(code)
    data = own.data if own is not None else national_data
    regulation = parse_regulation(data, source=f"{code}.yaml")
    national = regulation if own is None else parse_regulation(national_data, source=f"{code}.yaml")
    sheet = regulation.sheet_for(unit.kind)
    return AppliedRules(
        regulation=code, legal_basis=regulation.legal_basis, sheet=sheet, bands=regulation.bands,
        caps=regulation.caps, deadline=national.deadlines.for_kind(unit.kind, year),
        deadline_source=national.deadlines.source, review_level=_review_level(national, unit, year),
        scope_id=province.pk if own is not None else None,
        number=(own or national_version).number if (own or national_version) else 0,
        raw={"sheet": _raw_sheet(data, sheet.code), "bands": data["bands"], "caps": data.get("caps") or []},
    )


def _review_level(regulation: Regulation, unit: Unit, year: int) -> str:
    try:
        return regulation.review_level(unit.kind, unit.managing_level, regulation.deadlines.for_kind(unit.kind, year))
    except LookupError:
        return ""


def rules_of(classification) -> AppliedRules:
    """The rules of a classification: frozen when it was decided with them, else those in force now."""
    frozen = classification.rules
    if not frozen:
        return rules_for_unit(classification.unit, classification.year)
    sheet, bands, caps = parse_parts(frozen, source=f"{frozen['regulation']}.yaml")
    deadline = frozen.get("deadline")
    return AppliedRules(
        regulation=frozen["regulation"], legal_basis=frozen.get("legal_basis", ""), sheet=sheet, bands=bands,
        caps=caps, deadline=datetime.date.fromisoformat(deadline) if deadline else None,
        deadline_source=frozen.get("deadline_source", ""), review_level=frozen.get("review_level", ""),
        scope_id=frozen.get("scope_id"), number=frozen.get("number", 0),
        raw={"sheet": frozen["sheet"], "bands": frozen["bands"], "caps": frozen["caps"]},
    )


def reviewer_unit_for(unit: Unit, review_level: str) -> Unit:
    """The unit whose level reviews: the unit's ancestor at `review_level`.

    A unit of today reviewed under a rule naming the district (a year before the 2025 reform) has no
    district above it: the province reviews it instead.
    """
    if not review_level:
        raise ValidationError(_("Nobody is set to review this unit: set its managing level."))
    try:
        return unit_at_level(unit, review_level)
    except ValidationError:
        if review_level != "district":
            raise
        return unit_at_level(unit, "province")
