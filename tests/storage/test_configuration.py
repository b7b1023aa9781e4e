"""Choosing the private storage from the environment: the local disk by default, an S3 store
from STORAGE_URL or the AWS_* variables; and docker-compose's services pointed at its store."""

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from config.storage import s3_storage_from_url
from tests.test_settings import load_settings

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def no_storage_env(monkeypatch):
    for name in ("STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "MEDIA_ROOT", "FILE_ENCRYPTION_KEYS"):
        monkeypatch.delenv(name, raising=False)


def test_make_run_keeps_files_on_the_local_disk_encrypted_with_the_development_key(
    monkeypatch, no_storage_env
):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="1")  # as `make run`
    private = settings.STORAGES["private"]
    assert private["BACKEND"] == "vault.storage.EncryptedStorage"
    assert settings.FILE_ENCRYPTION_KEYS == [settings.FILE_ENCRYPTION_DEVELOPMENT_KEY]
    inner = private["OPTIONS"]["inner"]
    assert inner == settings.PRIVATE_STORAGE
    assert inner["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert inner["OPTIONS"]["location"] == settings.BASE_DIR / "var" / "media" / "private"
    assert settings.STORAGES["default"]["BACKEND"] == "config.storage.PrivateStorageAlias"


def test_file_encryption_keys_wrap_whichever_backend_is_chosen(monkeypatch, no_storage_env):
    settings = load_settings(
        monkeypatch,
        STORAGE_URL="s3://k:s@s3.example.org/conductdesk?region=eu-west-2",
        FILE_ENCRYPTION_KEYS="2026:" + "A" * 43 + "=",
    )
    private = settings.STORAGES["private"]
    assert private["BACKEND"] == "vault.storage.EncryptedStorage"
    inner = private["OPTIONS"]["inner"]
    assert inner["BACKEND"] == "storages.backends.s3.S3Storage"
    assert inner["OPTIONS"]["object_parameters"] == {"ContentType": "application/octet-stream"}
    # Without a key (check --deploy refuses that) the backend stores files as they are.
    assert load_settings(monkeypatch, FILE_ENCRYPTION_KEYS="").STORAGES["private"] == inner


def test_storage_url_selects_the_s3_backend(monkeypatch, no_storage_env):
    settings = load_settings(
        monkeypatch,
        STORAGE_URL="s3://AKIA1%2F2:se%2Bcret%2Fkey@s3.example.org/conductdesk?region=eu-west-2",
    )
    private = settings.STORAGES["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    options = private["OPTIONS"]
    assert (options["access_key"], options["secret_key"]) == ("AKIA1/2", "se+cret/key")
    assert options["endpoint_url"] == "https://s3.example.org"
    assert (options["bucket_name"], options["region_name"]) == ("conductdesk", "eu-west-2")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_expire"] <= 60


def test_plain_http_is_only_by_asking_for_it():
    options = s3_storage_from_url("s3+http://k:s@objectstore:8333/conductdesk")["OPTIONS"]
    assert options["endpoint_url"] == "http://objectstore:8333"
    assert s3_storage_from_url("s3://k:s@/conductdesk")["OPTIONS"]["endpoint_url"] is None


@pytest.mark.parametrize(
    "url",
    ["https://k:s@host/bucket", "s3://k:s@host/", "s3://k:s@host/a/b", "s3://k:s@host/b?acl=x"],
)
def test_a_malformed_storage_url_stops_the_site_starting(url):
    with pytest.raises(ImproperlyConfigured):
        s3_storage_from_url(url)


def test_aws_variables_select_the_s3_backend(monkeypatch, no_storage_env):
    settings = load_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="conductdesk",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    options = settings.STORAGES["private"]["OPTIONS"]
    assert settings.STORAGES["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "conductdesk" and options["region_name"] == "eu-west-2"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] is None


def test_docker_compose_points_web_and_workers_at_its_object_store():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    store = services["objectstore"]
    assert "weed" in store["command"] and "-s3" in store["command"]
    for name in ("web", "worker", "beat"):
        url = services[name]["environment"]["STORAGE_URL"]
        assert url.startswith("s3+http://") and "@objectstore:8333/" in url
        assert "objectstore" in services[name]["depends_on"]
    # the store is reached on the compose network only: no port of it is published
    assert "ports" not in store


def test_in_ci_a_missing_object_store_fails_and_elsewhere_skips(monkeypatch):
    from tests.storage.conftest import _unavailable

    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        _unavailable("weed is not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="weed is not installed"):
        _unavailable("weed is not installed")
