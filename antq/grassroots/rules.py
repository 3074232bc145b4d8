"""The rules of the grassroots security teams as data: eligibility (Luật 30/2023/QH15 art. 13), member
origins (art. 14.1), the yearly rating of HD 01/HD-BCA-V05, and each province's quota and team-size rule.

Two legal data sets registered with `antq.core.law_data`: `grassroots.team_rules` (national) and
`grassroots.team_quota` (scoped: each province saves its own). `parse_*` validate a whole set and raise
`ValueError`; the functions below them are pure and take the parsed rules as an argument.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from antq.core import law_data
from antq.units.models import LocalKind

DATA_DIR = Path(__file__).resolve().parent / "data"

EDUCATION_LEVELS = ("none", "primary", "lower_secondary", "upper_secondary", "higher")
ORIGINS = ("neighbourhood_guard", "semi_professional_commune_police", "civil_defence_leader", "new")
RATING_LEVELS = ("excellent", "good", "completed", "not_completed")  # highest first
AREA_FLAGS = ("border", "island", "mountain", "ethnic_minority")
# Street-type KDC (tổ dân phố and the like); the others are village-type (thôn, bản, ấp …).
STREET_KINDS = (LocalKind.TO_DAN_PHO, LocalKind.KHU_PHO, LocalKind.KHOM)


@dataclass(frozen=True)
class Eligibility:
    article: str
    min_age: int
    max_age: int
    age_exception_article: str
    min_education: str
    relaxed_education: str
    relaxed_flags: tuple[str, ...]
    relaxed_article: str
    min_residence_years: int
    residence_article: str


@dataclass(frozen=True)
class RatingRules:
    article: str
    period_start: tuple[int, int]  # (month, day) in the year before
    period_end: tuple[int, int]  # (month, day) in the rated year
    levels: tuple[str, ...]  # highest first
    excellent_cap_percent: int
    excellent_cap_article: str
    min_months: int
    min_months_article: str
    leader_not_above_team: bool
    leader_article: str

    def period(self, year: int) -> tuple[datetime.date, datetime.date]:
        return (datetime.date(year - 1, *self.period_start), datetime.date(year, *self.period_end))

    def rank(self, level: str) -> int:
        """Higher is better."""
        return len(self.levels) - self.levels.index(level)


@dataclass(frozen=True)
class TeamRules:
    eligibility: Eligibility
    education_levels: tuple[str, ...]
    origins: tuple[str, ...]
    origins_article: str
    rating: RatingRules


@dataclass(frozen=True)
class SizeBand:
    area_kind: str  # village, street_block or any
    min_households: int
    members: int


@dataclass(frozen=True)
class Quota:
    article: str
    size_rule: tuple[SizeBand, ...]
    communes: dict[str, tuple[int | None, int | None]]  # commune code → (teams, members)


def _need(data: dict, key: str, source: str):
    if not isinstance(data, dict) or key not in data:
        raise ValueError(_("%(source)s: “%(key)s” is missing.") % {"source": source, "key": key})
    return data[key]


def _int(value, name: str, source: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(_("%(source)s: “%(name)s” must be a whole number of at least %(min)s.") % {
            "source": source, "name": name, "min": minimum})
    return value


def _codes(value, allowed: tuple[str, ...], name: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(v not in allowed for v in value):
        raise ValueError(_("%(source)s: “%(name)s” must list codes among: %(codes)s.") % {
            "source": source, "name": name, "codes": ", ".join(allowed)})
    return tuple(value)


def _month_day(value, name: str, source: str) -> tuple[int, int]:
    month = _int(_need(value, "month", source), name, source, 1)
    day = _int(_need(value, "day", source), name, source, 1)
    try:
        datetime.date(2001, month, day)
    except ValueError as exc:
        raise ValueError(_("%(source)s: “%(name)s” is not a valid day.") % {"source": source, "name": name}) from exc
    return month, day


def parse_rules(data: dict) -> TeamRules:
    source = _("Security team rules")
    e = _need(data, "eligibility", source)
    levels = _codes(_need(data, "education_levels", source), EDUCATION_LEVELS, "education_levels", source)
    if set(levels) != set(EDUCATION_LEVELS):
        raise ValueError(_("%(source)s: “education_levels” must list every level once.") % {"source": source})
    eligibility = Eligibility(
        article=str(_need(e, "article", source)),
        min_age=_int(_need(e, "min_age", source), "min_age", source, 1),
        max_age=_int(_need(e, "max_age", source), "max_age", source, 1),
        age_exception_article=str(_need(e, "age_exception_article", source)),
        min_education=_codes([_need(e, "min_education", source)], EDUCATION_LEVELS, "min_education", source)[0],
        relaxed_education=_codes([_need(e, "relaxed_education", source)], EDUCATION_LEVELS, "relaxed_education",
                                 source)[0],
        relaxed_flags=_codes(_need(e, "relaxed_flags", source), AREA_FLAGS, "relaxed_flags", source),
        relaxed_article=str(_need(e, "relaxed_article", source)),
        min_residence_years=_int(_need(e, "min_residence_years", source), "min_residence_years", source),
        residence_article=str(_need(e, "residence_article", source)),
    )
    if eligibility.min_age > eligibility.max_age:
        raise ValueError(_("%(source)s: the minimum age is above the maximum age.") % {"source": source})
    o = _need(data, "origins", source)
    r = _need(data, "rating", source)
    rating_levels = _codes(_need(r, "levels", source), RATING_LEVELS, "levels", source)
    if rating_levels != RATING_LEVELS:
        raise ValueError(_("%(source)s: “levels” must be the four levels of HD 01, highest first.") % {
            "source": source})
    cap = _int(_need(r, "excellent_cap_percent", source), "excellent_cap_percent", source)
    if cap > 100:
        raise ValueError(_("%(source)s: “excellent_cap_percent” must be at most 100.") % {"source": source})
    rating = RatingRules(
        article=str(_need(r, "article", source)),
        period_start=_month_day(_need(r, "period_start", source), "period_start", source),
        period_end=_month_day(_need(r, "period_end", source), "period_end", source),
        levels=rating_levels,
        excellent_cap_percent=cap,
        excellent_cap_article=str(_need(r, "excellent_cap_article", source)),
        min_months=_int(_need(r, "min_months", source), "min_months", source),
        min_months_article=str(_need(r, "min_months_article", source)),
        leader_not_above_team=bool(_need(r, "leader_not_above_team", source)),
        leader_article=str(_need(r, "leader_article", source)),
    )
    return TeamRules(eligibility=eligibility, education_levels=levels,
                     origins=_codes(_need(o, "codes", source), ORIGINS, "origins", source),
                     origins_article=str(_need(o, "article", source)), rating=rating)


def parse_quota(data: dict) -> Quota:
    source = _("Security team quota")
    bands = []
    for band in _need(data, "size_rule", source) or []:
        kind = _need(band, "area_kind", source)
        if kind not in ("village", "street_block", "any"):
            raise ValueError(_("%(source)s: “area_kind” must be village, street_block or any.") % {"source": source})
        bands.append(SizeBand(area_kind=kind,
                              min_households=_int(_need(band, "min_households", source), "min_households", source),
                              members=_int(_need(band, "members", source), "members", source, 1)))
    communes = {}
    raw = _need(data, "communes", source) or {}
    if not isinstance(raw, dict):
        raise ValueError(_("%(source)s: “communes” must map commune codes to quotas.") % {"source": source})
    for code, quota in raw.items():
        teams, members = (quota or {}).get("teams"), (quota or {}).get("members")
        communes[str(code)] = (None if teams is None else _int(teams, "teams", source),
                               None if members is None else _int(members, "members", source))
    return Quota(article=str(_need(data, "article", source)), size_rule=tuple(bands), communes=communes)


TEAM_RULES = law_data.register(law_data.LawDataSet(
    key="grassroots.team_rules", path=DATA_DIR / "security_team_rules.yaml", parse=parse_rules))
TEAM_QUOTA = law_data.register(law_data.LawDataSet(
    key="grassroots.team_quota", path=DATA_DIR / "team_quota.yaml", parse=parse_quota, scoped=True))


def team_rules() -> TeamRules:
    return law_data.current_parsed(TEAM_RULES.key)


def team_quota(province) -> Quota:
    return law_data.current_parsed(TEAM_QUOTA.key, scope=province)


# --- pure helpers -----------------------------------------------------------------------------------


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expected_members(quota: Quota, *, local_kind: str, households: int | None) -> int | None:
    """Members per team by the province's size rule; None when the households are not known."""
    if households is None:
        return None
    area = "street_block" if local_kind in STREET_KINDS else "village"
    for band in quota.size_rule:
        if band.area_kind in (area, "any") and households >= band.min_households:
            return band.members
    return None
