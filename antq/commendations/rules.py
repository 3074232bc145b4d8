"""The commendation law data (`data/awards.yaml`) parsed and validated: issuers, workflow, eligibility.

Registered with `antq.core.law_data` under the key `commendations.awards`, so the national
administrator edits it with history and restore; services and selectors read `current_rules()`.
`parse` validates the whole set and raises `ValueError` naming what is wrong.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from antq.core import law_data

DATA_FILE = Path(__file__).resolve().parent / "data" / "awards.yaml"
LEVELS = ("commune", "district", "province", "ministry")
FORMS = ("flag", "certificate_of_merit", "commendation_letter", "commemorative_medal")
KINDS = ("periodic", "thematic", "ad_hoc", "long_service")
UNIT_KINDS = ("country", "province", "district", "commune", "residential_area", "agency", "enterprise", "school")
CATEGORIES = ("leader", "commune_police", "street_guard", "agency_guard", "other")


@dataclass(frozen=True)
class Issuer:
    key: str
    name: str
    level: str
    forms: dict[str, str]  # form → the decision's wording ("Bằng khen của Chủ tịch UBND tỉnh")
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Tenure:
    categories: tuple[str, ...]
    years_in_post: int | None = None
    prior_awards: int = 0
    years_in_force: dict[str, int] = field(default_factory=dict)  # by sex


@dataclass(frozen=True)
class AnttSafeRule:
    article: str
    kinds: tuple[str, ...]
    forms: tuple[str, ...]
    unit_kinds: tuple[str, ...]


@dataclass(frozen=True)
class MedalRule:
    article: str
    form: str
    once_per_person: bool
    individuals_only: bool
    tenure: tuple[Tenure, ...]


@dataclass(frozen=True)
class Rules:
    article: str
    issuers: dict[str, Issuer]
    workflow: dict[str, dict[str, str]]  # issuer level → {"nominate": level, "review": level, "decide": level}
    antt_safe: AnttSafeRule
    medal: MedalRule

    def issuer(self, key: str) -> Issuer:
        try:
            return self.issuers[key]
        except KeyError:
            raise LookupError(key) from None

    def issuers_of(self, form: str, day: datetime.date | None = None) -> list[Issuer]:
        return [i for i in self.issuers.values() if form in i.forms and (day is None or i.valid_on(day))]


def _date(value, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(_("“%(name)s” must be a date written YYYY-MM-DD.") % {"name": name}) from None


def _subset(values, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    if not isinstance(values, list) or any(v not in allowed for v in values):
        raise ValueError(_("“%(name)s” must be a list of: %(allowed)s.") % {
            "name": name, "allowed": ", ".join(allowed)})
    return tuple(values)


def _issuers(raw) -> dict[str, Issuer]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(_("“issuers” must be a non-empty list."))
    issuers: dict[str, Issuer] = {}
    for entry in raw:
        if not isinstance(entry, dict) or not entry.get("key") or not entry.get("name"):
            raise ValueError(_("Every issuer needs a key and a name."))
        key = str(entry["key"])
        if key in issuers:
            raise ValueError(_("Two issuers have the key “%(key)s”.") % {"key": key})
        if entry.get("level") not in LEVELS:
            raise ValueError(_("The level of issuer “%(key)s” must be one of: %(levels)s.") % {
                "key": key, "levels": ", ".join(LEVELS)})
        forms = entry.get("forms")
        if not isinstance(forms, dict) or not forms or any(f not in FORMS for f in forms):
            raise ValueError(_("The forms of issuer “%(key)s” must map forms (%(forms)s) to their wording.") % {
                "key": key, "forms": ", ".join(FORMS)})
        valid_from, valid_to = _date(entry.get("valid_from"), "valid_from"), _date(entry.get("valid_to"), "valid_to")
        if valid_from and valid_to and valid_from > valid_to:
            raise ValueError(_("Issuer “%(key)s” ends before it starts.") % {"key": key})
        issuers[key] = Issuer(key=key, name=str(entry["name"]), level=entry["level"],
                              forms={f: str(w) for f, w in forms.items()}, valid_from=valid_from, valid_to=valid_to)
    return issuers


def _workflow(raw, issuers: dict[str, Issuer]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise ValueError(_("“workflow” must map each issuer level to its nominate, review and decide levels."))
    workflow = {}
    for level in {i.level for i in issuers.values()}:
        step = raw.get(level)
        if not isinstance(step, dict) or any(step.get(s) not in LEVELS for s in ("nominate", "review", "decide")):
            raise ValueError(_("“workflow” has no nominate, review and decide levels for issuer level “%(level)s”.")
                             % {"level": level})
        workflow[level] = {"nominate": step["nominate"], "review": step["review"], "decide": step["decide"]}
    return workflow


def _tenure(raw) -> tuple[Tenure, ...]:
    if not isinstance(raw, list):
        raise ValueError(_("“tenure” must be a list."))
    rules = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValueError(_("“tenure” must be a list."))
        by_sex = entry.get("years_in_force") or {}
        if not isinstance(by_sex, dict) or any(k not in ("male", "female") or not isinstance(v, int)
                                               for k, v in by_sex.items()):
            raise ValueError(_("“years_in_force” must give whole years for male and female."))
        in_post = entry.get("years_in_post")
        if in_post is not None and not isinstance(in_post, int):
            raise ValueError(_("“years_in_post” must be whole years."))
        rules.append(Tenure(categories=_subset(entry.get("categories"), CATEGORIES, "categories"),
                            years_in_post=in_post, prior_awards=int(entry.get("prior_awards") or 0),
                            years_in_force=dict(by_sex)))
    return tuple(rules)


def parse(data: dict) -> Rules:
    """Validate the whole set; raise `ValueError` with a message naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(_("The commendation data must be a mapping."))
    issuers = _issuers(data.get("issuers"))
    eligibility = data.get("eligibility")
    if not isinstance(eligibility, dict) or not isinstance(eligibility.get("antt_safe"), dict) \
            or not isinstance(eligibility.get("commemorative_medal"), dict):
        raise ValueError(_("“eligibility” must hold “antt_safe” and “commemorative_medal”."))
    safe, medal = eligibility["antt_safe"], eligibility["commemorative_medal"]
    if medal.get("form") not in FORMS:
        raise ValueError(_("The commemorative medal rule must name its form."))
    return Rules(
        article=str(data.get("article") or ""), issuers=issuers, workflow=_workflow(data.get("workflow"), issuers),
        antt_safe=AnttSafeRule(article=str(safe.get("article") or ""), kinds=_subset(safe.get("kinds"), KINDS, "kinds"),
                               forms=_subset(safe.get("forms"), FORMS, "forms"),
                               unit_kinds=_subset(safe.get("unit_kinds"), UNIT_KINDS, "unit_kinds")),
        medal=MedalRule(article=str(medal.get("article") or ""), form=medal["form"],
                        once_per_person=bool(medal.get("once_per_person")),
                        individuals_only=bool(medal.get("individuals_only")),
                        tenure=_tenure(medal.get("tenure") or [])),
    )


AWARDS = law_data.register(law_data.LawDataSet(key="commendations.awards", path=DATA_FILE, parse=parse))


def current_rules() -> Rules:
    return law_data.current_parsed(AWARDS.key)
