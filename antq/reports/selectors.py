"""Reads of the reports module, from what the acting user may see."""

from django.db.models import QuerySet

from antq.accounts.scope import visible_units
from antq.reports.models import ReportJob


def report_jobs(*, actor, area, year: int) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(area=area, year=year, area__in=visible_units(actor)).select_related("created_by")


def get_report_job_for(actor, pk) -> ReportJob:
    from django.http import Http404

    try:
        return ReportJob.objects.select_related("area").get(pk=int(pk), area__in=visible_units(actor))
    except (ReportJob.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
