"""`UnitChecks` (the import's row checks) gives exactly the errors of `unit_validate(unit, in_bulk=True)`.

No database: both check values only. The values are drawn (with a fixed seed) from every choice, blank,
wrong and too-long values, so the shape rules and the field rules are each met and broken.
"""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from antq.units.models import EnterpriseSize, LocalKind, ManagingLevel, SchoolLevel, Unit, UnitKind
from antq.units.services import unit_validate
from antq.units.transfer.checks import UnitChecks

CHOICES = {
    # The import checks the kind itself (blank, unknown, not allowed) before these rules.
    "kind": [UnitKind.RESIDENTIAL_AREA, UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL],
    "local_kind": ["", *LocalKind.values, "nonsense"],
    "enterprise_size": ["", *EnterpriseSize.values, "x" * 11],
    "school_level": ["", *SchoolLevel.values],
    "managing_level": ["", *ManagingLevel.values],
    "is_armed_forces": [False, True],
    "name": ["Thôn 1", "", "x" * 255, "x" * 256, "a\x00b"],
    "code": ["", "0012", "9" * 20, "9" * 21],
    "address": ["", "Số 1", "y" * 256],
    "valid_from": [None, datetime.date(2025, 7, 1)],
}


VALID = {
    UnitKind.RESIDENTIAL_AREA: {"local_kind": LocalKind.THON},
    UnitKind.AGENCY: {"managing_level": ManagingLevel.COMMUNE, "is_armed_forces": True},
    UnitKind.ENTERPRISE: {"managing_level": ManagingLevel.PROVINCE, "enterprise_size": EnterpriseSize.SMALL},
    UnitKind.SCHOOL: {"managing_level": ManagingLevel.COMMUNE, "school_level": SchoolLevel.PRIMARY},
}


def _values(draw: random.Random) -> dict:
    """A valid unit of a random kind with 0 to 3 of its fields drawn from `CHOICES` (right or wrong)."""
    kind = draw.choice(list(VALID))
    values = {"kind": kind, "local_kind": "", "enterprise_size": "", "school_level": "", "managing_level": "",
              "is_armed_forces": False, "name": "Thôn 1", "code": "", "address": "", "valid_from": None}
    values |= VALID[kind]
    for field in draw.sample(list(CHOICES), draw.randint(0, 3)):
        values[field] = draw.choice(CHOICES[field])
    values["name_folded"] = values["name"].lower()
    if draw.random() < 0.1:  # a cell that could not be read keeps the field's default
        del values[draw.choice(["valid_from", "is_armed_forces", "school_level"])]
    return values


def _expected(parent: Unit, values: dict) -> dict[str, list[str]]:
    try:
        unit_validate(Unit(parent=parent, path="", **values), in_bulk=True)
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("parent_kind", [UnitKind.COMMUNE, UnitKind.PROVINCE])
def test_unit_checks_give_the_errors_of_unit_validate(language, parent_kind):
    parent = Unit(pk=1, kind=parent_kind, name="Phường Ba Đình", path="/1/")
    draw = random.Random(2026)
    with translation.override(language):
        checks = UnitChecks(parent)
        valid = 0
        for _ in range(3000):
            values = _values(draw)
            expected = _expected(parent, values)
            got = checks.check(values)
            assert got == expected, values
            assert list(got) == list(expected), values  # the same order, which orders the messages
            valid += not expected
    if parent_kind == UnitKind.COMMUNE:  # under a province every row is wrong ("parent")
        assert 300 < valid < 2700  # both outcomes are well represented


def test_a_unit_with_a_clean_of_its_own_is_checked_through_unit_validate(monkeypatch):
    def clean(self):
        raise ValidationError({"name": "no"})

    monkeypatch.setattr(Unit, "clean", clean)
    parent = Unit(pk=1, kind=UnitKind.COMMUNE, name="Xã", path="/1/")
    values = {"kind": UnitKind.RESIDENTIAL_AREA, "local_kind": LocalKind.THON, "name": "Thôn 1",
              "name_folded": "thon 1"}
    assert UnitChecks(parent).check(values) == {"name": ["no"]}
