"""Generation counters: cheap "has this changed?" for caches of what is computed from the data.

`generation_of(key)` is one primary-key read. A cache key that includes the generation cannot serve a
figure computed before the last committed write, provided the generation is read before the data.

Two counters:
- "units" moves inside the transaction of every unit write (`antq.units.models.UnitQuerySet` covers save,
  delete, update, bulk_create, bulk_update); the classification statistics cache the number of units per
  block and area under it.
- "data" moves once per committed transaction that wrote anything: `audit_record` (which every service
  calls) and the unit writes call `data_changed()`. Pages cache what is costly to compute for an area
  (the dashboard, a unit's panels, a case's evaluation) under it with `cached_while_current`, so a page
  served from the cache is as current as one computed afresh.

"data" moves after the commit, in its own short statement, not inside the write's transaction: a counter
row updated inside every transaction would serialise all writes of the country behind one row lock (an
import holds its transaction for seconds). A reader that read the old generation before the commit may
store what it computed under the old key — which no later reader asks for once the counter has moved.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from antq.core.models import Generation

logger = logging.getLogger(__name__)

UNITS = "units"
DATA = "data"
# A safety net, not the freshness rule: an entry outlives its generation by at most this long if a bump
# was lost (the process died between a commit and the bump) or data were written outside the services.
CACHE_SECONDS = 15 * 60
# How long a request waits for another one computing the same value before computing it itself.
COMPUTE_SECONDS = 60
WAIT_STEP = 0.05


def generation_bump(key: str) -> None:
    if not Generation.objects.filter(key=key).update(value=F("value") + 1):
        Generation.objects.get_or_create(key=key)
        Generation.objects.filter(key=key).update(value=F("value") + 1)


def generation_of(key: str) -> int:
    return Generation.objects.filter(key=key).values_list("value", flat=True).first() or 0


def _bump_data() -> None:
    generation_bump(DATA)


def data_changed() -> None:
    """Data are being written: move the "data" generation when the transaction commits (at once outside one).

    Called for every audited write, so it registers its callback once per transaction: an import writing
    thousands of rows bumps the counter once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_data()
        return
    if not any(func is _bump_data for _savepoints, func, _robust in connection.run_on_commit):
        # robust: the write has committed; a failed bump must not turn it into an error page (the entry
        # then lives out CACHE_SECONDS).
        transaction.on_commit(_bump_data, robust=True)


def current_key(*parts: object) -> str:
    """A cache key for what `parts` name as of the data committed now; "" (do not cache) inside a transaction.

    Inside a transaction the data read may include this transaction's own uncommitted writes, which must
    never reach other readers under a key they would use. The generation is read here, before the data.
    """
    if transaction.get_connection().in_atomic_block:
        return ""
    return ":".join([*map(str, parts), f"g{generation_of(DATA)}"])


def page_key(name: str, *parts: object, viewer=None) -> str:
    """The key of a cached part of a page: `name` and `parts` (what it shows), the language and the day it is
    rendered in, and — when what it shows depends on who looks — the `viewer`'s grants."""
    from antq.accounts.scope import grants_fingerprint

    who = [grants_fingerprint(viewer)] if viewer is not None else []
    return ":".join([name, *map(str, parts), get_language(), timezone.localdate().isoformat(), *who])


def cached_while_current(key: str, compute, timeout: int = CACHE_SECONDS):
    """`compute()`'s value, from the cache while no write has committed since it was computed.

    `key` must name everything else the value depends on (area, year, language, what the viewer may see).
    """
    full_key = current_key("antq", key)
    if not full_key:
        return compute()
    return cache_or_compute(full_key, compute, timeout)


def cache_or_compute(full_key: str, compute, timeout: int = CACHE_SECONDS):
    """`compute()`'s value kept under `full_key` (which names all it depends on), computed by one request at a
    time; computed directly when the cache cannot be reached."""
    try:
        return _cached(full_key, compute, timeout)
    except _CacheDown as exc:
        # The cache is a speed-up, never a dependency: without Redis the page is computed as if it missed.
        logger.warning("cache unavailable, computing %s: %s", full_key, exc.__cause__)
        return exc.value if exc.value is not None else compute()


class _CacheDown(Exception):
    def __init__(self, value=None):
        self.value = value


def _cache_call(method, *args):
    try:
        return method(*args)
    except Exception as exc:  # the backend's own errors (redis.ConnectionError, TimeoutError …)
        raise _CacheDown() from exc


def _cached(full_key: str, compute, timeout: int):
    value = _cache_call(cache.get, full_key)
    if value is not None:
        return value
    # One request computes; the others asking for the same key meanwhile wait for its result instead of
    # computing it too (twenty officers opening the country's dashboard after a write would otherwise
    # compute it twenty times at once, each slower for the others).
    lock = f"{full_key}:computing"
    if _cache_call(cache.add, lock, 1, COMPUTE_SECONDS):
        try:
            value = compute()
            try:
                _cache_call(cache.set, full_key, value, timeout)
            except _CacheDown as exc:
                raise _CacheDown(value) from exc.__cause__
        finally:
            try:
                cache.delete(lock)
            except Exception:  # noqa: BLE001, S110 - the lock expires by itself
                pass
        return value
    deadline = time.monotonic() + COMPUTE_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        value = _cache_call(cache.get, full_key)
        if value is not None:
            return value
        if _cache_call(cache.get, lock) is None:  # the computing request failed: compute here
            break
    return compute()
