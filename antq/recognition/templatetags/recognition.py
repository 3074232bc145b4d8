"""`{% unit_cases unit user %}`: a unit's recognition cases by year, for the unit page."""

from django import template

from antq.recognition.selectors import current_year, registration_status, unit_case_list
from antq.units.models import ADMINISTRATIVE_KINDS, UnitKind

register = template.Library()


@register.inclusion_tag("recognition/_unit_cases.html")
def unit_cases(unit, user) -> dict:
    """The cases of `unit` that `user` may see, and whether `user` may register it for the current year."""
    year = current_year()
    return {
        "unit": unit,
        "year": year,
        "cases": unit_case_list(actor=user, unit=unit),
        "is_area": unit.kind in ADMINISTRATIVE_KINDS,
        "is_province": unit.kind == UnitKind.PROVINCE,  # links to its extra criteria (art. 8.1)
        **registration_status(actor=user, unit=unit, year=year),
    }
