"""`{% derived_criteria unit user %}`: a commune's derived national criteria by year, for the unit page."""

from django import template

from antq.recognition.derived.rules import current_rules
from antq.recognition.derived.selectors import commune_results, commune_years
from antq.recognition.selectors import current_year
from antq.units.models import UnitKind

register = template.Library()

YEARS_SHOWN = 3


@register.inclusion_tag("recognition/derived/_unit_section.html")
def derived_criteria(unit, user) -> dict:
    """For a commune the unit page already shows to `user`: the indicators that apply to its kind, with their
    result in the newest years (those with a case or an answer, and this year)."""
    if unit.kind != UnitKind.COMMUNE:
        return {"show": False}
    rules = current_rules()
    indicators = rules.for_local_kind(unit.local_kind)
    rows = []
    if indicators:
        for year in commune_years(commune=unit, current=current_year())[:YEARS_SHOWN]:
            results = {r.indicator.code: r for r in commune_results(commune=unit, year=year, rules=rules)}
            rows.append({"year": year, "results": [results[i.code] for i in indicators]})
    return {"show": True, "unit": unit, "indicators": indicators, "rows": rows}
