"""Reads of the portal: the staff's news (what the actor may write), and the public lists (no actor).

Staff reads start from `units_for(actor, DECIDE)`: a province officer sees the news of their province,
the national administrator every item; an item outside that answers 404 like a missing one. Public
reads show only what is published: published news, the units recognised ANTT-safe (the recognition
app's public list, publicity principle of TT 124/2021 art. 3) and the exemplars that agreed to be shown.
Each public read runs a small, fixed number of queries whatever the size of the result.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from antq.accounts.scope import Capability, units_for
from antq.core.text import fold
from antq.exemplars.selectors import exemplar_public_list
from antq.portal.models import NewsImage, NewsItem
from antq.portal.services import may_write_news
from antq.recognition.statistics import public_provinces, public_years, recognised_units
from antq.units.models import Unit, UnitKind

# --- staff ---------------------------------------------------------------------------------------------


def news_list(*, actor, status: str | None = None) -> QuerySet[NewsItem]:
    """The news items of the areas the actor decides for (their province; everything for the nation)."""
    qs = NewsItem.objects.filter(unit__in=units_for(actor, Capability.DECIDE))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit", "created_by", "published_by").order_by("status", "-published_at", "-id")


def get_news_for(actor, pk) -> NewsItem:
    """The item with id `pk` if the actor decides for its area; 404 otherwise, missing or not."""
    try:
        return news_list(actor=actor).get(pk=pk)
    except (NewsItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_news_image_for(actor, pk) -> NewsImage:
    try:
        return NewsImage.objects.select_related("item__unit").get(
            pk=pk, item__unit__in=units_for(actor, Capability.DECIDE))
    except (NewsImage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def news_areas(*, actor) -> list[Unit]:
    """The areas the actor may write news for: the country first (national administrator), then provinces."""
    candidates = (units_for(actor, Capability.DECIDE).filter(kind__in=(UnitKind.COUNTRY, UnitKind.PROVINCE),
                                                            valid_to__isnull=True)
                  .order_by("kind", "name_folded"))
    areas = [u for u in candidates if may_write_news(actor, u)]
    return sorted(areas, key=lambda u: (u.kind != UnitKind.COUNTRY, u.name_folded))


# --- public --------------------------------------------------------------------------------------------


def _published() -> QuerySet[NewsItem]:
    return (NewsItem.objects.published().select_related("unit")
            .prefetch_related(Prefetch("images", queryset=NewsImage.objects.order_by("uploaded_at", "id")))
            .order_by("-published_at", "-id"))


def public_news(*, province: Unit | None = None) -> QuerySet[NewsItem]:
    """Published news, newest first; with `province`, that province's and the national news. Two queries."""
    qs = _published()
    if province is not None:
        qs = qs.filter(Q(unit=province) | Q(unit__kind=UnitKind.COUNTRY))
    return qs


def get_public_news(pk) -> NewsItem:
    """A published item; 404 for a draft exactly as for a missing one."""
    try:
        return _published().get(pk=pk)
    except (NewsItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_public_image(pk) -> NewsImage:
    """An image of a published item; 404 otherwise."""
    try:
        return NewsImage.objects.select_related("item").get(pk=pk, item__status=NewsItem.Status.PUBLISHED)
    except (NewsImage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def portal_provinces() -> list[Unit]:
    """The provinces in force today, by name (the recognition public list's own choice)."""
    return public_provinces()


def portal_years() -> list[int]:
    """Years offered by the public lists: those with a recognised unit, and this year, newest first."""
    return sorted({*public_years(), timezone.localdate().year}, reverse=True)


def province_by_code(provinces: list[Unit], code: str) -> Unit | None:
    return next((p for p in provinces if code and p.code == code), None)


def province_communes(province: Unit) -> list[Unit]:
    """The current communes of `province`, by name."""
    return list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).valid_on(timezone.localdate())
                .order_by("name_folded"))


@dataclass(frozen=True)
class RecognisedEntry:
    """One recognised unit as the public sees it: the recognition app's entry and its commune's name."""

    commune: str
    name: str
    kind_label: str
    decision_number: str
    decision_date: datetime.date | None


def public_recognised(*, province: Unit, year: int, commune: Unit | None = None,
                      query: str = "") -> list[RecognisedEntry]:
    """The units recognised ANTT-safe for `year` in `province` (or in one of its `commune`s, with the legacy
    communes it was formed from), whose name or commune matches `query` without accents (“ba dinh” finds
    “Ba Đình”). Reuses `recognition.statistics.recognised_units`, which shows only what art. 3 makes public."""
    groups = recognised_units(province=commune or province, year=year)
    needle = fold(query or "")
    entries = []
    for group in groups:
        folded_commune = fold(group.name)
        for e in group.entries:
            if needle and needle not in fold(e.name) and needle not in folded_commune:
                continue
            entries.append(RecognisedEntry(commune=group.name, name=e.name, kind_label=e.kind_label,
                                           decision_number=e.decision_number, decision_date=e.decision_date))
    return entries


def public_exemplars(*, province: Unit | None = None, commune: Unit | None = None, year: int | None = None,
                     query: str = "") -> list:
    """The exemplars that agreed to be shown (`exemplars.selectors.exemplar_public_list`, public fields only)."""
    return exemplar_public_list(province=province, commune=commune, year=year, query=query)
