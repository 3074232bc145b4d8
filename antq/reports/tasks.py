"""Background generation of report files (run by `manage.py db_worker`, at once in tests)."""

import logging

from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from antq.reports.annual import annual_report_file
from antq.reports.models import ReportJob
from antq.reports.services import report_job_fail, report_job_finish, report_job_progress

logger = logging.getLogger(__name__)


@task
def report_generate(job_id: int, language: str) -> str:
    """Make the file of report job `job_id`; progress and failure are recorded on the job."""
    job = ReportJob.objects.select_related("area", "created_by").get(pk=job_id)
    with translation.override(language):
        try:
            content, file_name = annual_report_file(
                actor=job.created_by, area=job.area, year=job.year, format=job.format,
                progress=lambda percent, step: report_job_progress(job_id=job_id, progress=percent, step=step))
        except Exception as exc:
            logger.exception("report job %s failed", job_id)
            report_job_fail(job_id=job_id, error=_("The file could not be made: %(error)s") % {"error": exc})
            raise
    report_job_finish(job_id=job_id, content=content, file_name=file_name)
    return file_name
