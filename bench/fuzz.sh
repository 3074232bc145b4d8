#!/usr/bin/env bash
# The full API fuzz run of issue 8 §3: schemathesis generates requests from /api/schema/ for every operation
# (positive and negative data) and sends them with a province officer's token through WSGI; the run fails on
# any server error or any documented answer that does not match the schema. `make test` runs the same test
# with 2 examples per operation and mode; this run uses ANTQ_FUZZ_EXAMPLES (default 30, ≥ 5,000 cases).
#
#   bench/fuzz.sh                                  # SQLite in /tmp
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_fuzz bench/fuzz.sh
#   ANTQ_FUZZ_SEED=1 bench/fuzz.sh                 # other cases than the fixed (derandomised) ones
#
# The line "fuzz: answers 2xx …, cases N, …" near the end gives the figures for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export ANTQ_FUZZ_EXAMPLES="${ANTQ_FUZZ_EXAMPLES:-30}"
export DATABASE_URL="${DATABASE_URL:-sqlite:////tmp/antq_fuzz_bench.sqlite3}"
echo "fuzz: ${ANTQ_FUZZ_EXAMPLES} examples per operation and mode, database ${DATABASE_URL%%:*}"
exec .venv/bin/pytest -p no:cacheprovider -q tests/fuzz "$@"
