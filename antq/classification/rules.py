"""The rules of the movement classification as data: score sheets, level bands, caps, deadlines, reviewers.

One YAML file per regulation version in `data/` (`qd510_2022.yaml` from the 2022 evaluation year,
`before_2022.yaml` for history). `parse_regulation` validates a whole document and turns it into frozen
dataclasses; broken data raises `RulesError` naming the file (or source), the sheet and the item, so a
typo fails at start-up, in the tests or in the editor, never in the middle of a decision.

Each file is registered as a data set of `antq.core.law_data` under `classification.<code>`: the national
administrator saves an edited copy as a new version (with the reason), and a province may hold its own
version (scoped to the province, e.g. Bắc Ninh QĐ 514/QĐ-UBND), which `regulation_for` prefers for the
units of that province. A province changes sheets, bands and caps only: deadlines and reviewers stay the
national ones (`national_parts_unchanged`).
"""

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import NoReturn

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antq.core import law_data

DATA_DIR = Path(__file__).parent / "data"
KEY_PREFIX = "classification."
CONFIRMED, UNCONFIRMED = "confirmed", "unconfirmed"
STATUSES = (CONFIRMED, UNCONFIRMED)
# Levels, best first (antq.classification.models.Level holds their labels).
LEVELS = ("excellent", "good", "average", "weak")
# The kinds of unit classified (antq.units.models.UnitKind); districts for the years before 2025-07-01.
CLASSIFIED_KINDS = ("residential_area", "commune", "agency", "enterprise", "school", "district")
ORGANISATION_KINDS = ("agency", "enterprise", "school")
MANAGING_LEVELS = ("commune", "district", "province", "ministry")
REVIEW_LEVELS = ("commune", "district", "province", "ministry")
# Conditions of a cap: the unit's ANTT-safe recognition of the year was decided "not met" / is not decided.
CAP_CONDITIONS = ("not_recognised", "not_decided")

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")
_TOP_KEYS = {"code", "legal_basis", "title_vi", "title_en", "issued", "applies_from_year", "applies_to_year",
             "status", "note", "sheets", "bands", "caps", "deadlines", "reviewers"}
_SHEET_KEYS = {"code", "unit_kinds", "title_vi", "title_en", "source", "status", "items"}
_ITEM_KEYS = {"id", "text_vi", "text_en", "max_points", "source", "status", "items", "note"}
_BAND_KEYS = {"source", "status", "note", "levels"}
_CAP_KEYS = {"id", "when", "max_level", "text_vi", "text_en", "source", "status"}
_DEADLINE_KEYS = {"source", "status", "note", "by_kind"}
_PERIOD_KEYS = {"valid_from", "valid_to", "status", "source", "note", "rules"}
_RULE_KEYS = {"unit_kinds", "managing_levels", "review_level"}
TOTAL = Decimal(100)


class RulesError(ValueError):
    """Broken classification data: the message names the file (or source), the sheet and the item."""


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


@dataclass(frozen=True)
class Item:
    id: str
    text_vi: str
    text_en: str
    max_points: Decimal
    source: str
    status: str
    children: tuple["Item", ...] = ()
    note: str = ""

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_vi


@dataclass(frozen=True)
class Sheet:
    code: str
    unit_kinds: tuple[str, ...]
    title_vi: str
    title_en: str
    source: str
    status: str
    items: tuple[Item, ...]

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_vi

    def walk(self) -> Iterator[tuple[Item, int]]:
        """Every item with its depth (0 for the top items), in the order of the sheet."""
        def visit(items, depth):
            for item in items:
                yield item, depth
                yield from visit(item.children, depth + 1)
        yield from visit(self.items, 0)

    def leaves(self) -> list[Item]:
        """The items that are scored (those without sub-items)."""
        return [item for item, _depth in self.walk() if item.is_leaf]

    def item(self, item_id: str) -> Item:
        for item, _depth in self.walk():
            if item.id == item_id:
                return item
        raise LookupError(item_id)

    @property
    def max_total(self) -> Decimal:
        return sum((item.max_points for item in self.items), Decimal(0))


@dataclass(frozen=True)
class Band:
    level: str
    min_points: Decimal


@dataclass(frozen=True)
class Bands:
    levels: tuple[Band, ...]  # best first; the last starts at 0
    source: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Cap:
    id: str
    when: str
    max_level: str
    text_vi: str
    text_en: str
    source: str
    status: str

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_vi


@dataclass(frozen=True)
class ReviewRule:
    unit_kinds: tuple[str, ...]
    managing_levels: tuple[str, ...]  # empty: any (KDC, commune, district)
    review_level: str


