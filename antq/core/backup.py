"""Backup and restore: the database and the uploaded files, in one folder with a manifest that proves a
round trip.

`manage.py backup DIR` writes `DIR/antq-backup-<time>/` holding
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the online backup
  API, a consistent copy while the application runs);
- `media.tar` — every uploaded file (dossier scans, photos, evidence, tip attachments);
- `manifest.json` — the SHA-256 of both files, of every uploaded file, and for every table of the
  application its row count and a digest of its rows in primary-key order.

The figures in the manifest are read from the same snapshot the dump is taken from (PostgreSQL exports a
snapshot that `pg_dump --snapshot` reuses; SQLite's are read from the copy), so a write arriving during the
backup cannot make the manifest and the dump disagree.

`manage.py restore DIR/antq-backup-<time> --yes` checks the files against the manifest before touching
anything, restores the database in one transaction (`pg_restore --single-transaction --clean`), swaps in the
uploaded files (the previous folder is kept beside it as `<media>.before-restore-<time>`), then reads the
figures again and fails loudly unless every count, digest and file checksum is identical.
"""

import datetime
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from antq.core.generations import DATA, generation_bump
from antq.core.models import Generation
from config.env import child_process_env

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
FORMAT = 1
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _tables() -> list[tuple[str, str | None]]:
    """(table, primary-key column or None) of every table in the database, the project's and Django's own
    (migrations record, sessions); a table without a model is ordered by all its columns.

    The generation counters are left out of the fingerprint: they are cache bookkeeping that moves on every
    write, and a restore moves them on (`backup_restore`) rather than back to the backup's values."""
    keys = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            keys.setdefault(model._meta.db_table, model._meta.pk.column)
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted((name, keys.get(name)) for name in names if name != Generation._meta.db_table)


def _fingerprint(cursor, quote) -> dict[str, dict]:
    """Row count and a SHA-256 of the rows (primary-key order, values as text) of every table."""
    result = {}
    for table, pk in _tables():
        if pk is None:
            cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")  # noqa: S608 — names from the database
            order = ", ".join(str(i) for i in range(1, len(cursor.description) + 1))
        else:
            order = quote(pk)
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608 — names from the database
        digest, rows = hashlib.sha256(), 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(repr(tuple(_plain(v) for v in row)).encode())
                rows += 1
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _plain(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    return value


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(path.relative_to(root)): _sha256_file(path)
            for path in sorted(root.rglob("*")) if path.is_file()}


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = child_process_env(PGPASSWORD=str(db.get("PASSWORD") or ""))
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup_create(target_dir: Path, *, now: datetime.datetime | None = None) -> Path:
    """Write a backup folder under `target_dir` and return its path."""
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%d-%H%M%S")
    folder = Path(target_dir) / f"antq-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    quote = connection.ops.quote_name
    if _is_postgresql():
        database_file = folder / "database.dump"
        args, env = _pg_env()
        # The figures and the dump read one snapshot: exported here, reused by pg_dump while this
        # transaction stays open.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _fingerprint(cursor, quote)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "--file", str(database_file), *args], env)
    else:
        database_file = folder / "database.sqlite3"
        source = sqlite3.connect(_sqlite_file())
        copy = sqlite3.connect(database_file)
        try:
            source.backup(copy)
            tables = _fingerprint(copy.cursor(), quote)
        finally:
            copy.close()
            source.close()
    media = _media_checksums(_media_root())
    with tarfile.open(folder / MEDIA_TAR, "w") as archive:
        for relative in media:
            archive.add(_media_root() / relative, arcname=relative, recursive=False)
    manifest = {
        "format": FORMAT,
        "created": (now or datetime.datetime.now(datetime.UTC)).isoformat(),
        "engine": connection.vendor,
        "database_file": database_file.name,
        "database_sha256": _sha256_file(database_file),
        "media_sha256": _sha256_file(folder / MEDIA_TAR),
        "media": media,
        "tables": tables,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return folder


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: not a readable manifest ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
    if manifest.get("engine") != connection.vendor:
        raise BackupError(f"The backup is of a {manifest.get('engine')} database; this one is {connection.vendor}.")
    for name, key in ((manifest["database_file"], "database_sha256"), (MEDIA_TAR, "media_sha256")):
        path = folder / name
        if not path.is_file() or _sha256_file(path) != manifest[key]:
            raise BackupError(f"{path}: missing or damaged (checksum differs from the manifest); nothing restored.")
    return manifest


def _current_fingerprint() -> dict[str, dict]:
    quote = connection.ops.quote_name
    if _is_postgresql():
        with transaction.atomic(), connection.cursor() as cursor:
            return _fingerprint(cursor, quote)
    # A plain sqlite3 connection, as the backup read its copy: Django's own converts some column types.
    plain = sqlite3.connect(_sqlite_file())
    try:
        return _fingerprint(plain.cursor(), quote)
    finally:
        plain.close()


def _sqlite_file() -> str:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return name


def backup_verify_current(manifest: dict) -> list[str]:
    """Differences between the manifest and the database and files as they are now (empty: identical)."""
    problems = []
    tables = _current_fingerprint()
    for table, expected in manifest["tables"].items():
        actual = tables.get(table)
        if actual != expected:
            problems.append(f"table {table}: expected {expected['rows']} rows ({expected['sha256'][:12]}), "
                            f"found {actual and actual['rows']} ({actual and actual['sha256'][:12]})")
    media = _media_checksums(_media_root())
    if media != manifest["media"]:
        missing = sorted(set(manifest["media"]) - set(media))
        extra = sorted(set(media) - set(manifest["media"]))
        changed = sorted(k for k in set(media) & set(manifest["media"]) if media[k] != manifest["media"][k])
        problems.append(f"uploaded files: {len(missing)} missing, {len(extra)} extra, {len(changed)} changed")
    return problems


def backup_restore(folder: Path, *, now: datetime.datetime | None = None) -> RestoreReport:
    """Restore the backup in `folder` over the current database and uploaded files, then prove it."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    database_file = folder / manifest["database_file"]
    media_root = _media_root()
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%d-%H%M%S")
    # Unpack the files first, beside the media folder, so a bad archive stops before the database is touched.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        with tarfile.open(folder / MEDIA_TAR) as archive:
            archive.extractall(staging, filter="data")
        if _media_checksums(staging) != manifest["media"]:
            raise BackupError("The uploaded files in the archive do not match the manifest; nothing restored.")
        if _is_postgresql():
            args, env = _pg_env()
            connection.close()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  *args, str(database_file)], env)
        else:
            connection.close()
            source, target = sqlite3.connect(database_file), sqlite3.connect(_sqlite_file())
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        if media_root.exists():
            media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
        staging.rename(media_root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    problems = backup_verify_current(manifest)
    if problems:
        raise BackupError("The restored data differ from the backup:\n" + "\n".join(problems))
    # The restored generation counters may be lower than the ones cached entries were keyed with: drop the
    # cache, or a figure of the data before the restore could be served again.
    cache.clear()
    generation_bump(DATA)
    return RestoreReport(tables=len(manifest["tables"]), rows=sum(t["rows"] for t in manifest["tables"].values()),
                         files=len(manifest["media"]))
