"""Local development: `make run` serves with these settings on SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True
# Serve static files straight from the finders (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
