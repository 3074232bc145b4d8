"""Local development: `make run` serves with these settings on SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True
