"""Generation counters: cheap "has this table changed?" for caches of figures computed from it.

`generation_bump(key)` runs inside the transaction of the write (so a rolled-back write leaves the counter
where it was); `generation_of(key)` is one primary-key read. A cache key that includes the generation
cannot serve a figure computed before the last committed write.

Used for the units: `antq.units.models.UnitQuerySet` bumps "units" on every write path (save, delete,
update, bulk_create, bulk_update), and the classification statistics cache the number of units per block
and area under it (the summary rows of `ClassificationTally` hold the levels).
"""

from django.db.models import F

from antq.core.models import Generation

UNITS = "units"


def generation_bump(key: str) -> None:
    if not Generation.objects.filter(key=key).update(value=F("value") + 1):
        Generation.objects.get_or_create(key=key)
        Generation.objects.filter(key=key).update(value=F("value") + 1)


def generation_of(key: str) -> int:
    return Generation.objects.filter(key=key).values_list("value", flat=True).first() or 0