@dataclass(frozen=True)
class ReviewPeriod:
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    status: str
    source: str
    note: str
    rules: tuple[ReviewRule, ...]

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Deadlines:
    by_kind: Mapping[str, tuple[int, int]]  # kind → (month, day) of the evaluated year
    source: str
    status: str
    note: str = ""

    def for_kind(self, kind: str, year: int) -> datetime.date:
        return datetime.date(year, *self.by_kind[kind])


@dataclass(frozen=True)
class Regulation:
    code: str
    legal_basis: str
    title_vi: str
    title_en: str
    issued: datetime.date | None
    applies_from_year: int | None
    applies_to_year: int | None
    status: str
    note: str
    sheets: tuple[Sheet, ...]
    bands: Bands
    caps: tuple[Cap, ...]
    deadlines: Deadlines
    reviewers: tuple[ReviewPeriod, ...]

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.code

    def covers_year(self, year: int) -> bool:
        return (self.applies_from_year is None or self.applies_from_year <= year) and (
            self.applies_to_year is None or year <= self.applies_to_year)

    def sheet_for(self, kind: str) -> Sheet:
        for sheet in self.sheets:
            if kind in sheet.unit_kinds:
                return sheet
        raise LookupError(kind)

    def sheet(self, code: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.code == code:
                return sheet
        raise LookupError(code)

    def review_level(self, kind: str, managing_level: str, on: datetime.date) -> str:
        """The level that reviews and decides a unit's classification on `on` (LookupError when none)."""
        for period in self.reviewers:
            if not period.covers(on):
                continue
            for rule in period.rules:
                if kind in rule.unit_kinds and (not rule.managing_levels or managing_level in rule.managing_levels):
                    return rule.review_level
        raise LookupError(f"{kind}/{managing_level or '-'} on {on.isoformat()}")


# --- validation -----------------------------------------------------------------------------------


def _fail(where: str, problem: str) -> NoReturn:
    raise RulesError(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})


def _keys(raw, allowed: set[str], where: str) -> None:
    if not isinstance(raw, Mapping):
        _fail(where, _("expected a mapping"))
    unknown = set(raw) - allowed
    if unknown:
        _fail(where, _("unknown keys: %(keys)s") % {"keys": ", ".join(sorted(map(str, unknown)))})


