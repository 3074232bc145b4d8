"""Benchmarks on the national data set (`bench/generate.py`), each reported as a figure and, where the issue
sets one, as a ratio to a baseline measured in the same run. Nothing is asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_national .venv/bin/python bench/bench_national.py \
        [--year 2025] [--only stats,workbook,report,reevaluate]

- stats: the national statistics of one year, counts by province × block × level, through the API
  (`/api/v1/classification/counts/areas/` for the country) against a hand-written SQL GROUP BY over the
  same rows (target: ≤ 1.0×, the summary rows make the API cheaper than the raw query);
- workbook: the national classification statistics as .xlsx (target ≤ 5 s);
- report: a province's year report as .docx (target ≤ 3 s);
- reevaluate: every recognition case of a province's year evaluated again (target ≥ 3,000 units/s).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from antq.accounts.models import Role, User  # noqa: E402
from antq.accounts.services import role_grant, user_create  # noqa: E402
from antq.classification.statistics import classification_statistics  # noqa: E402
from antq.classification.workbook import statistics_workbook  # noqa: E402
from antq.recognition.models import RecognitionCase  # noqa: E402
from antq.recognition.reevaluation import reevaluate  # noqa: E402
from antq.reports.annual import annual_report_docx  # noqa: E402
from antq.units.models import Unit, UnitKind  # noqa: E402

RUNS = 5
SQL_BY_PROVINCE = """
    SELECT split_part(u.path, '/', 3) AS province, c.block, c.level, count(*)
    FROM classification_classification c JOIN units_unit u ON u.id = c.unit_id
    WHERE c.year = %s AND c.status = 'decided'
    GROUP BY 1, 2, 3
"""


def timed(func, runs: int = RUNS) -> tuple[float, object]:
    """Median seconds of `runs` calls after one warm-up, and the last result."""
    result = func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def national_admin() -> User:
    user = User.objects.filter(username="bench-v05").first()
    if user is None:
        country = Unit.objects.get(kind=UnitKind.COUNTRY)
        user = user_create(actor=None, username="bench-v05", password="bench-only-password", full_name="V05")
        role_grant(actor=None, user=user, role=Role.NATIONAL_ADMIN, unit=country)
    return user


def bench_stats(year: int, admin: User) -> None:
    country = Unit.objects.get(kind=UnitKind.COUNTRY)
    client = Client()
    client.force_login(admin)
    url = f"/api/v1/classification/counts/areas/?area={country.pk}&year={year}"

    def api():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def sql():
        with connection.cursor() as cursor:
            cursor.execute(SQL_BY_PROVINCE, [year])
            return cursor.fetchall()

    api_s, _ = timed(api)
    sql_s, rows = timed(sql)
    decided = sum(r[3] for r in rows)
    print(f"| national statistics {year} by province × block × level (API, {decided:,} decided) | "
          f"{api_s * 1000:.0f} ms | SQL GROUP BY {sql_s * 1000:.0f} ms | {api_s / sql_s:.2f}× |")


def bench_workbook(year: int, admin: User) -> None:
    country = Unit.objects.get(kind=UnitKind.COUNTRY)

    def make():
        stats = classification_statistics(actor=admin, year=year, area=country)
        return statistics_workbook(stats)

    seconds, content = timed(make, runs=3)
    print(f"| national classification statistics .xlsx ({len(content) // 1024} KB) | {seconds:.2f} s | "
          f"target 5 s | {seconds / 5:.2f}× |")


def bench_report(year: int, admin: User) -> None:
    province = (Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)
                .order_by("code").first())

    def make():
        return annual_report_docx(actor=admin, area=province, year=year)

    seconds, content = timed(make, runs=3)
    size = len(content) if isinstance(content, bytes | bytearray) else 0
    print(f"| year report .docx of {province.name} ({size // 1024} KB) | {seconds:.2f} s | target 3 s | "
          f"{seconds / 3:.2f}× |")


def bench_reevaluate(year: int) -> None:
    province = (Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)
                .order_by("code").first())
    cases = RecognitionCase.objects.filter(unit__path__startswith=province.path, year=year).count()
    start = time.perf_counter()
    report = reevaluate(area=province, year=year)
    seconds = time.perf_counter() - start
    rate = report.cases / seconds if seconds else 0
    print(f"| re-evaluate {province.name} {year} ({cases:,} cases) | {seconds:.1f} s | {rate:,.0f} units/s | "
          f"target 3,000/s: {rate / 3000:.2f}× |")


BENCHES = {"stats": bench_stats, "workbook": bench_workbook, "report": bench_report, "reevaluate": bench_reevaluate}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--only", default=",".join(BENCHES))
    args = parser.parse_args()
    setup_test_environment()
    admin = national_admin()
    print(f"Database: {connection.vendor}, {Unit.objects.count():,} units, "
          f"{RecognitionCase.objects.count():,} recognition cases")
    print("| what | measured | baseline | ratio |\n|---|---|---|---|")
    for name in args.only.split(","):
        bench = BENCHES[name]
        bench(args.year) if name == "reevaluate" else bench(args.year, admin)


if __name__ == "__main__":
    main()
