"""Whether TT 124/2021 covers an organisation: a pure function over the rules in data/coverage_*.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

DATA_FILE = Path(__file__).parent / "data" / "coverage_tt124_2021.yaml"


@dataclass(frozen=True)
class Coverage:
    covered: bool
    reasons: tuple[str, ...]
    legal_basis: str


@cache
def _rules() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def coverage_of(*, kind: str, attributes: dict[str, object]) -> Coverage:
    """Decide coverage for a unit of `kind` with the given field values; explains every exclusion."""
    rules = _rules()
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    reasons = []
    for rule in rules["exclusions"].get(kind, []):
        value = attributes.get(rule["field"])
        if ("equals" in rule and value == rule["equals"]) or ("in" in rule and value in rule["in"]):
            reasons.append(rule[f"reason_{lang}"])
    basis = f'{rules["legal_basis"]}, {rules["article"]}'
    return Coverage(covered=not reasons, reasons=tuple(reasons), legal_basis=basis)


def coverage_fields() -> tuple[str, ...]:
    """The unit fields the exclusion rules look at, read from the data file (for `.values()` queries)."""
    return tuple(sorted({rule["field"] for rules in _rules()["exclusions"].values() for rule in rules}))


def coverage_of_unit(unit) -> Coverage:
    """`coverage_of` for a Unit instance."""
    return coverage_of(kind=unit.kind, attributes={f: getattr(unit, f) for f in coverage_fields()})
