"""Benchmarks of the unit registry: loading the official units and a 10,000-row import.

Run: `make bench` (SQLite in a temporary file) or `DATABASE_URL=postgres://… make bench`.
Prints the figures; nothing is asserted (targets live in the issue notes, not in timed tests).
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="antq-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from antq.accounts.models import Role  # noqa: E402
from antq.accounts.services import role_grant, user_create  # noqa: E402
from antq.units.loaders import units_load_official  # noqa: E402
from antq.units.models import Unit, UnitKind  # noqa: E402
from antq.units.transfer.columns import HEADERS  # noqa: E402
from antq.units.transfer.reader import read_sheet  # noqa: E402
from antq.units.transfer.services import units_import  # noqa: E402


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:8.2f} s")
    return result


def workbook(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(HEADERS))
    kinds = [("KDC", "Thôn", "", "", ""), ("Cơ quan", "", "", "", "Xã"), ("DN", "", "Vừa", "", "Tỉnh"),
             ("CSGD", "", "", "THCS", "Xã")]
    for i in range(rows):
        kind, local, size, level, managing = kinds[i % 4]
        values = {"Loại đơn vị": kind, "Tên": f"{kind} Số {i}", "Loại địa bàn": local,
                  "Quy mô doanh nghiệp": size, "Cấp học": level, "Cấp quản lý": managing}
        sheet.append([values.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    first = timed("load_units, empty database", units_load_official)
    print(f"  {first.created} units created, {first.links_added} lineage links")
    second = timed("load_units, second run", units_load_official)
    print(f"  {second.changes} changes")
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, code="4", valid_to__isnull=True).get()
    officer = user_create(actor=None, username="bench", password="bench-password-2026", check_password=False)
    role_grant(actor=None, user=officer, role=Role.COMMUNE_OFFICER, unit=commune)
    data = timed("build a 10,000-row .xlsx (not part of the import)", lambda: workbook(10_000))
    rows = timed("read the .xlsx", lambda: read_sheet(data, "bench.xlsx"))
    result = timed("validate and import 10,000 rows", lambda: units_import(actor=officer, commune=commune, rows=rows))
    print(f"  {result.created} units created, {len(result.errors)} errors")


if __name__ == "__main__":
    main()
