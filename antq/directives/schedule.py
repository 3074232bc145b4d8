"""When reports fall due: the due dates of an obligation, pure date arithmetic (no database)."""

import calendar
import datetime

from antq.directives.models import RECURRENCE_MONTHS, Recurrence

# A recurring report with no end date is scheduled this far at most (a safety bound, not a rule).
MAX_OCCURRENCES = 400


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months`, kept on the month's last day when the month is shorter (31/8 + 6 → 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(*, first: datetime.date, recurrence: str, ends_on: datetime.date | None,
              until: datetime.date) -> list[datetime.date]:
    """Every due date from `first` to `until` (and `ends_on` when given), both included."""
    last = min(until, ends_on) if ends_on else until
    if recurrence == Recurrence.ONCE or recurrence not in RECURRENCE_MONTHS:
        return [first] if first <= last else []
    step = RECURRENCE_MONTHS[recurrence]
    dates = []
    for n in range(MAX_OCCURRENCES):
        day = add_months(first, n * step)
        if day > last:
            break
        dates.append(day)
    return dates


def due_dates_in_year(obligation, year: int) -> list[datetime.date]:
    return [d for d in due_dates(first=obligation.first_due_on, recurrence=obligation.recurrence,
                                 ends_on=obligation.ends_on, until=datetime.date(year, 12, 31)) if d.year == year]
