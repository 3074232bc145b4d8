"""Production settings served over plain HTTP on loopback, for the load, soak and restart runs in `bench/`.

Everything else is production's: DEBUG off, PostgreSQL from DATABASE_URL, the Redis cache, whitenoise's
manifest storage (collected into ANTQ_BENCH_STATIC_ROOT, not the project folder), database sessions. Only
what HTTP on 127.0.0.1 and a scripted client need is changed, and each change is named here.

Like production, it needs DJANGO_SECRET_KEY in the environment; the bench scripts set a bench-only one.
"""

from config.env import env_str

from .production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# Plain HTTP on loopback: no redirect to HTTPS, no cookies restricted to HTTPS, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
# A scripted client has no authenticator app: two-step sign-in is off for every role (production requires it
# for province officers and the national administrator).
ANTQ_TWO_FACTOR_ROLES = ()
# The real URLs plus a bare view (the baseline) and a write endpoint (`bench/urls_bench.py`).
ROOT_URLCONF = "bench.urls_bench"
STATIC_ROOT = env_str("ANTQ_BENCH_STATIC_ROOT", "/tmp/antq_bench_static")  # noqa: S108 - collected files only
LOGGING["root"]["level"] = env_str("ANTQ_LOG_LEVEL", "WARNING")  # noqa: F405
