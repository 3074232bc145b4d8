"""Who appraises and decides a unit's recognition, and the deadlines, on a given date: data + a pure resolver.

The mapping changes with the law (TT 124/2021 art. 9–10 until 30/6/2025, then the two-tier local
government without districts), so it is data with validity periods: `data/authorities.yaml`, registered
with `antq.core.law_data` as `AUTHORITIES`. The national administrator edits it in the interface
(`admin_views.py`); each save is a new numbered version that replaces the file. `parse_authorities`
validates the file and every edited copy alike, with messages the administrator can read, and
`authority_for` resolves one unit kind and managing level on a date.
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antq.core import law_data
from antq.recognition.criteria.catalogue import CONFIRMED, STATUSES, UNIT_KINDS

DATA_FILE = Path(__file__).parent / "data" / "authorities.yaml"
MANAGING_LEVELS = ("commune", "district", "province", "ministry")  # antq.units.models.ManagingLevel
ORGANISATION_KINDS = ("agency", "enterprise", "school")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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
        _fail(where, _("dates of the year are written 'MM-DD', not %(value)r") % {"value": value})
    try:
        datetime.date(2023, int(match[1]), int(match[2]))  # not a leap year: 02-29 is refused
    except ValueError:
        _fail(where, _("there is no day %(value)s") % {"value": value})
    return int(match[1]), int(match[2])


def _date(value, where: str) -> datetime.date | None:
    """A validity date: a YAML date in the file, a "YYYY-MM-DD" string in a saved version, or null."""
    if value is None:
        return None
    if isinstance(value, str) and _ISO_DATE_RE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        _fail(where, _("validity dates are YYYY-MM-DD or empty, not %(value)r") % {"value": value})
    return value


def _text(value, where: str, key: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or not value.strip():
        if required or value not in (None, ""):
            _fail(where, _("'%(key)s' is missing or not text") % {"key": key})
        return ""
    return value.strip()


def _rule(raw, where: str, *, confirmed: bool) -> AuthorityRule:
    if not isinstance(raw, Mapping):
        _fail(where, _("each rule must be a mapping"))
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        _fail(where, _("unknown keys: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    kinds = tuple(raw.get("unit_kinds") or ())
    if not kinds or any(k not in UNIT_KINDS for k in kinds):
        _fail(where, _("'unit_kinds' must list kinds among %(kinds)s") % {"kinds": ", ".join(UNIT_KINDS)})
    levels = tuple(raw.get("managing_levels") or ())
    if any(level not in MANAGING_LEVELS for level in levels):
        _fail(where, _("'managing_levels' must be among %(levels)s") % {"levels": ", ".join(MANAGING_LEVELS)})
    organisations = [k for k in kinds if k in ORGANISATION_KINDS]
    if organisations and len(organisations) != len(kinds):
        _fail(where, _("a rule covers either organisations or KDC/commune, not both"))
    if organisations and not levels:
        _fail(where, _("a rule for agencies, enterprises or schools needs 'managing_levels'"))
    if not organisations and levels:
        _fail(where, _("'managing_levels' applies to agencies, enterprises and schools only"))
    if confirmed and not (isinstance(raw.get("article"), str) and raw["article"].strip()):
        _fail(where, _("a confirmed regime needs the article each rule comes from"))
    if raw.get("decision_level") not in MANAGING_LEVELS:
        _fail(where, _("'decision_level' must be one of %(levels)s") % {"levels": ", ".join(MANAGING_LEVELS)})
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


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_authorities(data, *, source: str = DATA_FILE.name) -> tuple[AuthorityRegime, ...]:
    """Validate authority data: on every date exactly one regime, covering every kind and level once."""
    if not isinstance(data, Mapping) or not isinstance(data.get("regimes"), list) or not data["regimes"]:
        _fail(source, _("expected a mapping with a list of 'regimes'"))
    regimes = []
    codes: set[str] = set()
    for index, raw in enumerate(data["regimes"]):
        name = raw.get("code", index + 1) if isinstance(raw, Mapping) else index + 1
        where = _("%(source)s, regime %(regime)s") % {"source": source, "regime": name}
        if not isinstance(raw, Mapping):
            _fail(where, _("each regime must be a mapping"))
        unknown = set(raw) - _REGIME_KEYS
        if unknown:
            _fail(where, _("unknown keys: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
        code = _text(raw.get("code"), where, "code")
        if code in codes:
            _fail(where, _("two regimes have the code %(code)s") % {"code": code})
        codes.add(code)
        if raw.get("status") not in STATUSES:
            _fail(where, _("'status' must be one of %(statuses)s") % {"statuses": ", ".join(STATUSES)})
        valid_from, valid_to = _date(raw.get("valid_from"), where), _date(raw.get("valid_to"), where)
        if valid_from and valid_to and valid_to < valid_from:
            _fail(where, _("it ends (%(end)s) before it starts (%(start)s)") % {
                "end": _day(valid_to), "start": _day(valid_from)})
        confirmed = raw["status"] == CONFIRMED
        rules = tuple(_rule(r, _("%(where)s, rule %(number)s") % {"where": where, "number": i + 1},
                            confirmed=confirmed)
                      for i, r in enumerate(raw.get("rules") or []))
        covered: dict[tuple[str, str], int] = {}
        for rule in rules:
            for kind in rule.unit_kinds:
                for level in rule.managing_levels or ("",):
                    covered[(kind, level)] = covered.get((kind, level), 0) + 1
        for pair in _pairs():
            if covered.get(pair, 0) != 1:
                label = " / ".join(p for p in pair if p)
                _fail(where, _("%(pair)s is covered by %(count)s rules (exactly one needed)") % {
                    "pair": label, "count": covered.get(pair, 0)})
        regimes.append(AuthorityRegime(
            code=code, valid_from=valid_from, valid_to=valid_to,
            legal_basis=_text(raw.get("legal_basis"), where, "legal_basis"), status=raw["status"],
            note=_text(raw.get("note"), where, "note", required=False), rules=rules,
        ))
    ordered = sorted(regimes, key=lambda r: r.valid_from or datetime.date.min)
    # Every date has exactly one regime: the first is open at the start, the last at the end, and each
    # starts the day after the previous one ends (a gap would leave cases without a decider).
    if ordered[0].valid_from is not None:
        _fail(source, _("no regime covers the dates before %(day)s: the first must have no start date") % {
            "day": _day(ordered[0].valid_from)})
    if ordered[-1].valid_to is not None:
        _fail(source, _("no regime covers the dates after %(day)s: the last must have no end date") % {
            "day": _day(ordered[-1].valid_to)})
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        names = {"earlier": earlier.code, "later": later.code}
        if (earlier.valid_to is None or later.valid_from is None
                or earlier.valid_to >= later.valid_from):
            _fail(source, _("regimes %(earlier)s and %(later)s overlap") % names)
        if later.valid_from != earlier.valid_to + datetime.timedelta(days=1):
            _fail(source, _("no regime covers %(start)s to %(end)s, between %(earlier)s and %(later)s") % {
                **names, "start": _day(earlier.valid_to + datetime.timedelta(days=1)),
                "end": _day(later.valid_from - datetime.timedelta(days=1))})
    return tuple(ordered)


def _parse_saved(data) -> tuple[AuthorityRegime, ...]:
    return parse_authorities(data, source=_("Authority table"))


AUTHORITIES = law_data.register(law_data.LawDataSet(
    key="recognition.authorities", path=DATA_FILE, parse=_parse_saved,
))


def authority_regimes() -> tuple[AuthorityRegime, ...]:
    """The authority table in force: the newest version the national administrator saved, else the file.

    One small query per call; the table is parsed again only when a newer version has been saved.
    """
    return law_data.current_parsed(AUTHORITIES.key)


def authority_for(unit_kind: str, managing_level: str, on_date: datetime.date,
                  *, regimes: Sequence[AuthorityRegime] | None = None) -> Authority:
    """Appraiser, decider and deadlines for a unit on `on_date` (usually the decision deadline of its year).

    `managing_level` matters for agencies, enterprises and schools only. `regimes` defaults to the
    table in force (`authority_regimes`); a caller resolving many units passes it once.
    """
    if unit_kind in ORGANISATION_KINDS and not managing_level:
        raise AuthorityNotFound(f"A {unit_kind} needs its managing level to find who recognises it")
    regimes = authority_regimes() if regimes is None else regimes
    regime = next((r for r in regimes if r.covers(on_date)), None)
    if regime is None:
        raise AuthorityNotFound(f"No authority rules in force on {on_date.isoformat()}")
    for rule in regime.rules:
        if unit_kind in rule.unit_kinds and (not rule.managing_levels or managing_level in rule.managing_levels):
            return Authority(regime=regime, rule=rule)
    raise AuthorityNotFound(f"No authority rule for {unit_kind} / {managing_level or '-'} on {on_date.isoformat()}")
