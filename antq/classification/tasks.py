"""Background work of the classification import (run by `manage.py db_worker`, at once in tests)."""

from django.tasks import task
from django.utils import translation

from antq.classification.importer import import_job_fail, import_job_run, import_jobs_fail_orphaned


@task
def classification_import_task(job_id: int, language: str) -> int:
    """Run import job `job_id`, with messages in the uploader's `language`; return the results imported.

    First fails the jobs left running by a worker that died, so a restarted worker clears them.
    """
    with translation.override(language):
        import_jobs_fail_orphaned()
        try:
            job = import_job_run(job_id=job_id)
        except BaseException:  # also a worker stopped by a second SIGTERM (SystemExit) in the middle
            import_job_fail(job_id=job_id)
            raise
    return job.imported_count if job is not None else 0
