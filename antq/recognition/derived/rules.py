"""The definitions of the derived national criteria, read from `data/derived_criteria.yaml` and validated.

Two indicators are derived from a commune's ANTT-safe recognition (REGULATIONS.md §6): New Rural
Development indicator 19.2 for xã (QĐ 318/QĐ-TTg; CV 3371/BCA-V05) and civilised-urban criterion 4
for phường and thị trấn (QĐ 04/2022/QĐ-TTg; HD 12/HD-BCA-V05). Each has contents; a content is
decided `from_recognition` (the commune's decided case, or named criteria of its evaluation) or
`entered` by an officer per commune and year.

The data set is registered with `antq.core.law_data` under the key `derived_criteria`: a national
administrator edits it as a new numbered version, and `current_rules()` reads what is in force.
`parse_rules` refuses broken data with a `DerivedRulesError` whose message names the indicator and
the content, in the active language.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antq.core.law_data import LawDataSet, current_parsed, register
from antq.recognition.criteria import legal_bases
from antq.recognition.criteria.catalogue import CONFIRMED, STATUSES, criteria_set_for
from antq.units.models import LOCAL_KINDS_BY_KIND, LocalKind, UnitKind

KEY = "derived_criteria"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "derived_criteria.yaml"

FROM_RECOGNITION, ENTERED = "from_recognition", "entered"
DECIDED_BY = (FROM_RECOGNITION, ENTERED)
COMMUNE_LOCAL_KINDS = LOCAL_KINDS_BY_KIND[UnitKind.COMMUNE]
MIN_YEAR, MAX_YEAR = 2000, 2100

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_FILE_KEYS = {"indicators"}
_INDICATOR_KEYS = {"code", "title_vi", "title_en", "source", "status", "from_year", "to_year", "local_kinds",
                   "note", "contents"}
_CONTENT_KEYS = {"code", "text_vi", "text_en", "source", "status", "note", "from_year", "to_year", "decided_by",
                 "decision", "criteria"}


class DerivedRulesError(ValueError):
    """Broken derived-criteria data: the message names the indicator and the content."""


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


@dataclass(frozen=True)
class Content:
    code: str
    text_vi: str
    text_en: str
    source: str
    status: str
    decided_by: str
    decision: bool = False  # from_recognition: the case's decision itself
    criteria: tuple[str, ...] = ()  # from_recognition: these criteria of the case's evaluation
    from_year: int | None = None
    to_year: int | None = None
    note: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    @property
    def entered(self) -> bool:
        return self.decided_by == ENTERED

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_vi

    def applies_in(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True)
class Indicator:
    code: str
    title_vi: str
    title_en: str
    source: str
    status: str
    from_year: int
    to_year: int | None
    local_kinds: tuple[str, ...]
    contents: tuple[Content, ...]
    note: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_vi

    @property
    def kinds_label(self) -> str:
        return ", ".join(str(LocalKind(k).label) for k in self.local_kinds)

    @property
    def years_label(self) -> str:
        return f"{self.from_year}–{self.to_year}" if self.to_year else f"{self.from_year}–…"

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def applies_to(self, local_kind: str) -> bool:
        return local_kind in self.local_kinds

    def contents_in(self, year: int) -> tuple[Content, ...]:
        return tuple(c for c in self.contents if c.applies_in(year))

    def entered_contents_in(self, year: int) -> tuple[Content, ...]:
        """The contents an officer answers for `year` (none when the indicator does not cover the year)."""
        if not self.covers(year):
            return ()
        return tuple(c for c in self.contents_in(year) if c.entered)

    def content(self, code: str) -> Content:
        for c in self.contents:
            if c.code == code:
                return c
        raise KeyError(code)


@dataclass(frozen=True)
class DerivedRules:
    indicators: tuple[Indicator, ...]

    def indicator(self, code: str) -> Indicator:
        for i in self.indicators:
            if i.code == code:
                return i
        raise KeyError(code)

    def for_local_kind(self, local_kind: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.applies_to(local_kind))


# --- validation -------------------------------------------------------------------------------------


def _fail(where: str, message: str) -> NoReturn:
    raise DerivedRulesError(f"{where}: {message}" if where else message)


def _text(raw: Mapping, key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            _fail(where, _("“%(key)s” is missing or empty.") % {"key": key})
        return ""
    if not isinstance(value, str):
        _fail(where, _("“%(key)s” must be text.") % {"key": key})
    return value.strip()


def _status(raw: Mapping, where: str) -> str:
    if raw.get("status") not in STATUSES:
        _fail(where, _("“status” must be confirmed or unconfirmed."))
    return raw["status"]


def _year(raw: Mapping, key: str, where: str, *, required: bool) -> int | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR:
        _fail(where, _("“%(key)s” must be a year between %(min)s and %(max)s.") % {
            "key": key, "min": MIN_YEAR, "max": MAX_YEAR})
    return value


def _years(raw: Mapping, where: str, *, required: bool) -> tuple[int | None, int | None]:
    start = _year(raw, "from_year", where, required=required)
    end = _year(raw, "to_year", where, required=False)
    if start is not None and end is not None and end < start:
        _fail(where, _("“to_year” is before “from_year”."))
    return start, end


def _unknown_keys(raw: Mapping, allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        _fail(where, _("unknown keys: %(keys)s.") % {"keys": ", ".join(map(str, unknown))})


@cache
def commune_criterion_ids() -> frozenset[str]:
    """Every criterion id of a commune's resolved criteria set, under any legal basis."""
    ids: set[str] = set()
    for basis in legal_bases():
        ids.update(criteria_set_for(UnitKind.COMMUNE, basis.applies_from_year).ids)
    return frozenset(ids)


