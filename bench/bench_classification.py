"""Benchmark of the classification statistics, the dashboard and the statistics workbook.

Builds one province with 100 communes and 5,000 units under them (KDC, agencies, enterprises, schools), each
classified (decided) in five years with the summary rows rebuilt, and half of them with a recognition case,
all in bulk; then times, as a logged-in province officer through Django's test client, the statistics page
(the years compared and the 100 communes below), the dashboard and the .xlsx workbook.

Run: `make bench` (SQLite in a temporary file) or `DATABASE_URL=postgres://… make bench`.
Prints the figures; nothing is asserted (the issue's target, statistics under a second on SQLite, is read here,
not in a timed test).
"""

import datetime
import os
import random
import statistics
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

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from antq.accounts.models import Role  # noqa: E402
from antq.accounts.services import role_grant, user_create  # noqa: E402
from antq.classification.models import Classification, ClassificationStatus, Source  # noqa: E402
from antq.classification.rules import LEVELS, regulation_code_for_year  # noqa: E402
from antq.classification.tallies import block_of, tally_rebuild  # noqa: E402
from antq.core.text import fold  # noqa: E402
from antq.recognition.models import CaseResult, CaseStatus, RecognitionCase  # noqa: E402
from antq.units.models import REFORM_DATE, LocalKind, Unit, UnitKind  # noqa: E402

COMMUNES = 100
UNITS = 5_000
YEAR = 2026
YEARS = range(YEAR - 4, YEAR + 1)
RUNS = 5
# Per commune: 50 units — 35 KDC, 5 agencies, 5 enterprises (medium or large), 5 schools.
MIX = [(UnitKind.RESIDENTIAL_AREA, {"local_kind": LocalKind.THON})] * 35 + \
    [(UnitKind.AGENCY, {"managing_level": "commune"})] * 3 + [(UnitKind.AGENCY, {"managing_level": "province"})] * 2 + \
    [(UnitKind.ENTERPRISE, {"enterprise_size": "medium", "managing_level": "commune"})] * 3 + \
    [(UnitKind.ENTERPRISE, {"enterprise_size": "large", "managing_level": "province"})] * 2 + \
    [(UnitKind.SCHOOL, {"school_level": "upper_secondary", "managing_level": "province"})] * 5


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<58} {time.perf_counter() - start:8.2f} s")
    return result


def build() -> tuple[Unit, Unit]:
    """The province, its communes and units, with explicit ids so that each path is known before the insert."""
    next_id = (Unit.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    units: list[Unit] = []

    def add(kind, name, parent, **fields):
        nonlocal next_id
        pk, next_id = next_id, next_id + 1
        path = f"{parent.path if parent else '/'}{pk}/"
        unit = Unit(pk=pk, kind=kind, name=name, name_folded=fold(name), parent=parent, path=path,
                    valid_from=fields.pop("valid_from", None), **fields)
        units.append(unit)
        return unit

    country = add(UnitKind.COUNTRY, "Việt Nam (thử nghiệm)", None)
    province = add(UnitKind.PROVINCE, "Tỉnh Thử Nghiệm", country, code="99", local_kind=LocalKind.TINH,
                   valid_from=REFORM_DATE)
    per_commune = UNITS // COMMUNES
    for c in range(COMMUNES):
        commune = add(UnitKind.COMMUNE, f"Xã Thử Nghiệm {c + 1}", province, code=f"99{c:03d}",
                      local_kind=LocalKind.XA, valid_from=REFORM_DATE)
        for u in range(per_commune):
            kind, fields = MIX[u % len(MIX)]
            add(kind, f"{UnitKind(kind).label} {c + 1}-{u + 1}", commune, **fields)
    Unit.objects.bulk_create(units, batch_size=2000)
    with connection.cursor() as cursor:  # ids were given: move PostgreSQL's sequence past them
        for sql in connection.ops.sequence_reset_sql(no_style(), [Unit]):
            cursor.execute(sql)
    return country, province


def classify(province: Unit) -> int:
    """Every unit decided in each year (levels drawn at random), then the summary rows rebuilt."""
    rng = random.Random(2026)  # noqa: S311 — reproducible figures, not security
    now = datetime.datetime(YEAR, 12, 1, tzinfo=datetime.UTC)
    targets = list(Unit.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
                   .values_list("pk", "kind", "managing_level"))
    rows = []
    for year in YEARS:
        for pk, kind, managing in targets:
            level = rng.choices(LEVELS, weights=(2, 6, 2, 1))[0]
            rows.append(Classification(unit_id=pk, year=year, regulation=regulation_code_for_year(year),
                                       status=ClassificationStatus.DECIDED, source=Source.IMPORTED,
                                       block=block_of(kind, managing or ""), level=level, imported_level=level,
                                       started_at=now, decided_at=now))
    Classification.objects.bulk_create(rows, batch_size=2000)
    for year in YEARS:
        tally_rebuild(year=year)
    cases = []
    for year in YEARS:
        for pk, _kind, _managing in targets[::2]:
            met = rng.random() < 0.8
            cases.append(RecognitionCase(unit_id=pk, year=year, legal_basis="tt124_2021", status=CaseStatus.DECIDED,
                                         result=CaseResult.MET if met else CaseResult.NOT_MET,
                                         registered_at=datetime.datetime(year, 3, 1, tzinfo=datetime.UTC),
                                         decision_date=datetime.date(year, 11, 10)))
    RecognitionCase.objects.bulk_create(cases, batch_size=2000)
    return len(rows)


def measure(client: Client, label: str, url: str) -> None:
    client.get(url)  # warm: templates compiled, rules files read
    times, size, queries = [], 0, 0
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size, queries = len(response.content), len(captured)
    print(f"{label:<58} median {statistics.median(times) * 1000:7.0f} ms  min {min(times) * 1000:6.0f} ms"
          f"  {queries:3d} queries  {size / 1024:7.0f} KiB")


def main() -> None:
    print(f"database: {connection.vendor}")
    setup_test_environment(debug=False)  # the test client's host, and no query log kept as under DEBUG
    call_command("migrate", verbosity=0)
    _country, province = timed(f"build 1 province, {COMMUNES} communes, {UNITS:,} units", build)
    count = timed(f"classify every unit in {len(YEARS)} years, rebuild the summary rows", lambda: classify(province))
    print(f"  {count:,} classifications, {Unit.objects.count():,} units")
    officer = user_create(actor=None, username="bench", password="bench-password-2026", check_password=False)
    role_grant(actor=None, user=officer, role=Role.PROVINCE_OFFICER, unit=province)
    commune = Unit.objects.filter(parent=province).order_by("pk").first()
    client = Client()
    client.force_login(officer)
    area = f"area={province.pk}&year={YEAR}"
    print(f"as a province officer, {RUNS} runs each (after one warm-up):")
    measure(client, "statistics page: province, 5 years, 100 communes below", f"/classification/statistics/?{area}")
    measure(client, "statistics page: the communes' block below",
            f"/classification/statistics/?{area}&block=commune")
    measure(client, "statistics page: one commune", f"/classification/statistics/?area={commune.pk}&year={YEAR}")
    measure(client, "dashboard: province", f"/reports/dashboard/?{area}")
    measure(client, "statistics workbook (.xlsx): province", f"/classification/statistics.xlsx?{area}")
    measure(client, "API: counts of the province", f"/api/v1/classification/counts/?{area}")


if __name__ == "__main__":
    main()
