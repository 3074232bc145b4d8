"""Test settings: fast hashing, in-memory mail and cache, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the finders (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No persistent connections in tests: a connection left open by a thread would block the teardown
# of the PostgreSQL test database ("being accessed by other users").
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = 0
# Two-step sign-in is off for the roles here, so that tests log officers in with `force_login`; the tests of
# antq/accounts/tests/test_two_factor.py turn it on as production has it.
ANTQ_TWO_FACTOR_ROLES = ()
