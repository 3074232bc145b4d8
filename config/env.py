"""The one place that reads the process environment.

Every setting that differs between machines is read here and nowhere else, so a reader can see at
a glance what a deployment must provide.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(default_sqlite: Path) -> dict:
    """`DATABASE_URL` selects the database; without it, an SQLite file in the project folder."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the task worker write while pages read; the timeout absorbs short lock waits.
        config["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        # Tests use a file too (next to the database, never the database itself): threads then wait
        # for each other's write locks as in production, instead of failing on a shared in-memory one.
        name = str(config["NAME"])
        if name != ":memory:":
            # One file per test process, so parallel runs never share (or delete) each other's.
            config["TEST"] = {"NAME": f"{name.removesuffix('.sqlite3')}-test-{os.getpid()}.sqlite3"}
    return config


def child_process_env(**extra: str) -> dict[str, str]:
    """The environment for a program this application runs (pg_dump, LibreOffice), with `extra` set."""
    return {**os.environ, **extra}
