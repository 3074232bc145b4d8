"""Reads for import and export, always within what the acting user may see or change."""

import datetime

from django.http import Http404

from antq.accounts.scope import Capability, units_for
from antq.core.models import ImportJob
from antq.units import selectors
from antq.units.models import GRASSROOTS_KINDS, Unit


def import_job_get_for(actor, pk) -> ImportJob:
    """The job with id `pk` if the actor may enter data on its unit; 404 otherwise, missing or not."""
    try:
        return ImportJob.objects.select_related("unit").get(
            pk=pk, unit__in=units_for(actor, Capability.ENTER_DATA)
        )
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def import_jobs_recent(*, actor, unit: Unit, limit: int = 10) -> list[ImportJob]:
    """The latest imports into `unit` (the caller has checked data entry on it)."""
    return list(
        ImportJob.objects.filter(unit=unit, unit__in=units_for(actor, Capability.ENTER_DATA))
        .select_related("created_by")[:limit]
    )


def units_for_export(*, actor, commune: Unit, on: datetime.date | None = None) -> list[Unit]:
    """The KDC and CQ/DN/CSGD of `commune` the actor may see, valid on `on` (today if None), by kind then name."""
    rank = {kind: i for i, kind in enumerate(GRASSROOTS_KINDS)}
    units = selectors.unit_list(actor=actor, parent_id=commune.pk, on=on).filter(kind__in=GRASSROOTS_KINDS)
    return sorted(units, key=lambda u: (rank[u.kind], u.name_folded, u.pk))
