"""The criteria of the ANTT-safe standard, read from one YAML file per legal basis and validated.

Each `*.yaml` next to this module describes one circular (TT 23/2012, TT 124/2021): the years it
governs, the evaluation period per unit kind, and one set of criteria per unit kind. Loading turns
the files into frozen dataclasses and refuses broken data with a `CriteriaError` that names the
file and the criterion (unknown keys or incident codes, bad kinds, duplicate ids, a missing article
or text, an inherited id that does not exist …), so a typo fails at start-up and in the tests, not
in the middle of a decision.

`criteria_set_for(unit_kind, year, extra)` picks the legal basis by evaluation year, expands
`inherited` criteria into concrete copies that remember where they came from ("KDC-4b, Điều 4
khoản 4 điểm b, applied per Điều 5 khoản 2"), and appends the province's extra criteria (TT 124
art. 8.1), given as `CriterionSpec`s with the same fields as the YAML.
"""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import NoReturn

import yaml
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from antq.incidents.catalogue import DATA_FILE as INCIDENT_TYPES_FILE
from antq.incidents.catalogue import catalogue as incident_catalogue
from antq.recognition.facts import Period
from antq.recognition.figures import FIGURES, PERCENT

CRITERIA_DIR = Path(__file__).parent

# The unit kinds the standard covers, in the project's codes (antq.units.models.UnitKind).
UNIT_KINDS = ("residential_area", "commune", "agency", "enterprise", "school")


class CriteriaError(ValueError):
    """Broken criteria data: the message names the file (or source) and the criterion."""


class CriterionKind(StrEnum):
    MUST_HAVE = "must_have"
    MUST_NOT_HAPPEN = "must_not_happen"
    NUMERIC = "numeric"
    TREND = "trend"
    INHERITED = "inherited"


KIND_LABELS = {
    CriterionKind.MUST_HAVE: gettext_lazy("Must have"),
    CriterionKind.MUST_NOT_HAPPEN: gettext_lazy("Must not happen"),
    CriterionKind.NUMERIC: gettext_lazy("Threshold"),
    CriterionKind.TREND: gettext_lazy("Better than the previous year"),
    CriterionKind.INHERITED: gettext_lazy("Inherited"),
}
CONFIRMED, UNCONFIRMED = "confirmed", "unconfirmed"
STATUSES = (CONFIRMED, UNCONFIRMED)
FORCE_MAJEURE, DETECTED_MITIGATED_REPORTED = "force_majeure", "detected_mitigated_reported"
EXCEPTION_LABELS = {
    FORCE_MAJEURE: gettext_lazy("force majeure"),
    DETECTED_MITIGATED_REPORTED: gettext_lazy("detected in time, mitigated and reported at once"),
}
OWN, OWN_AND_SUB_UNITS = "own", "own_and_sub_units"
SCOPE_LABELS = {
    OWN: gettext_lazy("the unit itself"),
    OWN_AND_SUB_UNITS: gettext_lazy("the unit and the units below it"),
}
OPS = (">=", ">", "<=", "<", "==")

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")

_BASE_KEYS = {"id", "article", "text_vi", "text_en", "kind", "status", "applies_when", "note"}
_KEYS_BY_KIND = {
    CriterionKind.MUST_HAVE: _BASE_KEYS,
    CriterionKind.MUST_NOT_HAPPEN: _BASE_KEYS
    | {"incident_types", "min_severity", "min_discipline", "exceptions", "scope"},
    CriterionKind.NUMERIC: _BASE_KEYS | {"figure", "op", "value"},
    CriterionKind.TREND: _BASE_KEYS,
    CriterionKind.INHERITED: (_BASE_KEYS - {"applies_when"}) | {"inherits", "scope"},
}
_REQUIRED_KEYS = ("id", "article", "text_vi", "text_en", "kind", "status")
_FILE_KEYS = {"code", "legal_basis", "title", "title_en", "issued", "effective", "applies_from_year",
              "applies_to_year", "status", "note", "periods", "sets"}
