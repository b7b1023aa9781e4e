import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connection

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"


def load_settings(monkeypatch, **env):
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "DJANGO_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_probe", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_defaults_are_sqlite_and_eager_tasks(monkeypatch):
    settings = load_settings(monkeypatch)
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def test_database_url_selects_postgresql(monkeypatch):
    settings = load_settings(monkeypatch, DATABASE_URL="postgres://u:p@db.example.org:5433/cd")
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.example.org", 5433, "cd", "u")


def test_a_replica_url_sends_reports_and_exports_there(monkeypatch):
    without = load_settings(monkeypatch, DATABASE_URL="postgres://u@db.example.org/cd")
    assert "replica" not in without.DATABASES and without.REPORTS_DATABASE == "default"
    settings = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://u@db.example.org/cd",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org/cd",
    )
    replica = settings.DATABASES["replica"]
    assert (replica["HOST"], replica["USER"]) == ("replica.example.org", "reader")
    assert replica["CONN_MAX_AGE"] == settings.DATABASES["default"]["CONN_MAX_AGE"]
    assert settings.REPORTS_DATABASE == "replica"
    assert settings.DATABASE_ROUTERS == ["config.replica.ReplicaRouter"]


def test_redis_url_configures_broker_and_cache(monkeypatch):
    settings = load_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/3")
    assert settings.CELERY_BROKER_URL == "redis://127.0.0.1:6379/3"
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    spec = importlib.util.spec_from_file_location("settings_probe", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    with pytest.raises(Exception, match="DJANGO_SECRET_KEY"):
        spec.loader.exec_module(module)


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