def _text(raw: Mapping, key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            _fail(where, _("“%(key)s” is missing") % {"key": key})
        return ""
    if not isinstance(value, str):
        _fail(where, _("“%(key)s” must be text") % {"key": key})
    return value.strip()


def _status(raw: Mapping, where: str) -> str:
    if raw.get("status") not in STATUSES:
        _fail(where, _("“status” must be confirmed or unconfirmed"))
    return raw["status"]


def _points(value, where: str, key: str = "max_points") -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        _fail(where, _("“%(key)s” must be a number") % {"key": key})
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        _fail(where, _("“%(key)s” must be a number") % {"key": key})
    if not number.is_finite() or number.as_tuple().exponent < -2:  # type: ignore[operator]
        _fail(where, _("“%(key)s” must be a number with at most two decimals") % {"key": key})
    return number


def _year(value, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2200:
        _fail(where, _("“%(key)s” must be a year") % {"key": key})
    return value


def _date(value, where: str, key: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        _fail(where, _("“%(key)s” must be a date (YYYY-MM-DD)") % {"key": key})


def _month_day(value, where: str) -> tuple[int, int]:
    match = _MONTH_DAY_RE.match(str(value or ""))
    if match:
        try:
            datetime.date(2024, int(match[1]), int(match[2]))
            return int(match[1]), int(match[2])
        except ValueError:
            pass
    _fail(where, _("dates are written “MM-DD”, not %(value)r") % {"value": value})


def _kinds(raw, where: str, allowed: tuple[str, ...], key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or any(k not in allowed for k in raw):
        _fail(where, _("“%(key)s” must be a list of: %(allowed)s") % {"key": key, "allowed": ", ".join(allowed)})
    return tuple(raw)


def _item(raw, context: str, position: int, seen: set[str]) -> Item:
    item_id = raw.get("id") if isinstance(raw, Mapping) else None
    valid_id = isinstance(item_id, str) and bool(_ID_RE.match(item_id))
    where = _("%(where)s, item %(id)s") % {"where": context, "id": item_id if valid_id else position}
    _keys(raw, _ITEM_KEYS, where)
    if not valid_id:
        _fail(where, _("each item needs an “id” of letters, digits and dashes"))
    if item_id in seen:
        _fail(where, _("this id is used twice in the sheet"))
    seen.add(item_id)
    max_points = _points(raw.get("max_points"), where)
    if max_points <= 0:
        _fail(where, _("“max_points” must be more than 0"))
    children = ()
    if raw.get("items") is not None:
        if not isinstance(raw["items"], list) or not raw["items"]:
            _fail(where, _("“items” must be a non-empty list of sub-items"))
        children = tuple(_item(child, context, index + 1, seen) for index, child in enumerate(raw["items"]))
        total = sum((child.max_points for child in children), Decimal(0))
        if total != max_points:
            _fail(where, _("the sub-items add up to %(total)s points, not %(max)s") % {
                "total": _plain(total), "max": _plain(max_points)})
    return Item(id=item_id, text_vi=_text(raw, "text_vi", where), text_en=_text(raw, "text_en", where, required=False),
                max_points=max_points, source=_text(raw, "source", where), status=_status(raw, where),
                children=children, note=_text(raw, "note", where, required=False))


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _sheet(raw, context: str, position: int) -> Sheet:
    where = _("%(where)s, sheet %(code)s") % {"where": context, "code": position}
    _keys(raw, _SHEET_KEYS, where)
    code = raw.get("code")
    if not isinstance(code, str) or not _ID_RE.match(code):
        _fail(where, _("each sheet needs a “code” of letters, digits and dashes"))
    where = _("%(where)s, sheet %(code)s") % {"where": context, "code": code}
    if not isinstance(raw.get("items"), list) or not raw["items"]:
        _fail(where, _("“items” must be a non-empty list"))
    seen: set[str] = set()
    items = tuple(_item(item, where, index + 1, seen) for index, item in enumerate(raw["items"]))
    sheet = Sheet(code=code, unit_kinds=_kinds(raw.get("unit_kinds"), where, CLASSIFIED_KINDS, "unit_kinds"),
                  title_vi=_text(raw, "title_vi", where), title_en=_text(raw, "title_en", where, required=False),
                  source=_text(raw, "source", where), status=_status(raw, where), items=items)
    if sheet.max_total != TOTAL:
        _fail(where, _("the items add up to %(total)s points; a score sheet adds up to exactly 100") % {
            "total": _plain(sheet.max_total)})
    return sheet


def _bands(raw, where: str) -> Bands:
    where = _("%(where)s, bands") % {"where": where}
    _keys(raw, _BAND_KEYS, where)
    if not isinstance(raw.get("levels"), list) or not raw["levels"]:
        _fail(where, _("“levels” must be a non-empty list"))
    bands: list[Band] = []
    for raw_band in raw["levels"]:
        _keys(raw_band, {"level", "min_points"}, where)
        level = raw_band.get("level")
        if level not in LEVELS:
            _fail(where, _("unknown level %(level)r (known: %(levels)s)") % {"level": level,
                                                                             "levels": ", ".join(LEVELS)})
        if any(b.level == level for b in bands):
            _fail(where, _("the level %(level)s is listed twice") % {"level": level})
        minimum = _points(raw_band.get("min_points"), where, "min_points")
        if bands and (minimum >= bands[-1].min_points or LEVELS.index(level) < LEVELS.index(bands[-1].level)):
            _fail(where, _("levels go from the best to the lowest, each with a lower minimum than the one before"))
        if not 0 <= minimum <= TOTAL:
            _fail(where, _("a minimum is between 0 and 100 points"))
        bands.append(Band(level=level, min_points=minimum))
    if bands[-1].min_points != 0:
        _fail(where, _("the lowest level starts at 0 points, so every total has a level"))
    return Bands(levels=tuple(bands), source=_text(raw, "source", where), status=_status(raw, where),
                 note=_text(raw, "note", where, required=False))


def _caps(raw, where: str, bands: Bands) -> tuple[Cap, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        _fail(where, _("“caps” must be a list"))
    caps = []
    for index, raw_cap in enumerate(raw):
        at = _("%(where)s, cap %(n)s") % {"where": where, "n": index + 1}
        _keys(raw_cap, _CAP_KEYS, at)
        cap_id = raw_cap.get("id")
        if not isinstance(cap_id, str) or not _ID_RE.match(cap_id):
            _fail(at, _("each cap needs an “id” of letters, digits and dashes"))
        if any(c.id == cap_id for c in caps):
            _fail(at, _("this id is used twice"))
        if raw_cap.get("when") not in CAP_CONDITIONS:
            _fail(at, _("“when” must be one of: %(allowed)s") % {"allowed": ", ".join(CAP_CONDITIONS)})
        if raw_cap.get("max_level") not in {b.level for b in bands.levels}:
            _fail(at, _("“max_level” must be one of the levels of the bands"))
        caps.append(Cap(id=cap_id, when=raw_cap["when"], max_level=raw_cap["max_level"],
                        text_vi=_text(raw_cap, "text_vi", at), text_en=_text(raw_cap, "text_en", at, required=False),
                        source=_text(raw_cap, "source", at), status=_status(raw_cap, at)))
    return tuple(caps)


def _deadlines(raw, where: str) -> Deadlines:
    where = _("%(where)s, deadlines") % {"where": where}
    _keys(raw, _DEADLINE_KEYS, where)
    by_kind = raw.get("by_kind")
    if not isinstance(by_kind, Mapping) or set(by_kind) != set(CLASSIFIED_KINDS):
        _fail(where, _("“by_kind” must give a day for each of: %(kinds)s") % {"kinds": ", ".join(CLASSIFIED_KINDS)})
    return Deadlines(by_kind={kind: _month_day(by_kind[kind], f"{where}, {kind}") for kind in CLASSIFIED_KINDS},
                     source=_text(raw, "source", where), status=_status(raw, where),
                     note=_text(raw, "note", where, required=False))


def _pairs() -> Iterator[tuple[str, str]]:
    for kind in CLASSIFIED_KINDS:
        if kind in ORGANISATION_KINDS:
            for level in MANAGING_LEVELS:
                yield kind, level
        else:
            yield kind, ""


def _reviewers(raw, where: str) -> tuple[ReviewPeriod, ...]:
    if not isinstance(raw, list) or not raw:
        _fail(where, _("“reviewers” must be a non-empty list of periods"))
    periods = []
    for index, raw_period in enumerate(raw):
        at = _("%(where)s, reviewers %(n)s") % {"where": where, "n": index + 1}
        _keys(raw_period, _PERIOD_KEYS, at)
        valid_from = _date(raw_period.get("valid_from"), at, "valid_from")
        valid_to = _date(raw_period.get("valid_to"), at, "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            _fail(at, _("“valid_to” is before “valid_from”"))
        rules = []
        for raw_rule in raw_period.get("rules") or []:
            _keys(raw_rule, _RULE_KEYS, at)
            if raw_rule.get("review_level") not in REVIEW_LEVELS:
                _fail(at, _("“review_level” must be one of: %(allowed)s") % {"allowed": ", ".join(REVIEW_LEVELS)})
            levels = raw_rule.get("managing_levels")
            rules.append(ReviewRule(
                unit_kinds=_kinds(raw_rule.get("unit_kinds"), at, CLASSIFIED_KINDS, "unit_kinds"),
                managing_levels=() if levels is None else _kinds(levels, at, MANAGING_LEVELS, "managing_levels"),
                review_level=raw_rule["review_level"]))
        covered: dict[tuple[str, str], int] = {}
        for rule in rules:
            for kind in rule.unit_kinds:
                levels = (rule.managing_levels or MANAGING_LEVELS) if kind in ORGANISATION_KINDS else ("",)
                for level in levels:
                    covered[(kind, level)] = covered.get((kind, level), 0) + 1
        for pair in _pairs():
            if covered.get(pair, 0) != 1:
                _fail(at, _("%(pair)s is covered by %(n)s rules (exactly one needed)") % {
                    "pair": " / ".join(p for p in pair if p), "n": covered.get(pair, 0)})
        periods.append(ReviewPeriod(valid_from=valid_from, valid_to=valid_to, status=_status(raw_period, at),
                                    source=_text(raw_period, "source", at),
                                    note=_text(raw_period, "note", at, required=False), rules=tuple(rules)))
    ordered = sorted(periods, key=lambda p: p.valid_from or datetime.date.min)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.valid_to is None or later.valid_from is None or earlier.valid_to >= later.valid_from:
            _fail(where, _("the periods of “reviewers” overlap"))
    return tuple(ordered)


def parse_regulation(data, *, source: str = "") -> Regulation:
    """Validate a whole regulation document (a file, or an edited copy) and return it; `RulesError` if broken."""
    where = source or _("classification data")
    _keys(data, _TOP_KEYS, where)
    code = data.get("code")
    if not isinstance(code, str) or not _ID_RE.match(code.replace("_", "-")):
        _fail(where, _("“code” must be letters, digits and underscores"))
    if not isinstance(data.get("sheets"), list) or not data["sheets"]:
        _fail(where, _("“sheets” must be a non-empty list"))
    sheets = tuple(_sheet(raw, where, index + 1) for index, raw in enumerate(data["sheets"]))
    codes = [s.code for s in sheets]
    if len(set(codes)) != len(codes):
        _fail(where, _("two sheets have the same code"))
    for kind in CLASSIFIED_KINDS:
        count = sum(kind in s.unit_kinds for s in sheets)
        if count != 1:
            _fail(where, _("the kind %(kind)s is on %(n)s sheets (exactly one needed)") % {"kind": kind, "n": count})
    bands = _bands(data.get("bands"), where)
    from_year = _year(data.get("applies_from_year"), where, "applies_from_year")
    to_year = _year(data.get("applies_to_year"), where, "applies_to_year")
    if from_year and to_year and to_year < from_year:
        _fail(where, _("“applies_to_year” is before “applies_from_year”"))
    return Regulation(
        code=code, legal_basis=_text(data, "legal_basis", where), title_vi=_text(data, "title_vi", where),
        title_en=_text(data, "title_en", where, required=False), issued=_date(data.get("issued"), where, "issued"),
        applies_from_year=from_year, applies_to_year=to_year, status=_status(data, where),
        note=_text(data, "note", where, required=False), sheets=sheets, bands=bands,
        caps=_caps(data.get("caps"), where, bands), deadlines=_deadlines(data.get("deadlines"), where),
        reviewers=_reviewers(data.get("reviewers"), where))


# --- the files, the data sets and what is in force ------------------------------------------------------

FILES = tuple(sorted(DATA_DIR.glob("*.yaml")))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _file_data(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 — a safe loader


def file_data(code: str) -> dict:
    """The shipped file of regulation `code`, read once (callers must not change it)."""
    return _file_data(_file_path(code))


@cache
def file_regulations() -> tuple[Regulation, ...]:
    """The shipped files, validated, oldest first; their years may not overlap."""
    regulations = [parse_regulation(_file_data(path), source=path.name) for path in FILES]
    ordered = sorted(regulations, key=lambda r: r.applies_from_year or 0)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.applies_to_year is None or later.applies_from_year is None or (
                earlier.applies_to_year >= later.applies_from_year):
            raise RulesError(f"{earlier.code} and {later.code}: the years overlap")
    return tuple(ordered)


def _file_path(code: str) -> Path:
    return DATA_DIR / f"{code}.yaml"


def register_data_sets() -> None:
    """Make every regulation file an editable, province-scopable data set (called once, at start-up)."""
    for regulation in file_regulations():
        path = _file_path(regulation.code)
        law_data.register(law_data.LawDataSet(
            key=regulation.key, path=path, scoped=True,
            parse=lambda data, name=path.name: parse_regulation(data, source=name)))


def regulation_code_for_year(year: int) -> str:
    """The code of the regulation version that governs evaluation year `year` (LookupError when none)."""
    for regulation in file_regulations():
        if regulation.covers_year(year):
            return regulation.code
    raise LookupError(year)


def current_data(code: str, *, province=None) -> dict:
    """`law_data.current_data` for regulation `code`, with the shipped file read only once."""
    key = KEY_PREFIX + code
    version = law_data.current_version(key, scope=province) if province is not None else None
    version = version or law_data.current_version(key)
    return version.data if version is not None else file_data(code)


def regulation_for(year: int, *, province=None) -> Regulation:
    """The rules in force for `year`: the province's own version when it has one, else the national one."""
    code = regulation_code_for_year(year)
    return parse_regulation(current_data(code, province=province), source=f"{code}.yaml")


def national_parts_unchanged(data: Mapping, national: Mapping) -> bool:
    """Does a province's copy keep the national code, years, deadlines and reviewers?"""
    kept = ("code", "applies_from_year", "applies_to_year", "deadlines", "reviewers")
    return all(json_ready(data.get(k)) == json_ready(national.get(k)) for k in kept)


def json_ready(value):
    """`value` with dates as ISO text and decimals as numbers: YAML gives dates, the JSON field stores text."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def parse_parts(raw: Mapping, *, source: str) -> tuple[Sheet, Bands, tuple[Cap, ...]]:
    """The sheet, bands and caps frozen on a decided classification (see `AppliedRules.frozen`)."""
    bands = _bands(raw.get("bands"), source)
    return _sheet(raw.get("sheet"), source, 1), bands, _caps(raw.get("caps"), source, bands)