_SET_KEYS = {"unit_kinds", "article", "title_vi", "title_en", "criteria"}
_PERIOD_KEYS = {"start", "end", "article", "status"}


# --- The incident catalogue the criteria refer to -------------------------------------------------


@dataclass(frozen=True)
class IncidentCodes:
    """Codes, ranks and labels of the incident catalogue, as the criteria and the engine use them."""

    type_labels: Mapping[str, tuple[str, str]]  # code → (Vietnamese, English)
    severity_ranks: Mapping[str, int]
    severity_labels: Mapping[str, tuple[str, str]]
    discipline_ranks: Mapping[str, int]
    discipline_labels: Mapping[str, tuple[str, str]]
    severity_types: frozenset[str]  # types that carry a crime category
    people_types: frozenset[str]  # types that carry the discipline of the people involved

    @staticmethod
    def _pick(labels: tuple[str, str]) -> str:
        return labels[1] if (get_language() or "vi").startswith("en") else labels[0]

    def type_label(self, code: str) -> str:
        return self._pick(self.type_labels[code]) if code in self.type_labels else code

    def severity_label(self, code: str) -> str:
        return self._pick(self.severity_labels[code]) if code in self.severity_labels else code

    def discipline_label(self, code: str) -> str:
        return self._pick(self.discipline_labels[code]) if code in self.discipline_labels else code


def incident_codes_from(cat) -> IncidentCodes:
    """Adapt the incident catalogue (`antq.incidents.catalogue.Catalogue`) to what the criteria need."""
    return IncidentCodes(
        type_labels={t.code: (t.label_vi, t.label_en) for t in cat.types},
        severity_ranks={s.code: s.rank for s in cat.severities},
        severity_labels={s.code: (s.label_vi, s.label_en) for s in cat.severities},
        discipline_ranks={d.code: d.rank for d in cat.disciplines},
        discipline_labels={d.code: (d.label_vi, d.label_en) for d in cat.disciplines},
        severity_types=frozenset(t.code for t in cat.types if t.has_severity),
        people_types=frozenset(t.code for t in cat.types if t.has_people),
    )


@cache
def incident_codes() -> IncidentCodes:
    """The project's incident catalogue, read and checked by antq.incidents.catalogue."""
    return incident_codes_from(incident_catalogue())


