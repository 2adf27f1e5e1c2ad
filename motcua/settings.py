"""Settings from environment variables (12-factor), with safe defaults for the embedded demo.

The embedded default is one SQLite file and local-disk storage under ``MOTCUA_DATA_DIR``
(``./data`` by default), so that ``make demo`` needs nothing else. Production sets
``MOTCUA_ENV=production`` and then refuses to start without a real secret key, allowed hosts
and HTTPS (see docs/operations.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", Path.cwd() / "data")).resolve()
# The embedded default keeps its SQLite file and uploads here; SQLite cannot create the folder.
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


MOTCUA_ENV = env("MOTCUA_ENV", "demo")  # "demo" (embedded) or "production"
PRODUCTION = MOTCUA_ENV == "production"
# Demo mode prints the demo accounts' password on the login page; never in production.
DEMO_MODE = env_bool("MOTCUA_DEMO", not PRODUCTION)

_INSECURE_KEY = "motcua-demo-insecure-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 32+ characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names motcua serves.")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "motcua.core",
    "motcua.accounts",
    "motcua.units",
    "motcua.catalog",
    "motcua.workcalendar",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.desk",
    "motcua.portal",
    "motcua.notifications",
    "motcua.payments",
    "motcua.results",
    "motcua.feedback",
    "motcua.reports",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized body (a 200 MB "PDF") from its Content-Length, before reading it.
    "motcua.portal.middleware.RequestSizeGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

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
                "motcua.core.context_processors.site",
                "motcua.core.context_processors.official_menu",
            ],
        },
    },
]

# SQLite in the data folder by default; DATABASE_URL (postgres://…) in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# ModelBackend, reading an official's posts with the user in one query (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.UserWithPostsBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing folder

# Files go through Django's storage API: local disk by default, S3-compatible when
# STORAGE_BACKEND=s3 (django-storages reads AWS_* variables; see docs/operations.md).
if env("STORAGE_BACKEND", "local") == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# E-mail: console in the demo, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "motcua <no-reply@motcua.local>")

CACHES = {
    "default": {"BACKEND": "motcua.core.cache.RedisCache", "LOCATION": env("REDIS_URL")}
    if env("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Each process's own copy of what rarely changes and is read on every request (the
    # expansion of an official's posts, units/scoping.py), saving a round trip to Redis.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}

# With a shared cache (Redis), sessions are read from it and written through to the database.
# Not with the per-process default: a session ended in one worker would live on in another.
if env("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "motcua.accounts.integration_tokens.IntegrationTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "motcua.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "REST API of motcua, the one-stop desk and online public services platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "motcua.api.schema.document_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# The public address printed in QR codes of slips and results (tracking and verification links).
MOTCUA_PUBLIC_URL = env("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")

# The default office hours and receipt cut-off used by the deadline engine (issue 3).
MOTCUA_OFFICE_HOURS = env("MOTCUA_OFFICE_HOURS", "08:00-12:00,13:00-17:00")
MOTCUA_SAME_DAY_CUTOFF = env("MOTCUA_SAME_DAY_CUTOFF", "15:00")
# Reports read the summary tables kept by the workflow (docs/reports.md, "Scale and freshness").
REPORTS_USE_SUMMARIES = env_bool("REPORTS_USE_SUMMARIES", True)
SPECTACULAR_SETTINGS.update(
    {
        # Swagger UI and ReDoc are served from the installed sidecar package: no CDN at run time.
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
    }
)

# Background jobs (Celery): notifications and deadline reminders. With a broker (Redis in
# production, `make worker` consumes it) jobs leave the web process; without one (the demo, the
# tests) they run in-process at once, so `make demo` needs no Redis. See docs/operations.md.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL") or "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
# In-process transport when there is no broker: nothing ever tries to reach a server.
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
# An eager job that fails is retried and logged like a queued one; it never breaks the request.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "motcua")
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged after it ran: a worker killed mid-job leaves it for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Once a day before office hours; the job is idempotent (one reminder per dossier and day).
    "deadline-reminders": {
        "task": "motcua.notifications.send_deadline_reminders",
        "schedule": crontab(
            hour=int(env("MOTCUA_REMINDER_HOUR", "7")), minute=int(env("MOTCUA_REMINDER_MINUTE", "30"))
        ),
    },
}

# Online payment (level 4): the provider and its settings (docs/payments.md).
MOTCUA_PAYMENT_PROVIDER = env("MOTCUA_PAYMENT_PROVIDER", "sandbox")
MOTCUA_PAYMENT_TIMEOUT_MINUTES = int(env("MOTCUA_PAYMENT_TIMEOUT_MINUTES", "15"))
MOTCUA_PAYMENT_SANDBOX_SECRET = env("MOTCUA_PAYMENT_SANDBOX_SECRET", "")
CELERY_BEAT_SCHEDULE["settle-overdue-payments"] = {
    "task": "motcua.payments.settle_overdue",
    "schedule": 300.0,
}

# SMS: one interface, the backend chosen by dotted path. The default writes to the log and the
# notifications table (demo); HttpSmsBackend posts JSON to a gateway with a bearer token.
MOTCUA_SMS_BACKEND = env("MOTCUA_SMS_BACKEND", "motcua.notifications.sms.LogSmsBackend")
MOTCUA_SMS_URL = env("MOTCUA_SMS_URL", "")
MOTCUA_SMS_TOKEN = env("MOTCUA_SMS_TOKEN", "")
MOTCUA_SMS_SENDER = env("MOTCUA_SMS_SENDER", "MOTCUA")
MOTCUA_SMS_TIMEOUT = float(env("MOTCUA_SMS_TIMEOUT", "10"))
