"""ConductDesk settings: one module, driven by the environment (see README, "Configuration")."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.storage import (
    S3_BACKEND,
    S3_COMMON_OPTIONS,
    encrypted_storage,
    s3_storage_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key-change-me-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.admin_config.StaffAdminConfig",  # django.contrib.admin, see accounts.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_fsm",
    "audit",
    "jobs",
    "accounts",
    "policies",
    "incidents",
    "letters",
    "exports",
    "retention",
    "sar",
    "vault",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "policies.middleware.StaffNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: an over-size public POST is refused unread.
    "incidents.body_limit.PublicBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.sessions.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Form widgets are rendered by the project's template engine, so a widget may use a template of
# ours (templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "policies.context_processors.staff_rights",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while a request writes; a busy timeout instead of "locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica of the primary for the governors' reports and the exports (config.replica).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("DATABASE_REPLICA_URL"),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
    }
REPORTS_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "conductdesk",
            "OPTIONS": {
                # Redis unreachable: a read is a miss and a write is dropped (both logged), so
                # no page, sign-in or report fails with the cache; sessions stay in the database.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    # Shared by every process on the machine, so rate limits hold under several workers. Its
    # table is made by a migration (incidents), so a plain `migrate` is enough.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "conductdesk_cache",
        }
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged task (its worker died) is delivered again after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY = True
# Background jobs (jobs.services): a running job's heartbeat is refreshed every quarter of
# JOB_STALE_SECONDS; one older than that (its worker died) is taken over by a redelivery or
# the sweep, which queues every pending and stale job of every kind each SWEEP_SECONDS.
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=60)
SWEEP_SECONDS = env.int("SWEEP_SECONDS", default=30)
SWEEP_GRACE_SECONDS = env.int("SWEEP_GRACE_SECONDS", default=30)
# One beat is enough; a second is harmless: every job is idempotent (rows, unique keys, claims).
CELERY_BEAT_SCHEDULE = {
    "plan-reminders": {"task": "incidents.tasks.plan_reminders", "schedule": 300.0},
    "sweep-jobs": {"task": "jobs.tasks.sweep_jobs", "schedule": float(SWEEP_SECONDS)},
    "delete-expired-exports": {"task": "exports.tasks.delete_expired_exports", "schedule": 900.0},
    "delete-expired-kept-screenshots": {
        "task": "incidents.tasks.delete_expired_kept_screenshots",
        "schedule": 300.0,
    },
    "recount-statuses": {"task": "incidents.tasks.recount_statuses", "schedule": 86400.0},
    "recount-report-counters": {
        "task": "incidents.tasks.recount_report_counters",
        "schedule": 86400.0,
    },
    "move-site-bans-on": {"task": "incidents.tasks.move_site_bans_on", "schedule": 3600.0},
    "list-retention-due": {"task": "retention.tasks.list_due", "schedule": 86400.0},
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {  # a broker outage costs a page at most a few seconds
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: a (username, client address) pair is paused after AXES_FAILURE_LIMIT failures, a
# username from every address after AXES_USERNAME_FAILURE_LIMIT (accounts/lockout.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Second factor (django-otp): TOTP apps and single-use backup codes.
OTP_TOTP_ISSUER = "ConductDesk"
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", default="")
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_ABSOLUTE_TIMEOUT_HOURS = env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=10)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Private files (evidence, letters, exports, bundles, logos) go through the `private` storage
# (config/storage.py), which no URL serves: every file goes out through a view that checks role
# and school. The backend is chosen here, in PRIVATE_STORAGE alone: an S3-compatible store when
# STORAGE_URL (or AWS_STORAGE_BUCKET_NAME) is set, else the local disk under MEDIA_ROOT/private.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
MEDIA_URL = None
STORAGE_URL = env("STORAGE_URL", default="")
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if STORAGE_URL:
    PRIVATE_STORAGE = s3_storage_from_url(STORAGE_URL)
elif AWS_STORAGE_BUCKET_NAME:
    # Credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role
    # (boto3 reads them itself).
    PRIVATE_STORAGE = {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **S3_COMMON_OPTIONS,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-media/"},
    }
# Encryption at rest (README "Encryption at rest"): "id:base64 key" entries, the first encrypts,
# all decrypt. Development uses a published key; `check --deploy` refuses it and its absence.
# Losing every key listed here loses every stored file.
FILE_ENCRYPTION_DEVELOPMENT_KEY = "dev:Y29uZHVjdGRlc2stZGV2ZWxvcG1lbnQtb25seS1rZXk="
FILE_ENCRYPTION_KEYS = env.list(
    "FILE_ENCRYPTION_KEYS", default=[FILE_ENCRYPTION_DEVELOPMENT_KEY] if DEBUG else []
)
STORAGES = {
    # Every file encrypted before PRIVATE_STORAGE holds it, whichever backend that is.
    "private": encrypted_storage(PRIVATE_STORAGE) if FILE_ENCRYPTION_KEYS else PRIVATE_STORAGE,
    "default": {"BACKEND": "config.storage.PrivateStorageAlias"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ConductDesk <conductdesk@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Client addresses: how many reverse proxies (each appending to X-Forwarded-For) stand in front
# of the site; 0 ignores the header (config/client_address.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Concern and follow-up posts: per browser, and a ceiling per client address
# (incidents/views/limits.py). When the cache cannot count, the post is let through.
CONCERN_RATE_LIMIT = env("CONCERN_RATE_LIMIT", default="5/10m")
CONCERN_ADDRESS_RATE_LIMIT = env("CONCERN_ADDRESS_RATE_LIMIT", default="100/10m")
RATELIMIT_FAIL_OPEN = True
# Pictures: what one submission (a concern, a follow-up, staff adding evidence) may cost in all.
UPLOAD_BUDGET_MEGAPIXELS = env.int("UPLOAD_BUDGET_MEGAPIXELS", default=250)
UPLOAD_BUDGET_MB = env.int("UPLOAD_BUDGET_MB", default=30)
FOLLOW_UP_DAILY_LIMIT = env.int("FOLLOW_UP_DAILY_LIMIT", default=10)
# The largest request body the public forms accept, refused from its Content-Length before it is
# read (incidents.body_limit); the reverse proxy's client_max_body_size should be the same.
PUBLIC_MAX_BODY_MB = env.int("PUBLIC_MAX_BODY_MB", default=80)
# Form fields besides files (the text of a concern is at most 10,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads larger than this wait in a temporary file rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Past this Django refuses the request outright; up to it the form says how many to choose.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Reminders.
ESCALATION_REMINDER_DAYS = env.int("ESCALATION_REMINDER_DAYS", default=2)
CODE_REVIEW_NOTICE_DAYS = env.int("CODE_REVIEW_NOTICE_DAYS", default=30)
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
TRIAGE_SCHOOL_DAYS = env.int("TRIAGE_SCHOOL_DAYS", default=2)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-password-1")
# Exports: a CSV of up to this many cases streams at once; larger ones and XLSX run as a job.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=5000)
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
EXPORT_CHUNK_SIZE = env.int("EXPORT_CHUNK_SIZE", default=2000)

# The case page's body is cached under the case's stamp (incidents.casestamp); this bounds how
# long a rename of reference data (a parent, a category, a member of staff) or a deploy that
# changes the page can take to show. 0 turns the cache off.
CASE_PAGE_CACHE_SECONDS = env.int("CASE_PAGE_CACHE_SECONDS", default=300)

# Security. Production (DJANGO_DEBUG off) redirects to HTTPS and sends secure cookies;
# DJANGO_SECURE_SSL_REDIRECT=0 lets it answer plain HTTP on loopback.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis, or the database table) and written through to the
# database: a signed-in page costs no session query. The cache's copy lives five minutes at most
# (accounts/session_store.py), so one left stale by a Redis outage soon goes.
SESSION_ENGINE = "accounts.session_store"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): our own scripts and styles only, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"follow_up_links": {"()": "config.log_redaction.RedactFollowUpLinks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["follow_up_links"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies and form data never reach the logs.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