# --- Criteria -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion as written: the fields of a YAML entry, also used for provincial extra criteria.

    `unit_kinds` is for extras only (which kinds of unit the province's criterion applies to; empty
    means every kind); in the YAML files the set gives the kinds.
    """

    id: str
    article: str
    text_vi: str
    kind: str
    text_en: str = ""
    status: str = CONFIRMED
    incident_types: tuple[str, ...] = ()
    min_severity: str = ""
    min_discipline: str = ""
    exceptions: tuple[str, ...] = ()
    scope: str = ""
    figure: str = ""
    op: str = ""
    value: Decimal | int | str | None = None
    inherits: tuple[str, ...] = ()
    applies_when: str = ""
    note: str = ""
    unit_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """A validated criterion. Copies made by inheritance or added by a province say so."""

    id: str
    article: str
    text_vi: str
    text_en: str
    kind: str
    status: str
    incident_types: tuple[str, ...] = ()
    min_severity: str = ""
    min_discipline: str = ""
    exceptions: tuple[str, ...] = ()
    scope: str = ""
    figure: str = ""
    op: str = ""
    value: Decimal | None = None
    inherits: tuple[str, ...] = ()
    applies_when: str = ""
    note: str = ""
    # Provenance of a concrete copy of an inherited criterion: the original's id, the inheriting
    # criterion's id and the article that applies it ("Điều 5 khoản 2").
    inherited_from: str = ""
    via: str = ""
    applied_by: str = ""
    provincial: bool = False

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[CriterionKind(self.kind)])

    @property
    def citation(self) -> str:
        """The article as cited in explanations, with the inheriting article where there is one."""
        if self.applied_by:
            return _("%(article)s, applied per %(applied_by)s") % {
                "article": self.article, "applied_by": self.applied_by}
        return self.article

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED


@dataclass(frozen=True)
class CriteriaSet:
    """The criteria of one unit kind under one legal basis.

    As declared in the file (`resolved=False`) it may hold `inherited` entries; as returned by
    `criteria_set_for` (`resolved=True`) every criterion is concrete and extras are appended.
    """

    legal_basis_code: str
    legal_basis: str
    article: str
    title_vi: str
    title_en: str
    unit_kinds: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    resolved: bool = False
    year: int | None = None

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class PeriodRule:
    """Art. 8.2: the evaluation period of year N, from `start` (in N-1 when it falls after `end`) to `end`."""

    unit_kind: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    article: str
    status: str

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    def period(self, year: int) -> Period:
        start_year = year - 1 if self.start > self.end else year
        return Period(
            start=datetime.date(start_year, *self.start),
            end=datetime.date(year, *self.end),
        )


@dataclass(frozen=True)
class LegalBasis:
    code: str
    legal_basis: str
    title: str
    title_en: str
    issued: datetime.date
    effective: datetime.date | None
    applies_from_year: int
    applies_to_year: int | None
    status: str
    note: str
    periods: tuple[PeriodRule, ...]
    sets: tuple[CriteriaSet, ...]
    _by_id: Mapping[str, Criterion] = field(default_factory=dict, repr=False, compare=False)

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    def covers(self, year: int) -> bool:
        return self.applies_from_year <= year and (self.applies_to_year is None or year <= self.applies_to_year)

    def set_for(self, unit_kind: str) -> CriteriaSet:
        for s in self.sets:
            if unit_kind in s.unit_kinds:
                return s
        raise LookupError(f"{self.legal_basis} has no criteria for unit kind {unit_kind!r}")

    def period_rule(self, unit_kind: str) -> PeriodRule:
        for p in self.periods:
            if p.unit_kind == unit_kind:
                return p
        raise LookupError(f"{self.legal_basis} has no evaluation period for unit kind {unit_kind!r}")

    def criterion(self, criterion_id: str) -> Criterion:
        return self._by_id[criterion_id]


# --- Validation -----------------------------------------------------------------------------------


def _fail(where: str, message: str) -> NoReturn:
    raise CriteriaError(f"{where}: {message}")


def _text(value, where: str, key: str, *, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            _fail(where, f"'{key}' is missing or empty")
        return ""
    if not isinstance(value, str):
        _fail(where, f"'{key}' must be text, not {type(value).__name__}")
    return value.strip()


def _codes(value, where: str, key: str) -> tuple[str, ...]:
    if value in (None, "", ()):
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail(where, f"'{key}' must be a list")
    items = tuple(value)
    if not all(isinstance(v, str) and v for v in items):
        _fail(where, f"'{key}' must be a list of codes")
    if len(set(items)) != len(items):
        _fail(where, f"'{key}' lists a code twice")
    return items


def _decimal(value, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        _fail(where, "'value' must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        _fail(where, f"'value' must be a number, not {value!r}")
    if not number.is_finite():
        _fail(where, f"'value' must be a finite number, not {value!r}")
    return number


def build_criterion(spec: CriterionSpec, *, where: str, codes: IncidentCodes | None = None,
                    present: Iterable[str] | None = None) -> Criterion:
    """Validate one spec and return the criterion. `present` lists the keys written in the source."""
    codes = codes or incident_codes()
    ident = spec.id if isinstance(spec.id, str) else ""
    if not ident or not _ID_RE.match(ident):
        _fail(where, f"bad criterion id {spec.id!r} (letters, digits and '-', e.g. 'KDC-4b')")
    where = f"{where}, {ident}"
    try:
        kind = CriterionKind(spec.kind)
    except ValueError:
        _fail(where, f"unknown kind {spec.kind!r} (one of {', '.join(CriterionKind)})")
    if present is not None:
        unknown = set(present) - _KEYS_BY_KIND[kind] - {"unit_kinds"}
        if unknown:
            _fail(where, f"keys not allowed for a {kind} criterion: {', '.join(sorted(unknown))}")
    if spec.status not in STATUSES:
        _fail(where, f"'status' must be one of {', '.join(STATUSES)}, not {spec.status!r}")
    article = _text(spec.article, where, "article")
    if present is not None and not article.startswith("Điều"):
        _fail(where, f"'article' must be in Vietnamese form ('Điều 4 khoản 4 điểm b'), not {article!r}")
    criterion = Criterion(
        id=ident, article=article, kind=str(kind), status=spec.status,
        text_vi=_text(spec.text_vi, where, "text_vi"),
        text_en=_text(spec.text_en, where, "text_en", required=present is not None),
        applies_when=_text(spec.applies_when, where, "applies_when", required=False),
        note=_text(spec.note, where, "note", required=False),
    )
    incident_types = _codes(spec.incident_types, where, "incident_types")
    exceptions = _codes(spec.exceptions, where, "exceptions")
    inherits = _codes(spec.inherits, where, "inherits")
    wrong = []
    if kind != CriterionKind.MUST_NOT_HAPPEN:
        wrong += [k for k, v in (("incident_types", incident_types), ("min_severity", spec.min_severity),
                                  ("min_discipline", spec.min_discipline), ("exceptions", exceptions)) if v]
    if kind != CriterionKind.NUMERIC:
        wrong += [k for k, v in (("figure", spec.figure), ("op", spec.op), ("value", spec.value))
                  if v not in ("", None)]
    if kind != CriterionKind.INHERITED and inherits:
        wrong.append("inherits")
    if kind not in (CriterionKind.MUST_NOT_HAPPEN, CriterionKind.INHERITED) and spec.scope:
        wrong.append("scope")
    if wrong:
        _fail(where, f"fields not allowed for a {kind} criterion: {', '.join(wrong)}")

    if kind == CriterionKind.MUST_NOT_HAPPEN:
        if not incident_types:
            _fail(where, "a must_not_happen criterion needs 'incident_types'")
        unknown = [t for t in incident_types if t not in codes.type_labels]
        if unknown:
            _fail(where, f"unknown incident type(s) {', '.join(unknown)} (see {INCIDENT_TYPES_FILE.name})")
        if spec.min_severity:
            if spec.min_severity not in codes.severity_ranks:
                _fail(where, f"unknown severity {spec.min_severity!r} (one of {', '.join(codes.severity_ranks)})")
            if not set(incident_types) & codes.severity_types:
                _fail(where, "'min_severity' needs an incident type that has a crime category")
        if spec.min_discipline:
            if spec.min_discipline not in codes.discipline_ranks:
                _fail(where, f"unknown discipline level {spec.min_discipline!r} "
                             f"(one of {', '.join(codes.discipline_ranks)})")
            if not set(incident_types) & codes.people_types:
                _fail(where, "'min_discipline' needs an incident type that records disciplined people")
        bad = [e for e in exceptions if e not in EXCEPTION_LABELS]
        if bad:
            _fail(where, f"unknown exception(s) {', '.join(bad)} (one of {', '.join(EXCEPTION_LABELS)})")
        scope = spec.scope or OWN
        if scope not in SCOPE_LABELS:
            _fail(where, f"'scope' must be one of {', '.join(SCOPE_LABELS)}, not {scope!r}")
        return replace(criterion, incident_types=incident_types, min_severity=spec.min_severity or "",
                       min_discipline=spec.min_discipline or "", exceptions=exceptions, scope=scope)
    if kind == CriterionKind.NUMERIC:
        if spec.figure not in FIGURES:
            _fail(where, f"unknown figure {spec.figure!r} (one of {', '.join(FIGURES)})")
        if spec.op not in OPS:
            _fail(where, f"'op' must be one of {' '.join(OPS)}, not {spec.op!r}")
        value = _decimal(spec.value, where)
        if FIGURES[spec.figure].unit == PERCENT and not 0 <= value <= 100:
            _fail(where, f"a percentage threshold must be between 0 and 100, not {value}")
        return replace(criterion, figure=spec.figure, op=spec.op, value=value)
    if kind == CriterionKind.INHERITED:
        if not inherits:
            _fail(where, "an inherited criterion needs 'inherits'")
        scope = spec.scope or ""
        if scope and scope not in SCOPE_LABELS:
            _fail(where, f"'scope' must be one of {', '.join(SCOPE_LABELS)}, not {scope!r}")
        return replace(criterion, inherits=inherits, scope=scope)
    return criterion


def _spec_from_mapping(raw, where: str) -> tuple[CriterionSpec, set[str]]:
    if not isinstance(raw, Mapping):
        _fail(where, "each criterion must be a mapping")
    missing = [k for k in _REQUIRED_KEYS if k not in raw]
    if missing:
        label = f"{where}, {raw.get('id', '?')}"
        _fail(label, f"missing {', '.join(missing)}")
    if "unit_kinds" in raw:
        _fail(f"{where}, {raw.get('id')}", "'unit_kinds' belongs to the set, not to a criterion")
    known = set(CriterionSpec.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        _fail(f"{where}, {raw.get('id')}", f"unknown keys: {', '.join(sorted(unknown))}")
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in raw.items()}
    for key in ("min_severity", "min_discipline", "scope", "figure", "op", "applies_when", "note"):
        if values.get(key) is None:
            values.pop(key, None)
    return CriterionSpec(**values), set(raw)


def _month_day(value, where: str) -> tuple[int, int]:
    match = _MONTH_DAY_RE.match(str(value or ""))
    if not match:
        _fail(where, f"dates of a period are 'MM-DD', not {value!r}")
    month, day = int(match[1]), int(match[2])
    try:
        datetime.date(2023, month, day)  # not a leap year: 02-29 is refused
    except ValueError:
        _fail(where, f"no such day {value!r}")
    return month, day


def _year(value, where: str, key: str, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        _fail(where, f"'{key}' must be a year")
    return value


def _date(value, where: str, key: str, *, required: bool) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        _fail(where, f"'{key}' must be a date (YYYY-MM-DD)")
    return value


def parse_legal_basis(data, *, source: str, codes: IncidentCodes | None = None) -> LegalBasis:
    """Validate the content of one criteria file and build its `LegalBasis`."""
    codes = codes or incident_codes()
    if not isinstance(data, Mapping):
        _fail(source, "the file must hold a mapping")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        _fail(source, f"unknown keys: {', '.join(sorted(unknown))}")
    for key in ("code", "legal_basis", "title", "title_en"):
        _text(data.get(key), source, key)
    if data.get("status") not in STATUSES:
        _fail(source, f"'status' must be one of {', '.join(STATUSES)}")
    from_year = _year(data.get("applies_from_year"), source, "applies_from_year", required=True)
    to_year = _year(data.get("applies_to_year"), source, "applies_to_year", required=False)
    if to_year is not None and to_year < from_year:
        _fail(source, "'applies_to_year' is before 'applies_from_year'")

    sets: list[CriteriaSet] = []
    seen_kinds: set[str] = set()
    by_id: dict[str, Criterion] = {}
    for index, raw_set in enumerate(data.get("sets") or []):
        where = f"{source}, set {index + 1}"
        if not isinstance(raw_set, Mapping):
            _fail(where, "each set must be a mapping")
        unknown = set(raw_set) - _SET_KEYS
        if unknown:
            _fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        kinds = _codes(raw_set.get("unit_kinds"), where, "unit_kinds")
        if not kinds:
            _fail(where, "'unit_kinds' is missing")
        bad = [k for k in kinds if k not in UNIT_KINDS]
        if bad:
            _fail(where, f"unknown unit kind(s) {', '.join(bad)} (one of {', '.join(UNIT_KINDS)})")
        twice = seen_kinds & set(kinds)
        if twice:
            _fail(where, f"unit kind(s) {', '.join(sorted(twice))} already have a set")
        seen_kinds |= set(kinds)
        criteria = []
        for raw in raw_set.get("criteria") or []:
            spec, present = _spec_from_mapping(raw, source)
            criterion = build_criterion(spec, where=source, codes=codes, present=present)
            if criterion.id in by_id:
                _fail(f"{source}, {criterion.id}", "duplicate criterion id")
            by_id[criterion.id] = criterion
            criteria.append(criterion)
        if not criteria:
            _fail(where, "a set needs criteria")
        sets.append(CriteriaSet(
            legal_basis_code=data["code"], legal_basis=data["legal_basis"],
            article=_text(raw_set.get("article"), where, "article"),
            title_vi=_text(raw_set.get("title_vi"), where, "title_vi"),
            title_en=_text(raw_set.get("title_en"), where, "title_en"),
            unit_kinds=kinds, criteria=tuple(criteria),
        ))
    missing_kinds = [k for k in UNIT_KINDS if k not in seen_kinds]
    if missing_kinds:
        _fail(source, f"no criteria for unit kind(s) {', '.join(missing_kinds)}")

    for criterion in by_id.values():
        for source_id in criterion.inherits:
            original = by_id.get(source_id)
            if original is None:
                _fail(f"{source}, {criterion.id}", f"inherits unknown criterion {source_id!r}")
            if original.kind == CriterionKind.INHERITED:
                _fail(f"{source}, {criterion.id}", f"inherits {source_id!r}, which is itself inherited")

    periods = []
    raw_periods = data.get("periods")
    if not isinstance(raw_periods, Mapping):
        _fail(source, "'periods' is missing")
    for kind in UNIT_KINDS:
        raw = raw_periods.get(kind)
        where = f"{source}, period of {kind}"
        if not isinstance(raw, Mapping):
            _fail(where, "missing")
        unknown = set(raw) - _PERIOD_KEYS
        if unknown:
            _fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        if raw.get("status") not in STATUSES:
            _fail(where, f"'status' must be one of {', '.join(STATUSES)}")
        periods.append(PeriodRule(
            unit_kind=kind, start=_month_day(raw.get("start"), where), end=_month_day(raw.get("end"), where),
            article=_text(raw.get("article"), where, "article", required=raw.get("status") == CONFIRMED),
            status=raw["status"],
        ))
    extra_kinds = set(raw_periods) - set(UNIT_KINDS)
    if extra_kinds:
        _fail(source, f"periods for unknown unit kind(s) {', '.join(sorted(extra_kinds))}")

    return LegalBasis(
        code=data["code"], legal_basis=data["legal_basis"], title=data["title"], title_en=data["title_en"],
        issued=_date(data.get("issued"), source, "issued", required=True),
        effective=_date(data.get("effective"), source, "effective", required=False),
        applies_from_year=from_year, applies_to_year=to_year, status=data["status"],
        note=_text(data.get("note"), source, "note", required=False),
        periods=tuple(periods), sets=tuple(sets), _by_id=by_id,
    )


def check_no_overlap(bases: Sequence[LegalBasis]) -> None:
    """Every evaluation year is governed by at most one legal basis; codes are unique."""
    codes = [b.code for b in bases]
    if len(set(codes)) != len(codes):
        raise CriteriaError(f"duplicate legal basis code among {', '.join(codes)}")
    ordered = sorted(bases, key=lambda b: b.applies_from_year)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.applies_to_year is None or earlier.applies_to_year >= later.applies_from_year:
            raise CriteriaError(f"{earlier.code} and {later.code} both govern {later.applies_from_year}")


@cache
def legal_bases() -> tuple[LegalBasis, ...]:
    """Every legal basis of the criteria directory, oldest first (read and validated once)."""
    bases = []
    for path in sorted(CRITERIA_DIR.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise CriteriaError(f"{path.name}: not valid YAML ({error})") from error
        bases.append(parse_legal_basis(data, source=path.name))
    check_no_overlap(bases)
    return tuple(sorted(bases, key=lambda b: b.applies_from_year))


def legal_basis(code: str) -> LegalBasis:
    for basis in legal_bases():
        if basis.code == code:
            return basis
    raise LookupError(f"No legal basis {code!r}")


def legal_basis_for_year(year: int) -> LegalBasis:
    for basis in legal_bases():
        if basis.covers(year):
            return basis
    raise LookupError(f"No legal basis governs the evaluation year {year}")


def evaluation_period(unit_kind: str, year: int) -> Period:
    """The evaluation period of `year` for a unit kind, under the legal basis of that year (art. 8.2)."""
    return legal_basis_for_year(year).period_rule(unit_kind).period(year)


# --- Resolution -----------------------------------------------------------------------------------


def _expand(criterion: Criterion, lookup) -> list[Criterion]:
    if criterion.kind != CriterionKind.INHERITED:
        return [criterion]
    copies = []
    for source_id in criterion.inherits:
        original = lookup(source_id)
        scope = original.scope
        if original.kind == CriterionKind.MUST_NOT_HAPPEN and criterion.scope:
            scope = criterion.scope
        status = CONFIRMED if original.confirmed and criterion.confirmed else UNCONFIRMED
        copies.append(replace(
            original, id=f"{criterion.id}.{original.id}", scope=scope, status=status,
            inherited_from=original.id, via=criterion.id, applied_by=criterion.article,
            provincial=criterion.provincial,
        ))
    return copies


def criteria_set_for(unit_kind: str, year: int, extra: Sequence[CriterionSpec] = ()) -> CriteriaSet:
    """The concrete criteria for a unit kind and evaluation year, with the province's `extra` criteria.

    `extra` holds the province's criteria for that year (TT 124 art. 8.1); those whose `unit_kinds`
    leave out `unit_kind` are skipped. Raises `CriteriaError` for a broken extra criterion and
    `LookupError` when no legal basis covers the year or the kind.
    """
    if unit_kind not in UNIT_KINDS:
        raise LookupError(f"The standard does not cover unit kind {unit_kind!r}")
    basis = legal_basis_for_year(year)
    declared = basis.set_for(unit_kind)
    criteria: list[Criterion] = []
    for criterion in declared.criteria:
        criteria.extend(_expand(criterion, basis.criterion))
    taken = {c.id for c in criteria} | set(basis._by_id)
    codes = incident_codes()
    for index, spec in enumerate(extra):
        where = f"provincial criterion {index + 1}"
        bad = [k for k in spec.unit_kinds if k not in UNIT_KINDS]
        if bad:
            _fail(where, f"unknown unit kind(s) {', '.join(bad)}")
        if spec.unit_kinds and unit_kind not in spec.unit_kinds:
            continue
        criterion = replace(build_criterion(spec, where=where, codes=codes), provincial=True)
        if criterion.id in taken:
            _fail(f"{where}, {criterion.id}", "the id is already used by the national criteria or another extra")
        if criterion.kind == CriterionKind.INHERITED:
            for source_id in criterion.inherits:
                if source_id not in basis._by_id or basis.criterion(source_id).kind == CriterionKind.INHERITED:
                    _fail(f"{where}, {criterion.id}", f"inherits unknown criterion {source_id!r}")
        taken.add(criterion.id)
        criteria.extend(_expand(criterion, basis.criterion))
    return replace(declared, criteria=tuple(criteria), resolved=True, year=year)
