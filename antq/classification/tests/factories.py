"""Builders for classification tests: full score sheets and records in a given state."""

import datetime
from decimal import Decimal

import factory

from antq.classification.applied import rules_for_unit


def sheet_scores(unit, year: int, total: Decimal | int | str = 100, note: str = "Có biên bản, hồ sơ kèm theo"):
    """Points for every scored item of the unit's sheet adding up to `total` (full marks from the top)."""
    left = Decimal(str(total))
    scores = {}
    for item in rules_for_unit(unit, year).sheet.leaves():
        given = min(item.max_points, left)
        scores[item.id], left = {"points": given, "note": note}, left - given
    assert left == 0, "the total is above the sheet's 100 points"
    return scores


class ClassificationFactory(factory.django.DjangoModelFactory):
    """A record in any state (tallies and statistics); the workflow tests go through the services."""

    class Meta:
        model = "classification.Classification"

    year = 2026
    regulation = factory.LazyAttribute(lambda o: "qd510_2022" if o.year >= 2022 else "before_2022")
    started_at = factory.LazyFunction(lambda: datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))
