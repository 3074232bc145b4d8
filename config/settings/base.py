"""Settings shared by every environment; environment-specific values come from config.env."""

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_config, env_bool, env_list, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "antq.core",
    "antq.accounts",
    "antq.units",
    "antq.incidents",
    "antq.recognition",
    "antq.classification",
    "antq.reports",
    "antq.grassroots",
    "antq.festival",
    "antq.outreach",
    "antq.clubs",
    "antq.exemplars",
    "antq.commendations",
    "antq.directives",
    "antq.portal",
    "antq.tips",
    "antq.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "antq.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "antq.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "antq.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it turns a locked-out login into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "antq.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_config(BASE_DIR / "db.sqlite3")}
# Connections are kept for a minute (config.env); each is checked before a request reuses it, so a restarted
# PostgreSQL costs only the requests made while it was down (bench/pg_restart.py), not one more per stale connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after eight idle hours (one working day) and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag, not the cookie

# Content Security Policy: scripts and styles only from our own static files (no inline script anywhere; a
# few style attributes size bars and chart swatches); nothing embeds the site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Two-step sign-in (antq/accounts/two_factor.py): required for the roles that see a province or the country.
ANTQ_TWO_FACTOR_ROLES = ("province_officer", "national_admin")
OTP_TOTP_ISSUER = "ANTQ"

# Login throttling: five failures per username and address lock the pair for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Django's own Vietnamese formats have no dd/mm/yyyy input; ours put it first.
FORMAT_MODULE_PATH = ["antq.core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / env_str("ANTQ_MEDIA_DIR", "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest spreadsheet an import accepts.
ANTQ_IMPORT_MAX_BYTES = 20 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("ANTQ_TASK_WORKER", True)
        else "django.tasks.backends.immediate.ImmediateBackend",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "antq.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"auth_token": "10/minute"},
    "EXCEPTION_HANDLER": "antq.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ANTQ API",
    "DESCRIPTION": "Phong trào toàn dân bảo vệ an ninh Tổ quốc — API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SecurityTeamStatusEnum": "antq.grassroots.models.SecurityTeam.Status",
        "OutreachFormEnum": "antq.outreach.models.OutreachForm",
        "TeamMemberStatusEnum": "antq.grassroots.models.TeamMember.Status",
        "TeamMemberRoleEnum": "antq.grassroots.models.MemberRole",
        "ExemplarCategoryEnum": "antq.exemplars.models.ExemplarCategory",
        "ExemplarKindEnum": "antq.exemplars.models.ExemplarKind",
        "DirectiveDocumentKindEnum": "antq.directives.models.DocumentKind",
        "AwardFormEnum": "antq.commendations.models.AwardForm",
        "AwardKindEnum": "antq.commendations.models.AwardKind",
        "AwardPersonCategoryEnum": "antq.commendations.models.PersonCategory",
        "TipCategoryEnum": "antq.tips.models.TipCategory",
        "TipStateEnum": "antq.tips.models.TipState",
        "TipModeEnum": "antq.tips.models.TipMode",
        "TipMessageKindEnum": "antq.tips.models.MessageKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ANTQ_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # A tip's sender stays unknown: no handler gets the request (address, browser) of a tip path.
                "django.request": {"filters": ["forget_tip_clients"]},
                "django.security.csrf": {"filters": ["forget_tip_clients"]}},
    "filters": {"forget_tip_clients": {"()": "antq.tips.logs.ForgetTipClients"}},
}
AXES_VERBOSE = False
