"""Production: PostgreSQL from DATABASE_URL, HTTPS only, secrets from the environment."""

from config.env import env_bool, env_int_str, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set in production")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env_int_str("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Cached pages are keyed by the data generation of one database: two databases sharing a Redis (a
        # staging copy, the bench's) must not read each other's entries.
        "KEY_PREFIX": env_str("REDIS_KEY_PREFIX", f"antq-{DATABASES['default']['NAME']}"),  # noqa: F405
    }
}
# Behind a proxy every client has the proxy's address: name the header the proxy sets (e.g. HTTP_X_REAL_IP) so
# the tip channel's per-client limits count clients (antq/tips/abuse.py).
ANTQ_TIP_CLIENT_HEADER = env_str("ANTQ_TIP_CLIENT_HEADER", "")
