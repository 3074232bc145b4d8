# ANTQ — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

PYTHON312 := $(shell scripts/find-python.sh 2>/dev/null)
UV := .tools/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: help run test bench bench-national install install-test assets lint check-migrations test-sqlite test-postgres messages

help:
	@echo "make run   — install, migrate, load official units and the demo year, serve on http://$(HOST):$(PORT)"
	@echo "make test  — install test needs (Python, Chromium, fonts) and run the whole suite on SQLite and PostgreSQL"

$(UV):
	@test -n "$(PYTHON312)" || { echo "Python >= 3.12 not found (tried python3, python3.12, python3.13, pyenv)"; exit 1; }
	$(PYTHON312) -m venv .tools
	.tools/bin/pip install --quiet "uv==0.13.9"

install: $(UV)
	$(UV) sync --frozen --python $(PYTHON312)
	$(MAKE) --no-print-directory assets messages

assets:
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; fi

messages:
	@if command -v msgfmt >/dev/null; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v 0; \
	else \
		$(PY) -c 'import polib, glob; [polib.pofile(p).save_as_mofile(p[:-2] + "mo") for p in glob.glob("locale/*/LC_MESSAGES/*.po")]'; \
	fi

run: install
	scripts/install-run-system-deps.sh
	$(MANAGE) migrate --noinput
	$(MANAGE) load_units
	$(MANAGE) demo
	@trap 'kill 0' EXIT; \
	$(MANAGE) db_worker --interval 0.5 & \
	$(MANAGE) runserver $(HOST):$(PORT)

install-test: install
	$(UV) sync --frozen --python $(PYTHON312) --group dev
	scripts/install-test-system-deps.sh

lint:
	.venv/bin/ruff check .

check-migrations:
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

test-sqlite:
	DATABASE_URL="sqlite:///$(CURDIR)/.test-db.sqlite3" .venv/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

test-postgres:
	scripts/with-postgres.sh .venv/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: install
	$(PY) bench/bench_units.py
	$(PY) bench/bench_classification.py

# Issue 8: the national data set, statistics, re-evaluation, load, import, faults, fuzzing, backup (PostgreSQL).
bench-national: install
	$(UV) sync --frozen --python $(PYTHON312) --group dev
	bench/national.sh

test: install-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-migrations
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
