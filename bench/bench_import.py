"""Importing 100,000 KDC and organisations from .xlsx against PostgreSQL COPY of the same rows.

    createdb -h 127.0.0.1 -U postgres antq_imports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_imports
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_units
    .venv/bin/python bench/bench_import.py [--rows 100000] [--only one,national]

Run it on a database of its own: every run first deletes the KDC, agencies, enterprises and schools
under today's communes (refused on a database named antq_national).

The import runs as in production: each file is uploaded with `import_job_create`, which queues the task,
and `manage.py db_worker --batch` is started as a subprocess that runs the queued tasks and exits. The
time of an import is its task's started_at → finished_at (read, check, insert, audit, job updates; not
the worker's start-up); the peak memory is the worker process's maximum resident set (`wait4`), next to
that of a worker that ran nothing. The baseline is one COPY of the same rows (every column, as the import
stores them) into units_unit, in a transaction rolled back afterwards. Two cases:

- one: one file of `--rows` rows into one commune. A commune holds about 60 units, so this is not
  a real file; it is the largest file the import accepts (`MAX_ROWS`) and the figure the issue's target
  (≤ 10× COPY, ≤ 500 MB) is about;
- national: the same number of rows as the country would send them, one file per current commune
  (3,321 files of about 30 rows), run one after another by one worker (`db_worker`): the sum of the
  tasks' times, and the wall time of the worker. `--communes 400` (the default) takes every 8th commune
  only, as building 3,321 workbooks takes long on a loaded machine; the figures per file and per row
  hold for the country.

Prints the figures; nothing is asserted.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["ANTQ_TASK_WORKER"] = "1"  # queue the tasks for db_worker, as in production
MEDIA = os.environ.setdefault("ANTQ_MEDIA_DIR", tempfile.mkdtemp(prefix="antq-bench-import-"))

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from antq.accounts.models import Role, User  # noqa: E402
from antq.accounts.services import role_grant, user_create  # noqa: E402
from antq.core.models import ImportJob  # noqa: E402
from antq.core.text import fold  # noqa: E402
from antq.units.models import (  # noqa: E402
    GRASSROOTS_KINDS,
    EnterpriseSize,
    LocalKind,
    ManagingLevel,
    SchoolLevel,
    Unit,
    UnitKind,
)
from antq.units.transfer.columns import COLUMNS, HEADERS  # noqa: E402
from antq.units.transfer.services import import_job_create  # noqa: E402
from antq.units.transfer.tasks import units_import_task  # noqa: E402

LOCALS = (LocalKind.THON, LocalKind.THON, LocalKind.AP, LocalKind.BAN, LocalKind.XOM, LocalKind.TO_DAN_PHO)
LOCAL_LABEL = {LocalKind.THON: "Thôn", LocalKind.AP: "Ấp", LocalKind.BAN: "Bản", LocalKind.XOM: "Xóm",
               LocalKind.TO_DAN_PHO: "Tổ dân phố"}
SIZES = (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.SMALL)
SCHOOLS = (SchoolLevel.LOWER_SECONDARY, SchoolLevel.PRIMARY, SchoolLevel.UPPER_SECONDARY, SchoolLevel.KINDERGARTEN)


def unit_values(i: int, place: str, number: int = 0) -> dict:
    """Row `i` of a commune as the import stores it: 40 % KDC, 60 % agencies, enterprises and schools
    (the national mix); enterprises carry a tax code (unique in the country: `number` is the commune's),
    every unit an address, some a founding date."""
    values = {"address": f"Số {i % 300 + 1}, đường {place}", "valid_from": None, "code": "", "local_kind": "",
              "enterprise_size": "", "school_level": "", "managing_level": "", "is_armed_forces": False}
    n = i // 5 + 1
    match i % 5:
        case 0 | 1:
            local = LOCALS[i % len(LOCALS)]
            values |= {"kind": UnitKind.RESIDENTIAL_AREA, "local_kind": local, "name": f"{LOCAL_LABEL[local]} {i + 1}"}
        case 2:
            values |= {"kind": UnitKind.AGENCY, "name": f"Cơ quan {n} {place}", "managing_level": ManagingLevel.COMMUNE,
                       "is_armed_forces": i % 50 == 2}
        case 3:
            values |= {"kind": UnitKind.ENTERPRISE, "name": f"Công ty TNHH {n} {place}",
                       "enterprise_size": SIZES[n % 4], "managing_level": ManagingLevel.PROVINCE,
                       "code": f"{number:05d}{n:05d}"}
        case 4:
            values |= {"kind": UnitKind.SCHOOL, "name": f"Trường {n} {place}", "school_level": SCHOOLS[n % 4],
                       "managing_level": ManagingLevel.COMMUNE}
    if i % 3 == 0:
        values["valid_from"] = timezone.datetime(2000 + i % 25, i % 12 + 1, i % 28 + 1).date()
    return values


def cells(values: dict) -> list:
    row = []
    for column in COLUMNS:
        value = values.get(column.field)
        if column.words is not None:
            value = column.word_for(value)
        elif isinstance(value, bool):
            value = "Có" if value else ""
        elif value is not None and column.field == "valid_from":
            value = f"{value:%d/%m/%Y}"
        row.append(value)
    return row


def workbook(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đơn vị")
    sheet.append(list(HEADERS))
    for values in rows:
        sheet.append(cells(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


COPY_CPU: dict[str, float] = {}


def copy_seconds(rows: list[tuple[Unit, dict]]) -> float:
    """Seconds to COPY the rows into units_unit (every column the import writes), rolled back after."""
    fields = [f for f in Unit._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    now = timezone.now()
    data = []
    for commune, values in rows:
        record = {f.attname: f.get_default() for f in fields} | values
        record |= {"parent_id": commune.pk, "path": f"{commune.path}copy/", "name_folded": fold(values["name"]),
                   "created_at": now, "updated_at": now}
        data.append([record[f.attname] for f in fields])
    with transaction.atomic():
        connection.ensure_connection()
        server, client, start = server_cpu(), time.process_time(), time.perf_counter()
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY units_unit ({columns}) FROM STDIN") as copy:
            for record in data:
                copy.write_row(record)
        elapsed = time.perf_counter() - start
        COPY_CPU.update(client=time.process_time() - client, server=server_cpu() - server)
        transaction.set_rollback(True)
    return elapsed


# `manage.py db_worker --batch` that prints its peak resident memory as it exits. (The rusage of a child
# would not do: on Linux its maximum counts the parent's memory that the fork copied before the exec.)
WORKER = """
import atexit, re, sys
from django.core.management import execute_from_command_line
def peak():
    status = open("/proc/self/status").read()
    print("VmHWM", re.search(r"VmHWM:\\s+(\\d+) kB", status)[1], file=sys.stderr, flush=True)
atexit.register(peak)
execute_from_command_line(["manage.py", "db_worker", "--batch", "--no-startup-delay"])
"""


# The import task run once in a process of its own, as db_worker runs it, reporting its wall time, its
# CPU time and that of its PostgreSQL backend (same machine: /proc), its memory before and at its peak.
TASK = """
import os, re, resource, sys, time
import django
django.setup()
from django.db import connection
from antq.units.transfer.tasks import units_import_task
def server_cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
def memory(key):
    return int(re.search(key + r":\\s+(\\d+) kB", open("/proc/self/status").read())[1]) // 1024
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
before, server = memory("VmRSS"), server_cpu(backend)
usage, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
units_import_task.call(int(sys.argv[1]), "vi")
wall, done = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
client = done.ru_utime + done.ru_stime - usage.ru_utime - usage.ru_stime
print("RESULT", wall, client, server_cpu(backend) - server, before, memory("VmHWM"), file=sys.stderr, flush=True)
"""


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (the server runs on this machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_task(job: ImportJob) -> tuple[dict, list[tuple[float, str]]]:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", TASK, str(job.pk)], cwd=ROOT, stderr=subprocess.PIPE,  # noqa: S603
                             stdout=subprocess.DEVNULL, text=True)
    lines = [(time.perf_counter() - start, line.rstrip()) for line in child.stderr]
    if child.wait():
        print("\n".join(line for _t, line in lines[-20:]))
        raise SystemExit(f"the task exited with {child.returncode}")
    result = next(line.split()[1:] for _t, line in lines if line.startswith("RESULT"))
    keys = ("wall", "client_cpu", "server_cpu", "rss_before", "rss_peak")
    return dict(zip(keys, map(float, result), strict=True)), lines


def run_worker() -> tuple[float, int, float, list[tuple[float, str]]]:
    """Run the queued tasks in `db_worker --batch`: wall seconds, peak RSS in MiB, CPU seconds of the worker,
    timed log lines."""
    start = time.perf_counter()
    worker = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, stderr=subprocess.PIPE,  # noqa: S603
                              stdout=subprocess.DEVNULL, text=True)
    lines = [(time.perf_counter() - start, line.rstrip()) for line in worker.stderr]
    _pid, status, usage = os.wait4(worker.pid, 0)
    if os.waitstatus_to_exitcode(status):
        print("\n".join(line for _t, line in lines[-20:]))
        raise SystemExit(f"db_worker exited with {os.waitstatus_to_exitcode(status)}")
    peak_kb = next(int(line.split()[1]) for _t, line in lines if line.startswith("VmHWM"))
    return time.perf_counter() - start, peak_kb // 1024, usage.ru_utime + usage.ru_stime, lines


def clear_imported() -> None:
    if connection.settings_dict["NAME"] == "antq_national":
        raise SystemExit("Run this on a database of its own, not on antq_national.")
    with transaction.atomic(), connection.cursor() as cursor:
        ImportJob.objects.all().delete()
        DBTaskResult.objects.all().delete()
        # One statement: the ORM's delete would first collect 100,000 units and their relations.
        cursor.execute("DELETE FROM units_unit WHERE kind = ANY(%s)", [list(GRASSROOTS_KINDS)])
    with connection.cursor() as cursor:
        # As autovacuum leaves a table in use; stale statistics after deleting 100,000 rows made the
        # code-uniqueness queries scan every code of a kind.
        cursor.execute("VACUUM ANALYZE units_unit")


def bench_actor() -> User:
    """The national administrator the files are uploaded by (made on the first run)."""
    actor = User.objects.filter(username="bench-import").first()
    if actor is None:
        actor = user_create(actor=None, username="bench-import", password="bench-password-2026", check_password=False)
        role_grant(actor=None, user=actor, role=Role.NATIONAL_ADMIN, unit=Unit.objects.get(kind=UnitKind.COUNTRY))
    return actor


def upload(actor, commune: Unit, rows: list[dict], name: str) -> ImportJob:
    file = SimpleUploadedFile(name, workbook(rows))
    with transaction.atomic():
        return import_job_create(actor=actor, unit=commune, upload=file)


def task_seconds(jobs: list[ImportJob]) -> list[float]:
    ids = {str(job.pk) for job in jobs}
    results = DBTaskResult.objects.filter(status="SUCCESSFUL").values_list("args_kwargs", "started_at", "finished_at")
    return [(end - begin).total_seconds() for args, begin, end in results if str(args["args"][0]) in ids]


def check_jobs(jobs: list[ImportJob], rows: int) -> None:
    done = ImportJob.objects.filter(pk__in=[j.pk for j in jobs])
    failed = done.exclude(status=ImportJob.Status.SUCCEEDED)
    if failed.exists():
        raise SystemExit(f"{failed.count()} jobs did not succeed: {failed.first().errors[:3]}")
    created = sum(done.values_list("created_count", flat=True))
    if created != rows:
        raise SystemExit(f"{created} units created, expected {rows}")


def case_one(actor, rows: int, _idle_mb: int) -> None:
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("path").first()
    values = [unit_values(i, "Bến Thành") for i in range(rows)]
    started = time.perf_counter()
    job = upload(actor, commune, values, "mot-xa.xlsx")
    size = job.file.size
    print(f"one file: {rows:,} rows into {commune.name} ({size / 2**20:.1f} MiB .xlsx, "
          f"built and uploaded in {time.perf_counter() - started:.1f} s, not counted)")
    copy = copy_seconds([(commune, v) for v in values])
    copy_cpu = COPY_CPU["client"] + COPY_CPU["server"]
    task, lines = run_task(job)
    check_jobs([job], rows)
    for at, line in lines:
        if "import job" in line or "writing" in line:
            print(f"  {at:7.2f} s  {line}")
    seconds, cpu = task["wall"], task["client_cpu"] + task["server_cpu"]
    print(f"  import task (read + check + insert)   {seconds:8.2f} s   ({rows / seconds:,.0f} rows/s)")
    print(f"  COPY of the same rows                 {copy:8.2f} s")
    print(f"  ratio import / COPY, elapsed          {seconds / copy:8.1f} ×   (target ≤ 10×)")
    print(f"  CPU: import {task['client_cpu']:.1f} s + server {task['server_cpu']:.1f} s; "
          f"COPY {COPY_CPU['client']:.1f} s + server {COPY_CPU['server']:.1f} s; ratio {cpu / copy_cpu:.1f} ×")
    print(f"  task process peak RSS                 {task['rss_peak']:8.0f} MiB (target ≤ 500; "
          f"{task['rss_before']:.0f} MiB before the task)")
    print(f"  load average during the run           {os.getloadavg()[0]:8.1f}   (2 cores)")


def case_national(actor, rows: int, idle_mb: int, sample: int) -> None:
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("path"))
    per, extra = divmod(rows, len(communes))
    country = len(communes)
    if sample < country:  # every n-th commune: the country's mix of provinces, in fewer files
        communes = communes[::country // sample][:sample]
        rows = sum(per + (index < extra) for index in range(len(communes)))
    started = time.perf_counter()
    jobs, pairs = [], []
    for index, commune in enumerate(communes):
        place = commune.name.split(" ", 1)[-1]
        values = [unit_values(i, place, index) for i in range(per + (index < extra))]
        pairs += [(commune, v) for v in values]
        stored = default_storage.save(f"imports/bench/xa-{commune.pk}.xlsx", ContentFile(workbook(values)))
        jobs.append(ImportJob(created_by=actor, unit=commune, file_name=f"xa-{commune.pk}.xlsx", file=stored))
    # What 3,321 uploads through `import_job_create` leave behind, written at once.
    with transaction.atomic():
        ImportJob.objects.bulk_create(jobs)
        for job in jobs:
            units_import_task.enqueue(job.pk, "vi")
    print(f"national: {rows:,} rows as {len(jobs):,} files, one per commune ({per}–{per + 1} rows each; "
          f"built and uploaded in {time.perf_counter() - started:.0f} s, not counted)")
    if len(jobs) < country:
        print(f"  a sample of {len(jobs):,} of the {country:,} communes; times for the country are "
              f"{country / len(jobs):.1f} × these")
    copy = copy_seconds(pairs)
    wall, peak_mb, cpu, _lines = run_worker()
    check_jobs(jobs, rows)
    times = sorted(task_seconds(jobs))
    total = sum(times)
    print(f"  import tasks, summed                  {total:8.2f} s   ({rows / total:,.0f} rows/s, "
          f"median {times[len(times) // 2] * 1000:.0f} ms, p95 {times[int(len(times) * .95)] * 1000:.0f} ms a file)")
    print(f"  worker wall time (queue + start-up)   {wall:8.2f} s   (CPU {cpu:.1f} s)")
    print(f"  COPY of the same rows                 {copy:8.2f} s")
    print(f"  ratio import / COPY                   {total / copy:8.1f} ×")
    print(f"  worker peak RSS                       {peak_mb:8d} MiB (idle worker {idle_mb} MiB)")
    print(f"  CPU: worker {cpu:.1f} s (its server side not counted); COPY {COPY_CPU['client']:.1f} s "
          f"+ server {COPY_CPU['server']:.1f} s")
    print(f"  load average during the run           {os.getloadavg()[0]:8.1f}   (2 cores)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", default="one,national")
    parser.add_argument("--communes", type=int, default=400,
                        help="national case: how many communes' files (all 3,321 take long to build)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (the baseline is COPY): set DATABASE_URL.")
    print(f"database: {connection.settings_dict['NAME']}; media: {MEDIA}")
    clear_imported()
    actor = bench_actor()
    _wall, idle_mb, _cpu, _lines = run_worker()
    for case in args.only.split(","):
        if case == "one":
            case_one(actor, args.rows, idle_mb)
        else:
            case_national(actor, args.rows, idle_mb, args.communes)
        clear_imported()
    print(f"(parent process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB)")


if __name__ == "__main__":
    main()
