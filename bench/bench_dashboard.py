"""The dashboard on the national data set: a province officer's (Hà Nội) and the national administrator's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_national .venv/bin/python bench/bench_dashboard.py \
        [--year 2025]

Uses the bench accounts that `bench/bench_load.py` creates (run it once first). Each figure is one request
through the test client in a fresh process (an empty cache), each asked twice: the first computes the figures,
the second finds them in the cache (`antq.core.generations`), as every later visit does until a write commits.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", default="")
    args = parser.parse_args()
    setup_test_environment()
    users = get_user_model().objects
    query = f"?year={args.year}" if args.year else ""
    for name, username, times in (("province (Hà Nội)", "bench-load-province", 2), ("country", "bench-load-v05", 2)):
        client = Client()
        client.force_login(users.get(username=username))
        for attempt in range(times):
            start = time.perf_counter()
            response = client.get("/reports/dashboard/" + query)
            label = "again, from the cache" if attempt else "first, computed"
            print(f"| dashboard, {name}, {label} | {response.status_code} | {time.perf_counter() - start:.2f} s |")


if __name__ == "__main__":
    main()
