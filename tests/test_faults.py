"""Faults: the process of an import killed in the middle of writing leaves nothing behind.

The import runs in a child process on the test database (committed fixtures: `transaction=True`) and
is killed with SIGKILL once it has written its first batch of units, inside its transaction. Then: no
unit of the file exists, the job is not marked done, and the next import task finds the job without a
worker and marks it failed. The 100,000-row version of this run is `bench/fault_import_kill.py`.
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from antq.core.models import ImportJob
from antq.units.models import Unit
from antq.units.transfer.columns import HEADERS
from antq.units.transfer.liveness import job_orphaned
from antq.units.transfer.services import import_jobs_fail_orphaned

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
ROWS = 20_000  # about twenty batches of writing after the first: the kill lands well before the commit
CHILD = """
import logging, sys
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = sys.argv[2]
logging.getLogger("antq.units.transfer").setLevel(logging.DEBUG)
from antq.units.transfer.tasks import units_import_task
units_import_task.call(int(sys.argv[1]), "vi")
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _workbook(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(HEADERS))
    blank = [""] * (len(HEADERS) - 3)
    for i in range(rows):
        sheet.append(["KDC", f"Thôn {i + 1}", "Thôn", *blank])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _run_and_kill_when_writing(job: ImportJob, media: Path) -> list[str]:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(job.pk), str(media)], cwd=ROOT, env=env,  # noqa: S603
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        for line in child.stderr:
            seen.append(line.rstrip())
            if "units written" in line:
                child.kill()
                break
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stderr.close()
    return seen


def test_import_killed_while_writing_leaves_no_units_and_its_job_is_failed_later(
        tree, commune_officer, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path  # the child reads the stored file from here
    job = ImportJob.objects.create(created_by=commune_officer, unit=tree.commune_a, file_name="nhieu-thon.xlsx",
                                   file=ContentFile(_workbook(ROWS), name="nhieu-thon.xlsx"))
    units_before = Unit.objects.count()

    log = _run_and_kill_when_writing(job, tmp_path)

    assert any("units written" in line for line in log), log[-10:]
    assert Unit.objects.count() == units_before
    assert not Unit.objects.filter(parent=tree.commune_a, name__startswith="Thôn 1").exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # left behind by the dead worker
    assert job.created_count == 0

    # PostgreSQL ends the dead client's session (releasing its lock) as soon as it notices the socket closed.
    deadline = time.monotonic() + 20
    while not job_orphaned(job.pk) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert import_jobs_fail_orphaned(jobs=ImportJob.objects.filter(status=ImportJob.Status.RUNNING)) == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None and len(job.errors) == 1
    assert Unit.objects.count() == units_before


def test_a_job_whose_worker_is_alive_is_not_failed(tree, commune_officer):
    from antq.units.transfer.liveness import job_held

    job = ImportJob.objects.create(created_by=commune_officer, unit=tree.commune_a, file_name="x.xlsx",
                                   file=ContentFile(b"", name="x.xlsx"), status=ImportJob.Status.RUNNING)
    with job_held(job.pk) as held:
        assert held
        # Checked from another connection, as the next task in another worker would.
        import threading

        result = {}

        def check():
            try:
                result["failed"] = import_jobs_fail_orphaned(jobs=[job])
            finally:
                connection.close()

        thread = threading.Thread(target=check)
        thread.start()
        thread.join()
    assert result["failed"] == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert import_jobs_fail_orphaned(jobs=[job]) == [job.pk]


def test_a_classification_import_whose_worker_died_is_failed_by_the_next_task(tree, province_officer):
    """The classification results import keeps the same lock (in its own key space: job ids overlap)."""
    import threading

    from antq.classification.importer import import_jobs_fail_orphaned as classification_orphans
    from antq.classification.models import ClassificationImport
    from antq.units.transfer.liveness import CLASSIFICATION_SPACE, job_held

    job = ClassificationImport.objects.create(
        created_by=province_officer, area=tree.province_a, file_name="x.xlsx", file=ContentFile(b"", name="x.xlsx"),
        status=ClassificationImport.Status.RUNNING)
    result = {}

    def check():
        try:
            result["failed"] = classification_orphans()
        finally:
            connection.close()

    with job_held(job.pk, CLASSIFICATION_SPACE) as held, job_held(job.pk):  # a units job with the same id too
        assert held
        thread = threading.Thread(target=check)  # another connection, as the next task in another worker
        thread.start()
        thread.join()
    assert result["failed"] == []
    job.refresh_from_db()
    assert job.status == ClassificationImport.Status.RUNNING
    with job_held(job.pk):  # only the units job's lock held: this job has no worker
        thread = threading.Thread(target=check)
        thread.start()
        thread.join()
    assert result["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.status == ClassificationImport.Status.FAILED and job.finished_at is not None
