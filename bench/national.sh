#!/usr/bin/env bash
# Issue 8's benchmarks and reliability runs, one after another, each printing its figures (nothing asserted).
# Needs the PostgreSQL server on 127.0.0.1:5432 (trust auth, user postgres); makes the databases it lacks:
#   antq_national  — the national data set (bench/generate.py; about 15 minutes the first time, then skipped)
#   antq_imports   — for the 100,000-row import and the kill run (its units are replaced on every run)
# The soak (10 minutes) runs only with SOAK=1; bench/RESULTS.md records a run of `SOAK=1 make bench-national`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG=postgres://postgres@127.0.0.1:5432
NATIONAL="${BENCH_DATABASE_URL:-$PG/antq_national}"
IMPORTS="${BENCH_IMPORT_DATABASE_URL:-$PG/antq_imports}"

database() {  # create and migrate a database if it does not exist yet
  local name="${1##*/}"
  if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    createdb -h 127.0.0.1 -U postgres "$name"
  fi
  DATABASE_URL="$1" $PY manage.py migrate --noinput -v 0
}

echo "== national data set"; database "$NATIONAL"
DATABASE_URL="$NATIONAL" $PY bench/generate.py
echo "== statistics, workbook, report"; DATABASE_URL="$NATIONAL" $PY bench/bench_national.py --year 2025 --only stats,workbook,report
echo "== re-evaluation: the biggest province"; DATABASE_URL="$NATIONAL" $PY bench/bench_reevaluation.py --year 2025 --sample 300
echo "== re-evaluation: the whole country"; DATABASE_URL="$NATIONAL" $PY bench/bench_reevaluation.py --year 2025 --country --sample 300
echo "== pages under load (gunicorn)"; DATABASE_URL="$NATIONAL" $PY bench/bench_load.py
echo "== the dashboard"; DATABASE_URL="$NATIONAL" $PY bench/bench_dashboard.py --year 2025
if [ "${SOAK:-}" = 1 ]; then echo "== soak"; DATABASE_URL="$NATIONAL" $PY bench/bench_load.py --soak; fi
echo "== import of 100,000 rows"; database "$IMPORTS"; DATABASE_URL="$IMPORTS" $PY manage.py load_units -v 0
DATABASE_URL="$IMPORTS" $PY bench/bench_import.py
echo "== worker killed during an import"; DATABASE_URL="$IMPORTS" $PY bench/fault_import_kill.py
echo "== PostgreSQL restarted during use (a throwaway cluster)"; $PY bench/pg_restart.py
echo "== API fuzzing (schemathesis)"; bench/fuzz.sh
echo "== backup and restore round trip"; DATABASE_URL="$IMPORTS" $PY manage.py backup /tmp/antq-bench-backups \
  | tail -n 1 | xargs -I{} env DATABASE_URL="$IMPORTS" $PY manage.py restore {} --yes
