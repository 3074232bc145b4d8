"""Abuse resistance without keeping who the client is.

* **Rate limits.** A client is known only as an HMAC of its address under a secret drawn at random each day
  and kept only in the cache (with a two-day lifetime); counters live in the cache too, each with its own
  lifetime. Nothing of it reaches the database or the logs, and once the day's secret expires nobody can tell
  which address a counter belonged to. (In production the cache must be shared by the workers — Redis or
  the database cache — or each worker counts on its own.)
* **Proof of work.** The form carries a signed, timestamped challenge; the browser (our own
  `static/tips/pow.js`, no third party) finds a number whose SHA-256 together with the challenge starts with
  `bits` zero bits. A person waits about a second; a bot sending thousands of tips pays for each. A challenge
  is accepted once.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

SALT_TTL = 2 * 24 * 60 * 60
CHALLENGE_MAX_AGE = 2 * 60 * 60
SIGNING_SALT = "antq.tips.challenge"

# name → (allowed hits, window in seconds)
LIMITS = {
    "submit": (5, 60 * 60),  # tips sent
    "code": (10, 60 * 60),  # wrong receipt codes typed
    "message": (20, 60 * 60),  # follow-up messages
}


def pow_bits() -> int:
    return getattr(settings, "ANTQ_TIP_POW_BITS", 16)


def _daily_secret() -> str:
    key = f"tips:salt:{timezone.now():%Y-%m-%d}"
    return cache.get_or_set(key, lambda: secrets.token_hex(32), SALT_TTL)


def client_key(request) -> str:
    """An opaque key for the client of `request`, stable for a day, unrelated to the address after."""
    # Behind a reverse proxy every client has the proxy's address: the proxy then names the client in a header
    # it sets itself (settings.ANTQ_TIP_CLIENT_HEADER, e.g. "HTTP_X_REAL_IP"); never a header a client could set.
    header = getattr(settings, "ANTQ_TIP_CLIENT_HEADER", "") or "REMOTE_ADDR"
    address = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    return hmac.new(_daily_secret().encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _counter(name: str, request) -> str:
    return f"tips:rate:{name}:{client_key(request)}"


def is_limited(name: str, request) -> bool:
    allowed, _window = LIMITS[name]
    return (cache.get(_counter(name, request)) or 0) >= allowed


def hit(name: str, request) -> None:
    """Count one use of `name` by the client of `request`."""
    _allowed, window = LIMITS[name]
    key = _counter(name, request)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)


def new_challenge() -> dict:
    """A challenge for the form or the API: the signed token and the number of zero bits asked for."""
    bits = pow_bits()
    token = signing.dumps({"n": secrets.token_urlsafe(16), "b": bits}, salt=SIGNING_SALT, compress=False)
    return {"challenge": token, "bits": bits}


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solve(challenge: str, bits: int) -> str:
    """What the browser does (used by tests and the demo): the first counter that meets `bits`."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def check_solution(challenge: str, solution: str) -> bool:
    """Whether `solution` answers a genuine, fresh, unused `challenge`; marks it used when it does."""
    try:
        payload = signing.loads(challenge or "", salt=SIGNING_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        return False
    if not (solution or "").isdigit() or len(solution) > 12:
        return False
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    if leading_zero_bits(digest) < min(int(payload.get("b", 0)), 64) or int(payload.get("b", 0)) < pow_bits():
        return False
    return cache.add(f"tips:pow:{payload['n']}", 1, CHALLENGE_MAX_AGE)
