"""Whether a running import still has a worker: a lock the worker holds while it runs the job.

A worker killed in the middle of an import (out of memory, a deploy, a power cut) rolls back its
transaction, so nothing is imported, but its job would stay "running" for ever and its page would keep
waiting. So the worker holds a lock named after the job while it runs it, one that the system releases
when the process dies: a running job whose lock is free has lost its worker.

PostgreSQL: a session advisory lock, released when the worker's connection ends. SQLite, which serves
one machine: `flock` on a file next to the database, released when the process ends.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# The first key of the advisory lock, one per kind of job (their ids overlap); the job's id is the second.
LOCK_SPACE = 0x414E5451  # "ANTQ": the units import
CLASSIFICATION_SPACE = 0x414E5452  # the classification results import


def _lock_file(job_id: int, space: int) -> Path:
    kind = "" if space == LOCK_SPACE else f"{space:x}-"
    return Path(f"{connection.settings_dict['NAME']}.import-{kind}{job_id}.lock")


def _take(job_id: int, space: int = LOCK_SPACE):
    """The lock if it was free (a handle to give back to `_give_back`), else None."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [space, job_id])
            return job_id if cursor.fetchone()[0] else None
    handle = open(_lock_file(job_id, space), "ab")  # noqa: SIM115 — closed by _give_back
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _give_back(job_id: int, handle, space: int = LOCK_SPACE) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [space, job_id])
        return
    try:
        os.unlink(handle.name)  # before closing: whoever opens it afterwards finds the job finished
    except FileNotFoundError:
        pass
    handle.close()


@contextmanager
def job_held(job_id: int, space: int = LOCK_SPACE) -> Iterator[bool]:
    """Hold job `job_id`'s lock for the `with` block; yields False if another process holds it."""
    handle = _take(job_id, space)
    try:
        yield handle is not None
    finally:
        if handle is not None:
            _give_back(job_id, handle, space)


def job_orphaned(job_id: int, space: int = LOCK_SPACE) -> bool:
    """True if no process holds job `job_id`'s lock (its worker, if it had one, has died)."""
    handle = _take(job_id, space)
    if handle is None:
        return False
    _give_back(job_id, handle, space)
    return True
