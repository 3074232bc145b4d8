"""Re-evaluating every recognition case of a year (issue 8 §2, target ≥ 3,000 units/s): the bulk path that
`manage.py recognition_evaluate` uses against the case-by-case path of the case page, in the same run, and
a check that both give the same evaluation (outcome, every criterion's status and explanation) for a
sample of cases, the country's too. Reads only; nothing is asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_national .venv/bin/python bench/bench_reevaluation.py \
        [--year 2025] [--province 38 | --country] [--sample 300]

Without --province the province with the most cases of the year is taken. Wall time and the process's
CPU time (all its threads) are both printed: on a shared machine the wall time mostly measures the
others' load.
"""

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from antq.recognition.bulk_facts import AreaFacts, area_case_rows, area_parts  # noqa: E402
from antq.recognition.evaluation import case_evaluate  # noqa: E402
from antq.recognition.models import RecognitionCase  # noqa: E402
from antq.recognition.reevaluation import live_stage, reevaluate  # noqa: E402
from antq.units.models import Unit, UnitKind  # noqa: E402


def biggest_province(year: int) -> Unit:
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)
    return max(provinces, key=lambda p: RecognitionCase.objects.filter(
        year=year, unit__path__startswith=p.path).count())


def timed(func):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province", help="official code of a current province")
    parser.add_argument("--country", action="store_true")
    parser.add_argument("--sample", type=int, default=300, help="cases evaluated one by one (0: none)")
    args = parser.parse_args()
    if args.country:
        area = Unit.objects.get(kind=UnitKind.COUNTRY)
    elif args.province:
        area = Unit.objects.get(kind=UnitKind.PROVINCE, code=args.province, valid_to__isnull=True)
    else:
        area = biggest_province(args.year)
    print(f"Database: {connection.vendor}; {area.name}, {args.year}")
    print("| what | cases | wall | units/s (wall) | CPU | units/CPU-s |\n|---|---|---|---|---|---|")
    report, wall, cpu = timed(lambda: reevaluate(area=area, year=args.year))
    print(f"| bulk (recognition_evaluate) | {report.cases:,} | {wall:.1f} s | {report.cases / wall:,.0f} | "
          f"{cpu:.1f} s | {report.cases / cpu:,.0f} |")
    print(f"(same facts judged once: {report.shared:,} of {report.cases:,} cases; "
          f"{len(report.differences):,} differ from their stored outcome)")
    print(f"peak memory after the bulk run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if args.sample:
        check_sample(area, args.year, args.sample)


def check_sample(area: Unit, year: int, size: int) -> None:
    """Evaluate `size` cases spread over the area one by one (the case page's path) and compare each with
    the bulk path's evaluation and outcome for the same case (rows of its part, as `reevaluate` reads)."""
    pks = list(RecognitionCase.objects.filter(unit__path__startswith=area.path, year=year).order_by("pk")
               .values_list("pk", flat=True))
    picked = list(RecognitionCase.objects.filter(pk__in=pks[::max(1, len(pks) // size)][:size])
                  .select_related("unit").order_by("pk"))
    one_by_one, wall, cpu = timed(lambda: [case_evaluate(c, stage=live_stage(c), language="vi") for c in picked])
    print(f"| case by case (case page) | {len(picked):,} | {wall:.1f} s | {len(picked) / wall:,.1f} | "
          f"{cpu:.1f} s | {len(picked) / cpu:,.1f} |")
    by_part = defaultdict(list)
    parts = list(area_parts(area))
    for case, evaluation in zip(picked, one_by_one, strict=True):
        by_part[next(p for p in parts if case.unit.path.startswith(p.path))].append((case, evaluation))
    differ = 0
    with translation.override("vi"):
        for part, pairs in by_part.items():
            rows = {row.pk: row for row in area_case_rows(part, year)}
            gathered = AreaFacts(area=part, year=year, cases=list(rows.values()))
            for case, evaluation in pairs:
                row = rows[case.pk]
                bulk = gathered.evaluate(row, stage=live_stage(row))
                live = gathered.outcome(row, stage=live_stage(row))
                differ += bulk.as_dict() != evaluation.as_dict() or live != evaluation.outcome
    print(f"bulk and case-by-case evaluations compared on {len(picked):,} cases: {differ} differ")


if __name__ == "__main__":
    main()
