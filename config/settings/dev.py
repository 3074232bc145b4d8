"""Local development: `make run` serves with these settings on SQLite unless DATABASE_URL says otherwise."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = True
# Serve static files straight from the finders (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo's accounts have published passwords and no phones: two-step sign-in is required only when asked
# for (ANTQ_TWO_FACTOR=1 make run). Production requires it for province officers and the national administrator.
if not env_bool("ANTQ_TWO_FACTOR", False):
    ANTQ_TWO_FACTOR_ROLES = ()
