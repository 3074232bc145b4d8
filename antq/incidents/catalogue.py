"""The incident catalogue: types, crime severities and discipline levels, read from `data/incident_types.yaml`.

The YAML file is the contract shared with the criteria files: codes never change, labels may. This module
reads it once per process (`load` is cached), checks its shape strictly (an unknown key is an error, so a
misspelt flag cannot pass unnoticed), and offers:

* `catalogue()` — the parsed `Catalogue` (types, severities and disciplines, each with a rank where ordered);
* labels in the active language (`label_vi` under Vietnamese, `label_en` otherwise);
* callables for model `choices` (`type_choices`, `severity_choices`, `discipline_choices`): Django calls them
  when the choices are read, so a catalogue change needs no migration and the labels follow the language.

Everything here is pure: no database, no request.
"""

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation

DATA_FILE = Path(__file__).resolve().parent / "data" / "incident_types.yaml"

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
TYPE_FLAGS = ("has_severity", "has_people", "counts_for_trend")
TYPE_KEYS = frozenset({"code", "label_vi", "label_en", "group", *TYPE_FLAGS})
LEVEL_KEYS = frozenset({"code", "rank", "label_vi", "label_en"})
GROUP_KEYS = frozenset({"code", "label_vi", "label_en"})
TOP_KEYS = frozenset({"version", "severities", "disciplines", "groups", "types"})


class CatalogueError(ValueError):
    """The catalogue file does not have the expected shape."""


def in_active_language(label_vi: str, label_en: str) -> str:
    """`label_vi` when the active language is Vietnamese (the default), `label_en` otherwise."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return label_vi if language.split("-")[0] == "vi" else label_en


@dataclass(frozen=True)
class Labelled:
    code: str
    label_vi: str
    label_en: str

    @property
    def label(self) -> str:
        return in_active_language(self.label_vi, self.label_en)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Level(Labelled):
    """A crime severity (Penal Code art. 9) or a discipline level; a higher rank is graver."""

    rank: int = 0


@dataclass(frozen=True)
class Group(Labelled):
    pass


@dataclass(frozen=True)
class IncidentType(Labelled):
    group: str = ""
    has_severity: bool = False  # a crime: the severity is required, and refused for every other type
    has_people: bool = False  # the people involved are recorded, with their discipline level
    counts_for_trend: bool = False  # counted for the yearly trend (crimes, social evils, other violations)


@dataclass(frozen=True)
class Catalogue:
    version: int
    types: tuple[IncidentType, ...]
    severities: tuple[Level, ...]
    disciplines: tuple[Level, ...]
    groups: tuple[Group, ...]
    severity_source: str = ""
    discipline_source: str = ""

    @cached_property
    def _by_code(self) -> dict[str, dict[str, Labelled]]:
        return {name: {item.code: item for item in getattr(self, name)}
                for name in ("types", "severities", "disciplines", "groups")}

    def type(self, code: str) -> IncidentType | None:
        return self._by_code["types"].get(code)  # type: ignore[return-value]

    def severity(self, code: str) -> Level | None:
        return self._by_code["severities"].get(code)  # type: ignore[return-value]

    def discipline(self, code: str) -> Level | None:
        return self._by_code["disciplines"].get(code)  # type: ignore[return-value]

    def group(self, code: str) -> Group | None:
        return self._by_code["groups"].get(code)  # type: ignore[return-value]

    def type_codes(self, **flags: bool) -> tuple[str, ...]:
        """Codes of the types whose flags have the given values, e.g. `type_codes(counts_for_trend=True)`."""
        for flag in flags:
            if flag not in TYPE_FLAGS:
                raise TypeError(f"unknown flag {flag!r}")
        return tuple(t.code for t in self.types if all(getattr(t, f) == v for f, v in flags.items()))


# Parsing ------------------------------------------------------------------------------------------------


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _code(entry: object, where: str, allowed: frozenset[str]) -> str:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected a mapping")
    unknown = set(entry) - allowed
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    code = entry.get("code")
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise CatalogueError(f"{where}: code {code!r} must be lower-case letters, digits and underscores")
    return code


def _unique(items: list[Labelled], what: str) -> tuple:
    codes = [item.code for item in items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise CatalogueError(f"{what}: duplicate codes {duplicates}")
    if not items:
        raise CatalogueError(f"{what}: the list is empty")
    return tuple(items)


def _levels(section: object, what: str) -> tuple[tuple[Level, ...], str]:
    if not isinstance(section, dict) or not isinstance(section.get("levels"), list):
        raise CatalogueError(f"{what}: expected a mapping with a list of levels")
    levels = []
    for number, entry in enumerate(section["levels"], start=1):
        where = f"{what}[{number}]"
        code = _code(entry, where, LEVEL_KEYS)
        rank = entry.get("rank")
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
            raise CatalogueError(f"{where}: rank must be a positive whole number")
        levels.append(Level(code=code, rank=rank, label_vi=_text(entry, "label_vi", where),
                            label_en=_text(entry, "label_en", where)))
    ranks = [level.rank for level in levels]
    if len(set(ranks)) != len(ranks):
        raise CatalogueError(f"{what}: two levels share a rank")
    source = section.get("source", "")
    return tuple(sorted(_unique(levels, what), key=lambda level: level.rank)), str(source)


def parse(data: object) -> Catalogue:
    """Check the parsed YAML and build the catalogue; raise `CatalogueError` naming the first problem."""
    if not isinstance(data, dict):
        raise CatalogueError("the catalogue must be a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise CatalogueError(f"unknown top-level keys {sorted(unknown)}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CatalogueError("version must be a whole number")
    severities, severity_source = _levels(data.get("severities"), "severities")
    disciplines, discipline_source = _levels(data.get("disciplines"), "disciplines")

    groups = []
    for number, entry in enumerate(data.get("groups") or [], start=1):
        where = f"groups[{number}]"
        code = _code(entry, where, GROUP_KEYS)
        groups.append(Group(code=code, label_vi=_text(entry, "label_vi", where),
                            label_en=_text(entry, "label_en", where)))
    group_codes = {g.code for g in groups}

    if not isinstance(data.get("types"), list):
        raise CatalogueError("types: expected a list")
    types = []
    for number, entry in enumerate(data["types"], start=1):
        where = f"types[{number}]"
        code = _code(entry, where, TYPE_KEYS)
        where = f"types[{number}] ({code})"
        flags = {}
        for flag in TYPE_FLAGS:
            value = entry.get(flag, False)
            if not isinstance(value, bool):
                raise CatalogueError(f"{where}: {flag} must be true or false")
            flags[flag] = value
        group = entry.get("group", "")
        if groups and group not in group_codes:
            raise CatalogueError(f"{where}: group {group!r} is not one of the groups")
        types.append(IncidentType(code=code, label_vi=_text(entry, "label_vi", where),
                                  label_en=_text(entry, "label_en", where), group=group, **flags))
    types_tuple = _unique(types, "types")
    if not any(t.has_severity for t in types_tuple):
        raise CatalogueError("types: no type has a severity (the crime type is missing)")
    return Catalogue(
        version=version,
        types=types_tuple,
        severities=severities,
        disciplines=disciplines,
        groups=tuple(groups),
        severity_source=severity_source,
        discipline_source=discipline_source,
    )


@cache
def load(path: Path = DATA_FILE) -> Catalogue:
    """The catalogue in `path`, read and checked once per process."""
    with open(path, encoding="utf-8") as stream:
        return parse(yaml.safe_load(stream))


def catalogue() -> Catalogue:
    """The project's incident catalogue."""
    return load(DATA_FILE)


