"""Named figures that numeric criteria compare, and the pure helpers that compute the roll-ups.

A criterion file names a figure (`figure: recognised_percent`); the recognition services put its
value in `Facts.figures`, either entered by a person or computed here from the results of the
unit's sub-units. A figure that cannot be computed is left out, so the criterion reports missing
data instead of a guess.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

PERCENT = "percent"
COUNT = "count"


@dataclass(frozen=True)
class Figure:
    label: str
    unit: str  # PERCENT or COUNT


FIGURES: dict[str, Figure] = {
    "households_registered_percent": Figure(_("share of resident households registered"), PERCENT),
    "effective_models": Figure(_("number of effective movement models"), COUNT),
    "registered_percent": Figure(_("share of the commune's units that registered"), PERCENT),
    "recognised_percent": Figure(_("share of the registered units recognised"), PERCENT),
    "kdc_recognised_percent": Figure(_("share of the commune's residential areas recognised"), PERCENT),
    "staff_briefed_percent": Figure(_("share of staff and workers briefed"), PERCENT),
    "people_briefed_percent": Figure(_("share of staff, teachers and learners briefed"), PERCENT),
    "sub_units_good_percent": Figure(_("share of subordinate sections rated advanced or better"), PERCENT),
    "staff_disciplined_warning_count": Figure(
        _("individuals in subordinate sections disciplined at warning level or above"), COUNT
    ),
}


@dataclass(frozen=True)
class SubUnitOutcome:
    """One KDC, agency, enterprise or school under a commune, as the roll-up sees it."""

    kind: str
    registered: bool
    recognised: bool | None  # None: no decision yet


def _percent(part: int, whole: int) -> Decimal:
    return Decimal(part * 100) / Decimal(whole)


def commune_rollup(sub_units: Iterable[SubUnitOutcome]) -> dict[str, Decimal]:
    """Figures of TT 124 art. 5.4 (and TT 23 art. 6.4) from the results of a commune's sub-units.

    - `registered_percent`: registered / all sub-units;
    - `recognised_percent`: recognised / registered, only once every registered unit is decided;
    - `kdc_recognised_percent`: recognised KDCs / all KDCs (TT 23/2012), once every registered KDC
      is decided; a KDC that did not register counts as not recognised.
    Percentages are exact (never rounded up: 69.9 % is below 70 %). A figure whose denominator is
    zero or whose inputs are undecided is omitted.
    """
    units = list(sub_units)
    figures: dict[str, Decimal] = {}
    registered = [u for u in units if u.registered]
    if units:
        figures["registered_percent"] = _percent(len(registered), len(units))
    if registered and all(u.recognised is not None for u in registered):
        figures["recognised_percent"] = _percent(sum(1 for u in registered if u.recognised), len(registered))
    kdcs = [u for u in units if u.kind == "residential_area"]
    if kdcs and all(u.recognised is not None for u in kdcs if u.registered):
        recognised = sum(1 for u in kdcs if u.registered and u.recognised)
        figures["kdc_recognised_percent"] = _percent(recognised, len(kdcs))
    return figures


def sub_unit_share(*, good: int, total: int) -> dict[str, Decimal]:
    """`sub_units_good_percent` of TT 124 art. 6.5 / 7.6 from entered counts (empty when total is 0)."""
    if good < 0 or total < 0 or good > total:
        raise ValueError(f"Invalid sub-unit counts: {good} of {total}")
    if total == 0:
        return {}
    return {"sub_units_good_percent": _percent(good, total)}
