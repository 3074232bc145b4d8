"""Who appraises and decides a unit's recognition, and the deadlines, on a given date: data + a pure resolver.

The mapping changes with the law (TT 124/2021 art. 9–10 until 30/6/2025, then the two-tier local
government without districts), so it is data with validity periods: `data/authorities.yaml`.
`parse_authorities` validates such data (the file, or an edited copy the national administrator
saves later) and `authority_for` resolves one unit kind and managing level on a date.
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

import yaml
from django.utils.translation import get_language

from antq.recognition.criteria.catalogue import CONFIRMED, STATUSES, UNIT_KINDS

DATA_FILE = Path(__file__).parent / "data" / "authorities.yaml"
MANAGING_LEVELS = ("commune", "district", "province", "ministry")  # antq.units.models.ManagingLevel
ORGANISATION_KINDS = ("agency", "enterprise", "school")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")
_REGIME_KEYS = {"code", "valid_from", "valid_to", "legal_basis", "status", "note", "rules"}
_RULE_KEYS = {"unit_kinds", "managing_levels", "appraiser_vi", "appraiser_en", "decider_vi", "decider_en",
              "decision_level", "register_by", "decide_before", "article", "note"}


class AuthorityError(ValueError):
    """Broken authority data."""


class AuthorityNotFound(LookupError):
    """No rule covers this unit kind, managing level and date."""


@dataclass(frozen=True)
class AuthorityRule:
    unit_kinds: tuple[str, ...]
    managing_levels: tuple[str, ...]  # empty for KDC and commune: the level does not matter
    appraiser_vi: str
    appraiser_en: str
    decider_vi: str
    decider_en: str
    decision_level: str
    register_by: tuple[int, int]  # (month, day)
    decide_before: tuple[int, int]
    article: str = ""
    note: str = ""


@dataclass(frozen=True)
class AuthorityRegime:
    code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    legal_basis: str
    status: str
    note: str
    rules: tuple[AuthorityRule, ...]

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Authority:
    """The resolved answer for one unit: who, by when, under which text, and how sure the data is."""

    regime: AuthorityRegime
    rule: AuthorityRule

    @property
    def appraiser(self) -> str:
        return self.rule.appraiser_en if _english() else self.rule.appraiser_vi

    @property
    def decider(self) -> str:
        return self.rule.decider_en if _english() else self.rule.decider_vi

    @property
    def decision_level(self) -> str:
        return self.rule.decision_level

    @property
    def confirmed(self) -> bool:
        return self.regime.status == CONFIRMED

    @property
    def citation(self) -> str:
        return ", ".join(p for p in (self.regime.legal_basis, self.rule.article) if p)

    def registration_deadline(self, year: int) -> datetime.date:
        return datetime.date(year, *self.rule.register_by)

    def decision_deadline(self, year: int) -> datetime.date:
        """The day before which the decision for evaluation year `year` must be taken."""
        return datetime.date(year, *self.rule.decide_before)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _fail(where: str, message: str) -> NoReturn:
    raise AuthorityError(f"{where}: {message}")


def _month_day(value, where: str) -> tuple[int, int]:
    match = _MONTH_DAY_RE.match(str(value or ""))
    if not match:
        _fail(where, f"dates are 'MM-DD', not {value!r}")
    try:
        datetime.date(2023, int(match[1]), int(match[2]))
    except ValueError:
        _fail(where, f"no such day {value!r}")
    return int(match[1]), int(match[2])


def _date(value, where: str) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        _fail(where, f"validity dates are YYYY-MM-DD or null, not {value!r}")
    return value


def _text(value, where: str, key: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or not value.strip():
        if required or value not in (None, ""):
            _fail(where, f"'{key}' is missing or not text")
        return ""
    return value.strip()


def _rule(raw, where: str, *, confirmed: bool) -> AuthorityRule:
    if not isinstance(raw, Mapping):
        _fail(where, "each rule must be a mapping")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        _fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
    kinds = tuple(raw.get("unit_kinds") or ())
    if not kinds or any(k not in UNIT_KINDS for k in kinds):
        _fail(where, f"'unit_kinds' must list kinds among {', '.join(UNIT_KINDS)}")
    levels = tuple(raw.get("managing_levels") or ())
    if any(level not in MANAGING_LEVELS for level in levels):
        _fail(where, f"'managing_levels' must be among {', '.join(MANAGING_LEVELS)}")
    organisations = [k for k in kinds if k in ORGANISATION_KINDS]
    if organisations and len(organisations) != len(kinds):
        _fail(where, "a rule covers either organisations or KDC/commune, not both")
    if organisations and not levels:
        _fail(where, "a rule for agencies, enterprises or schools needs 'managing_levels'")
    if not organisations and levels:
        _fail(where, "'managing_levels' applies to agencies, enterprises and schools only")
    if raw.get("decision_level") not in MANAGING_LEVELS:
        _fail(where, f"'decision_level' must be one of {', '.join(MANAGING_LEVELS)}")
    return AuthorityRule(
        unit_kinds=kinds, managing_levels=levels,
        appraiser_vi=_text(raw.get("appraiser_vi"), where, "appraiser_vi"),
        appraiser_en=_text(raw.get("appraiser_en"), where, "appraiser_en"),
        decider_vi=_text(raw.get("decider_vi"), where, "decider_vi"),
        decider_en=_text(raw.get("decider_en"), where, "decider_en"),
        decision_level=raw["decision_level"],
        register_by=_month_day(raw.get("register_by"), where),
        decide_before=_month_day(raw.get("decide_before"), where),
        article=_text(raw.get("article"), where, "article", required=confirmed),
        note=_text(raw.get("note"), where, "note", required=False),
    )


def _pairs():
    for kind in UNIT_KINDS:
        if kind in ORGANISATION_KINDS:
            for level in MANAGING_LEVELS:
                yield kind, level
        else:
            yield kind, ""


def parse_authorities(data, *, source: str = DATA_FILE.name) -> tuple[AuthorityRegime, ...]:
    """Validate authority data: regimes that do not overlap, each covering every kind and level once."""
    if not isinstance(data, Mapping) or not isinstance(data.get("regimes"), list) or not data["regimes"]:
        _fail(source, "expected a mapping with a list of 'regimes'")
    regimes = []
    for index, raw in enumerate(data["regimes"]):
        where = f"{source}, regime {raw.get('code', index + 1) if isinstance(raw, Mapping) else index + 1}"
        if not isinstance(raw, Mapping):
            _fail(where, "each regime must be a mapping")
        unknown = set(raw) - _REGIME_KEYS
        if unknown:
            _fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        if raw.get("status") not in STATUSES:
            _fail(where, f"'status' must be one of {', '.join(STATUSES)}")
        valid_from, valid_to = _date(raw.get("valid_from"), where), _date(raw.get("valid_to"), where)
        if valid_from and valid_to and valid_to < valid_from:
            _fail(where, "'valid_to' is before 'valid_from'")
        confirmed = raw["status"] == CONFIRMED
        rules = tuple(_rule(r, f"{where}, rule {i + 1}", confirmed=confirmed)
                      for i, r in enumerate(raw.get("rules") or []))
        covered: dict[tuple[str, str], int] = {}
        for rule in rules:
            for kind in rule.unit_kinds:
                for level in rule.managing_levels or ("",):
                    covered[(kind, level)] = covered.get((kind, level), 0) + 1
        for pair in _pairs():
            if covered.get(pair, 0) != 1:
                label = " / ".join(p for p in pair if p)
                _fail(where, f"{label} is covered by {covered.get(pair, 0)} rules (exactly one needed)")
        regimes.append(AuthorityRegime(
            code=_text(raw.get("code"), where, "code"), valid_from=valid_from, valid_to=valid_to,
            legal_basis=_text(raw.get("legal_basis"), where, "legal_basis"), status=raw["status"],
            note=_text(raw.get("note"), where, "note", required=False), rules=rules,
        ))
    ordered = sorted(regimes, key=lambda r: r.valid_from or datetime.date.min)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.valid_to is None or (later.valid_from is not None and earlier.valid_to >= later.valid_from):
            _fail(source, f"regimes {earlier.code} and {later.code} overlap")
        if later.valid_from is None:
            _fail(source, f"regimes {earlier.code} and {later.code} overlap")
    return tuple(ordered)


@cache
def authority_regimes() -> tuple[AuthorityRegime, ...]:
    return parse_authorities(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


def authority_for(unit_kind: str, managing_level: str, on_date: datetime.date,
                  *, regimes: Sequence[AuthorityRegime] | None = None) -> Authority:
    """Appraiser, decider and deadlines for a unit on `on_date` (usually the decision deadline of its year).

    `managing_level` matters for agencies, enterprises and schools only. `regimes` defaults to the
    data file; pass the edited mapping once it lives in the database.
    """
    regimes = authority_regimes() if regimes is None else regimes
    regime = next((r for r in regimes if r.covers(on_date)), None)
    if regime is None:
        raise AuthorityNotFound(f"No authority rules in force on {on_date.isoformat()}")
    if unit_kind in ORGANISATION_KINDS and not managing_level:
        raise AuthorityNotFound(f"A {unit_kind} needs its managing level to find who recognises it")
    for rule in regime.rules:
        if unit_kind in rule.unit_kinds and (not rule.managing_levels or managing_level in rule.managing_levels):
            return Authority(regime=regime, rule=rule)
    raise AuthorityNotFound(f"No authority rule for {unit_kind} / {managing_level or '-'} on {on_date.isoformat()}")