# Choices --------------------------------------------------------------------------------------------------


def type_choices() -> list:
    """Incident types grouped by `groups` (Django optgroups), labelled in the active language."""
    cat = catalogue()
    if not cat.groups:
        return type_choices_flat()
    grouped = []
    for group in cat.groups:
        members = [(t.code, t.label) for t in cat.types if t.group == group.code]
        if members:
            grouped.append((group.label, members))
    return grouped


def type_choices_flat() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in catalogue().types]


def severity_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in catalogue().severities]


def discipline_choices() -> list[tuple[str, str]]:
    return [(d.code, d.label) for d in catalogue().disciplines]


def as_dict(cat: Catalogue | None = None) -> dict:
    """The catalogue as plain data (labels in both languages and the active one), for the API."""
    cat = cat or catalogue()

    def labelled(item: Labelled, **extra) -> dict:
        return {"code": item.code, "label": item.label, "label_vi": item.label_vi, "label_en": item.label_en,
                **extra}

    return {
        "version": cat.version,
        "groups": [labelled(g) for g in cat.groups],
        "types": [labelled(t, group=t.group, **{f: getattr(t, f) for f in TYPE_FLAGS}) for t in cat.types],
        "severities": {"source": cat.severity_source,
                       "levels": [labelled(s, rank=s.rank) for s in cat.severities]},
        "disciplines": {"source": cat.discipline_source,
                        "levels": [labelled(d, rank=d.rank) for d in cat.disciplines]},
    }
