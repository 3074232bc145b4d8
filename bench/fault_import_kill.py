"""Fault run: the task worker killed (SIGKILL) in the middle of writing a 100,000-row import.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_imports   # a database of its own, as bench_import
    .venv/bin/python bench/fault_import_kill.py [--rows 100000]

1. A 100,000-row file is uploaded into a commune (`import_job_create`, which queues the task).
2. `manage.py db_worker` runs it; once the worker logs that it has written units inside the import's
   transaction, it is killed with SIGKILL (no clean-up code of any kind runs).
3. Checked: no unit of the file exists, the job is not marked done (it still says "running").
4. A worker is started again with a small second upload queued: the task first finds the job whose
   worker died (its lock is free, `antq.units.transfer.liveness`) and marks it failed, then imports
   the second file. Checked: the first job is failed with its message, the second succeeded.

Prints each step and "PASS" or "FAIL"; the quick version is tests/test_faults.py.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_import as bench  # noqa: E402 — sets up Django the same way
from django_tasks_db.models import DBTaskResult  # noqa: E402

from antq.core.models import ImportJob  # noqa: E402
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind  # noqa: E402
from antq.units.transfer.liveness import job_orphaned  # noqa: E402

WORKER = bench.WORKER.replace(
    "from django.core.management import execute_from_command_line",
    "import django, logging\ndjango.setup()\nlogging.getLogger('antq.units.transfer').setLevel(logging.DEBUG)\n"
    "from django.core.management import execute_from_command_line",
)


def kill_when_writing() -> tuple[float, str]:
    """Run the worker and SIGKILL it after its first batch of units is written: seconds, the last line."""
    start = time.perf_counter()
    worker = subprocess.Popen([sys.executable, "-c", WORKER], cwd=bench.ROOT, stderr=subprocess.PIPE,  # noqa: S603
                              stdout=subprocess.DEVNULL, text=True)
    last = ""
    for line in worker.stderr:
        last = line.rstrip()
        if "units written" in line:
            os.kill(worker.pid, signal.SIGKILL)
            break
    worker.kill()
    worker.wait()
    return time.perf_counter() - start, last


def main() -> None:
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 100_000
    bench.clear_imported()
    actor = bench.bench_actor()
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("path").first()
    units_before = Unit.objects.count()
    job = bench.upload(actor, commune, [bench.unit_values(i, "Bến Thành") for i in range(rows)], "lon.xlsx")
    print(f"1. uploaded {rows:,} rows into {commune.name}: job {job.pk}")

    seconds, last = kill_when_writing()
    print(f"2. worker killed with SIGKILL after {seconds:.1f} s, at: {last}")

    job.refresh_from_db()
    task = DBTaskResult.objects.get(args_kwargs__args__0=job.pk)
    left = Unit.objects.count() - units_before
    print(f"3. units of the file in the database: {left}; job status: {job.status} "
          f"(created_count {job.created_count}); the worker's task record: {task.status}")
    checks = [left == 0, job.status == ImportJob.Status.RUNNING]

    deadline = time.monotonic() + 30
    while not job_orphaned(job.pk) and time.monotonic() < deadline:
        time.sleep(0.2)
    second = bench.upload(actor, commune, [bench.unit_values(i, "Chợ Lớn") for i in range(3)], "nho.xlsx")
    bench.run_worker()
    job.refresh_from_db()
    second.refresh_from_db()
    print(f"4. next worker run: job {job.pk} {job.status} ({job.errors[0]['message'] if job.errors else ''}); "
          f"job {second.pk} {second.status}, {second.created_count} units")
    made = Unit.objects.filter(parent=commune, kind__in=GRASSROOTS_KINDS).count()
    checks += [job.status == ImportJob.Status.FAILED, second.status == ImportJob.Status.SUCCEEDED, made == 3]
    print("PASS" if all(checks) else f"FAIL {checks}")
    bench.clear_imported()


if __name__ == "__main__":
    main()