def _content(raw, where: str) -> Content:
    if not isinstance(raw, Mapping):
        _fail(where, _("each content must be a mapping."))
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        _fail(where, _("bad content code %(code)s (lower-case letters, digits and “_”).") % {"code": repr(code)})
    where = _("%(where)s, content %(code)s") % {"where": where, "code": code}
    _unknown_keys(raw, _CONTENT_KEYS, where)
    decided_by = raw.get("decided_by")
    if decided_by not in DECIDED_BY:
        _fail(where, _("“decided_by” must be from_recognition or entered."))
    decision = raw.get("decision", False)
    if not isinstance(decision, bool):
        _fail(where, _("“decision” must be true or false."))
    criteria = raw.get("criteria") or []
    if isinstance(criteria, str) or not isinstance(criteria, list | tuple) or not all(
            isinstance(c, str) and c for c in criteria):
        _fail(where, _("“criteria” must be a list of criterion ids."))
    if decided_by == FROM_RECOGNITION:
        if decision == bool(criteria):
            _fail(where, _("a content decided from recognition needs either “decision: true” or a list of "
                           "“criteria”, not both."))
        unknown = [c for c in criteria if c not in commune_criterion_ids()]
        if unknown:
            _fail(where, _("unknown criteria %(ids)s (ids of the commune criteria, e.g. XA-2.KDC-3a).") % {
                "ids": ", ".join(unknown)})
        if len(set(criteria)) != len(criteria):
            _fail(where, _("a criterion is listed twice."))
    elif decision or criteria:
        _fail(where, _("an entered content takes neither “decision” nor “criteria”."))
    from_year, to_year = _years(raw, where, required=False)
    return Content(
        code=code, text_vi=_text(raw, "text_vi", where), text_en=_text(raw, "text_en", where),
        source=_text(raw, "source", where), status=_status(raw, where), decided_by=decided_by,
        decision=decision, criteria=tuple(criteria), from_year=from_year, to_year=to_year,
        note=_text(raw, "note", where, required=False),
    )


def _indicator(raw, where: str) -> Indicator:
    if not isinstance(raw, Mapping):
        _fail(where, _("each indicator must be a mapping."))
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        _fail(where, _("bad indicator code %(code)s (lower-case letters, digits and “_”).") % {"code": repr(code)})
    where = _("indicator %(code)s") % {"code": code}
    _unknown_keys(raw, _INDICATOR_KEYS, where)
    from_year, to_year = _years(raw, where, required=True)
    kinds = raw.get("local_kinds")
    if not isinstance(kinds, list | tuple) or not kinds:
        _fail(where, _("“local_kinds” must list the commune kinds it applies to."))
    bad = [str(k) for k in kinds if k not in COMMUNE_LOCAL_KINDS]
    if bad:
        _fail(where, _("unknown commune kinds %(kinds)s (one of %(known)s).") % {
            "kinds": ", ".join(bad), "known": ", ".join(COMMUNE_LOCAL_KINDS)})
    raw_contents = raw.get("contents")
    if not isinstance(raw_contents, list | tuple) or not raw_contents:
        _fail(where, _("an indicator needs contents."))
    contents = tuple(_content(item, where) for item in raw_contents)
    codes = [c.code for c in contents]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        _fail(where, _("content code %(code)s is used twice.") % {"code": ", ".join(twice)})
    return Indicator(
        code=code, title_vi=_text(raw, "title_vi", where), title_en=_text(raw, "title_en", where),
        source=_text(raw, "source", where), status=_status(raw, where), from_year=from_year, to_year=to_year,
        local_kinds=tuple(dict.fromkeys(kinds)), contents=contents, note=_text(raw, "note", where, required=False),
    )


def parse_rules(data) -> DerivedRules:
    """Validate the whole data set (file or edited version) and build the rules; `DerivedRulesError` if broken."""
    if not isinstance(data, Mapping):
        _fail("", _("The data must be a mapping with “indicators”."))
    _unknown_keys(data, _FILE_KEYS, "")
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list | tuple) or not raw_indicators:
        _fail("", _("“indicators” must list at least one indicator."))
    indicators = tuple(_indicator(raw, _("indicator %(number)s") % {"number": n})
                       for n, raw in enumerate(raw_indicators, start=1))
    codes = [i.code for i in indicators]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        _fail("", _("indicator code %(code)s is used twice.") % {"code": ", ".join(twice)})
    return DerivedRules(indicators=indicators)


DATA_SET = register(LawDataSet(key=KEY, path=DATA_FILE, parse=parse_rules))


def current_rules() -> DerivedRules:
    """The definitions in force: the newest saved version, else the shipped file (one small query; parsed
    again only after a new save)."""
    return current_parsed(KEY)
