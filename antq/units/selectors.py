"""Reads of the unit tree, always starting from what the acting user may see."""

import datetime
from collections import Counter

from django.db.models import Count, QuerySet
from django.utils import timezone

from antq.accounts.scope import visible_units
from antq.core.text import fold
from antq.units.models import Unit, UnitKind


def today() -> datetime.date:
    return timezone.localdate()


def current_year() -> int:
    """The evaluation year shown by default: the calendar year of today's local date."""
    return today().year


def unit_list(
    *,
    actor,
    kind: str | None = None,
    parent_id: int | None = None,
    on: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Unit]:
    """Units the actor may see, filtered by kind, parent, validity date and accent-free text."""
    qs = visible_units(actor).valid_on(on or today())
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.select_related("parent")


def unit_children_counts(*, actor, unit: Unit, on: datetime.date | None = None) -> dict[str, int]:
    """How many children of each kind `unit` has (within scope) on a date."""
    rows = (
        visible_units(actor)
        .valid_on(on or today())
        .filter(parent=unit)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {row["kind"]: row["n"] for row in rows}


def unit_counts_by_kind(*, actor, on: datetime.date | None = None) -> dict[str, int]:
    """Units in scope by kind on a date: the home page's figures."""
    rows = visible_units(actor).valid_on(on or today()).values("kind").annotate(n=Count("id"))
    counts = Counter({row["kind"]: row["n"] for row in rows})
    return {kind: counts.get(kind, 0) for kind in UnitKind.values if kind != UnitKind.COUNTRY}


def unit_child_counts(*, actor, parents: list[Unit], on: datetime.date | None = None) -> dict[int, Counter]:
    """For each of `parents`, its in-scope children by kind, in one grouped query."""
    result: dict[int, Counter] = {unit.pk: Counter() for unit in parents}
    if not parents:
        return result
    rows = (
        visible_units(actor)
        .valid_on(on or today())
        .filter(parent__in=[u.pk for u in parents])
        .values("parent_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        result[row["parent_id"]][row["kind"]] = row["n"]
    return result


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """The chain from the root down to `unit`'s parent, for breadcrumbs (names only)."""
    ids = unit.ancestor_ids()
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def visible_unit_ids(*, actor, ids: list[int]) -> set[int]:
    """Which of `ids` the actor may open (to link only what will not answer 404)."""
    return set(visible_units(actor).filter(pk__in=ids).values_list("pk", flat=True))


def area_choices(*, actor, current: Unit | None = None) -> list[Unit]:
    """Areas for an area picker: where the actor's roles are held and the administrative units right
    below them (provinces for the Ministry, communes for a province), plus `current` when elsewhere."""
    from antq.accounts.scope import scope_roots
    from antq.units.models import ADMINISTRATIVE_KINDS

    roots = list(scope_roots(actor))
    # Only what a picker shows (a province officer's page lists a hundred communes on every request).
    children = list(visible_units(actor).filter(parent__in=[r.pk for r in roots], kind__in=ADMINISTRATIVE_KINDS)
                    .valid_on(today()).order_by("name_folded")
                    .only("id", "kind", "name", "name_folded", "parent_id", "path", "valid_from", "valid_to"))
    areas = [*roots, *children]
    if current is not None and current.pk not in {a.pk for a in areas}:
        areas.insert(0, current)
    return areas
