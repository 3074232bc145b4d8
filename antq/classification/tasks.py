"""Background work of the classification import (run by `manage.py db_worker`, at once in tests)."""

from django.tasks import task
from django.utils import translation

from antq.classification.importer import import_job_fail, import_job_run


@task
def classification_import_task(job_id: int, language: str) -> int:
    """Run import job `job_id`, with messages in the uploader's `language`; return the results imported."""
    with translation.override(language):
        try:
            job = import_job_run(job_id=job_id)
        except Exception:
            import_job_fail(job_id=job_id)
            raise
    return job.imported_count if job is not None else 0
