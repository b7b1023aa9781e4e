"""Test settings: the real settings, made faster. Nothing here changes behaviour."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefgh")

from config.settings import *  # noqa: F403
from config.storage import encrypted_storage

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests store files as production does: encrypted (tests/conftest.py points them at a tmp dir).
FILE_ENCRYPTION_KEYS = ["test:dGVzdC1rZXktY29uZHVjdGRlc2stMzItYnl0ZXMhISE="]
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": encrypted_storage(PRIVATE_STORAGE),  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# django-zeal: any N+1 query pattern in a request fails the test that made it.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True
# Tests run queued work in-process; the real-worker tests start their own worker.
CELERY_TASK_ALWAYS_EAGER = True
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if not REDIS_URL:  # noqa: F405
    # Per-process memory instead of the database table: no DB round trip per cache call.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Real-worker tests share the test database with a celery worker process: use a file.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405

# A deployed replica is another server; here it is the test database itself (Django's test
# mirror), and only the tests that set REPORTS_DATABASE to it send reads there.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405

# Real-worker tests read what the worker sent from files.
if os.environ.get("TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["TEST_EMAIL_DIR"]
