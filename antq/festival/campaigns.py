"""The Festival Day campaigns as legal data: the window in which a unit holds its Festival Day each year.

Decision: the campaigns are an editable legal data set (`antq.core.law_data`, key `festival.campaigns`),
not a model. They change once a year, carry their source (the plan's number and date), and the national
administrator edits them with the same history-and-restore pages as the other legal data; the services
and selectors read the parsed set through `campaign_for(year)`, a pure function of the data.

The rule: from `window_since` (2022) the window runs from `window_start` to `window_end` of the year
(1/7–19/8), before it the window is the day itself (19/8, QĐ 521/QĐ-TTg); a campaign may give its own
`start` and `end`.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from antq.core import law_data

DATA_FILE = Path(__file__).resolve().parent / "data" / "campaigns.yaml"
TOP_KEYS = frozenset({"article", "day", "window_since", "window_start", "window_end", "campaigns"})
CAMPAIGN_KEYS = frozenset({"year", "theme", "plan_number", "plan_date", "plan_issuer", "pilot_sites", "start",
                           "end"})
FIRST_YEAR = 2005  # the first Festival Day, 19/8/2005


@dataclass(frozen=True)
class Campaign:
    year: int
    start: datetime.date
    end: datetime.date
    theme: str = ""
    plan_number: str = ""
    plan_date: datetime.date | None = None
    plan_issuer: str = ""
    pilot_sites: tuple[str, ...] = ()
    article: str = ""

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def deadline(self) -> datetime.date:
        return self.end


@dataclass(frozen=True)
class Campaigns:
    article: str
    day: tuple[int, int]
    window_since: int
    window_start: tuple[int, int]
    window_end: tuple[int, int]
    by_year: dict[int, Campaign]


def _month_day(value, name: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        datetime.date(2024, month, day)  # a leap year accepts 29/2
    except (TypeError, ValueError):
        raise ValueError(_("“%(name)s” must be a month and day written MM-DD.") % {"name": name}) from None
    return month, day


def _date(value, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(_("“%(name)s” must be a date written YYYY-MM-DD.") % {"name": name}) from None


def parse(data: dict) -> Campaigns:
    """Validate the whole set; raise `ValueError` with a message naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(_("The campaigns data must be a mapping."))
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ValueError(_("Unknown keys: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    since = data.get("window_since")
    if not isinstance(since, int):
        raise ValueError(_("“window_since” must be a year."))
    day = _month_day(data.get("day"), "day")
    start, end = _month_day(data.get("window_start"), "window_start"), _month_day(data.get("window_end"), "window_end")
    if start > end:
        raise ValueError(_("The window must start before it ends."))
    article = str(data.get("article") or "")
    by_year: dict[int, Campaign] = {}
    for raw in data.get("campaigns") or []:
        if not isinstance(raw, dict) or set(raw) - CAMPAIGN_KEYS:
            raise ValueError(_("A campaign has unknown keys: %(keys)s") % {
                "keys": ", ".join(sorted(set(raw) - CAMPAIGN_KEYS)) if isinstance(raw, dict) else "?"})
        year = raw.get("year")
        if not isinstance(year, int) or year < FIRST_YEAR:
            raise ValueError(_("A campaign's year must be %(first)s or later.") % {"first": FIRST_YEAR})
        if year in by_year:
            raise ValueError(_("Two campaigns for %(year)s.") % {"year": year})
        default = _default_window(year, since, day, start, end)
        c_start = _date(raw.get("start"), "start") or default[0]
        c_end = _date(raw.get("end"), "end") or default[1]
        if c_start > c_end or c_start.year != year or c_end.year != year:
            raise ValueError(_("The window of %(year)s must start before it ends, within the year.") % {"year": year})
        sites = raw.get("pilot_sites") or []
        if not isinstance(sites, list):
            raise ValueError(_("“pilot_sites” must be a list."))
        by_year[year] = Campaign(
            year=year, start=c_start, end=c_end, theme=str(raw.get("theme") or ""),
            plan_number=str(raw.get("plan_number") or ""), plan_date=_date(raw.get("plan_date"), "plan_date"),
            plan_issuer=str(raw.get("plan_issuer") or ""), pilot_sites=tuple(str(s) for s in sites), article=article)
    return Campaigns(article=article, day=day, window_since=since, window_start=start, window_end=end,
                     by_year=by_year)


def _default_window(year: int, since: int, day, start, end) -> tuple[datetime.date, datetime.date]:
    if year >= since:
        return datetime.date(year, *start), datetime.date(year, *end)
    the_day = datetime.date(year, *day)
    return the_day, the_day


CAMPAIGNS = law_data.register(law_data.LawDataSet(key="festival.campaigns", path=DATA_FILE, parse=parse))


def campaigns() -> Campaigns:
    return law_data.current_parsed(CAMPAIGNS.key)


def campaign_in(data: Campaigns, year: int) -> Campaign:
    """The campaign of `year` in `data`: the listed one, else the rule's window without theme or plan."""
    if year in data.by_year:
        return data.by_year[year]
    start, end = _default_window(year, data.window_since, data.day, data.window_start, data.window_end)
    return Campaign(year=year, start=start, end=end, article=data.article)


def campaign_for(year: int) -> Campaign:
    """The campaign in force for `year` (reads the current data set)."""
    return campaign_in(campaigns(), year)
