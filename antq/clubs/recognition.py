"""What the models registry tells recognition: criteria XA-1b (TT 124/2021 art. 5.1), CQDN-1d (art. 6.1)
and CSGD-1d (art. 7.1), "at least one effective movement model", from the yearly evaluations of the models
at the unit (a commune: also at its KDC).

The registry only ever says "met": when it holds a model evaluated effective for the unit and year, the
figure `effective_models` is their number and the answer's note names them. When it holds none, the
unit's own figure and answer stand, as before the registry existed — a commune that registered nothing
(or whose model was rated not effective while another, unregistered one works) is not failed by the
registry's silence.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from antq.clubs.models import MovementModel
from antq.clubs.selectors import effective_models_of
from antq.recognition.facts import Answer
from antq.units.models import Unit, UnitKind

CRITERION_BY_KIND = {
    UnitKind.COMMUNE: "XA-1b",
    UnitKind.AGENCY: "CQDN-1d",
    UnitKind.ENTERPRISE: "CQDN-1d",
    UnitKind.SCHOOL: "CSGD-1d",
}
FIGURE = "effective_models"


def effective_model_answers(*, unit: Unit, year: int) -> dict[str, Answer]:
    """{criterion id: Answer(met, note naming the models)} when the registry has an effective model."""
    criterion = CRITERION_BY_KIND.get(unit.kind)
    if criterion is None:
        return {}
    return models_answers(unit_kind=unit.kind, models=effective_models_of(unit=unit, year=year), year=year)


def effective_model_figures(*, unit: Unit, year: int) -> dict[str, Decimal]:
    """{"effective_models": n} when the registry has n ≥ 1 effective models for the unit and year."""
    if unit.kind not in CRITERION_BY_KIND:
        return {}
    return models_figures(unit_kind=unit.kind, models=effective_models_of(unit=unit, year=year))


def models_answers(*, unit_kind: str, models: Sequence[MovementModel], year: int) -> dict[str, Answer]:
    """`effective_model_answers` from the unit's effective models of the year (`site` loaded), in the order
    of `effective_models_of`."""
    criterion = CRITERION_BY_KIND.get(unit_kind)
    if criterion is None or not models:
        return {}  # nothing registered as effective: the officer's own answer stands
    names = ", ".join(f"“{m.name}” ({m.site.name})" for m in models)
    note = _("the models registry holds %(count)s model(s) evaluated effective for %(year)s: %(names)s.") % {
        "count": len(models), "year": year, "names": names}
    return {criterion: Answer(met=True, note=note)}


def models_figures(*, unit_kind: str, models: Sequence[MovementModel]) -> dict[str, Decimal]:
    """`effective_model_figures` from the unit's effective models of the year."""
    if unit_kind not in CRITERION_BY_KIND or not models:
        return {}
    return {FIGURE: Decimal(len(models))}
