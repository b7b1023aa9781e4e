"""Where private files live: the `private` storage (see README, "Storage").

Every private file (evidence and thumbnails, kept screenshots, letter PDFs, exports, case
bundles, logos) is read and written through `storages["private"]`, never through a filesystem
path. Model FileFields use Django's `default` storage, which is this same storage under
Django's name (`PrivateStorageAlias`), so whatever `private` resolves to holds every file.
With FILE_ENCRYPTION_KEYS set, `private` is `encrypted_storage` around the backend chosen in
settings.PRIVATE_STORAGE.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.utils.functional import LazyObject

S3_BACKEND = "storages.backends.s3.S3Storage"
# What every S3 private storage shares, whichever way it is configured. No ACL is sent, so an
# object is private to the bucket's owner (the S3 default, and the only choice on AWS buckets
# with ACLs disabled). A name is never overwritten: a second file with the same name gets a new
# one, as on the filesystem. url() is never used for a private file; were it ever called, its
# link would be signed and expire within a minute.
S3_COMMON_OPTIONS = {
    "default_acl": None,
    "file_overwrite": False,
    "querystring_auth": True,
    "querystring_expire": 60,
    "signature_version": "s3v4",
    # Objects are ciphertext (README "Encryption at rest") and are only ever read back by us:
    # one content type for all, which says nothing about what a file is.
    "object_parameters": {"ContentType": "application/octet-stream"},
}


class PrivateStorageAlias(LazyObject):
    """STORAGES["default"]: the `private` storage itself, so FileFields (which use the default
    storage) read and write the same files as the services."""

    def _setup(self):
        self._wrapped = storages["private"]


def encrypted_storage(inner: dict) -> dict:
    """A STORAGES entry that encrypts every file before the `inner` one stores it (vault.storage,
    README "Encryption at rest")."""
    return {"BACKEND": "vault.storage.EncryptedStorage", "OPTIONS": {"inner": inner}}


def s3_storage_from_url(url: str) -> dict:
    """STORAGE_URL as a STORAGES entry for django-storages' S3 backend.

    `s3://KEY:SECRET@host[:port]/bucket?region=eu-west-2` speaks HTTPS to host; `s3+http://`
    plain HTTP (a store on the same private network, such as docker-compose's). With no host,
    AWS's own endpoint for the region. The key and secret are percent-encoded in the URL.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("s3", "s3+https", "s3+http"):
        raise ImproperlyConfigured("STORAGE_URL must start with s3://, s3+https:// or s3+http://")
    bucket = parts.path.strip("/")
    if not bucket or "/" in bucket:
        raise ImproperlyConfigured("STORAGE_URL must name one bucket: s3://KEY:SECRET@host/bucket")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"region", "addressing_style"}
    if unknown:
        raise ImproperlyConfigured(f"STORAGE_URL has unknown parameters: {sorted(unknown)}")
    options = {
        **S3_COMMON_OPTIONS,
        "bucket_name": bucket,
        "region_name": query.get("region"),
        "access_key": unquote(parts.username) if parts.username else None,
        "secret_key": unquote(parts.password) if parts.password else None,
        "endpoint_url": None,
        # Path-style addressing works with every S3-compatible store; AWS accepts it too.
        "addressing_style": query.get("addressing_style", "path"),
    }
    if parts.hostname:
        scheme = "http" if parts.scheme == "s3+http" else "https"
        port = f":{parts.port}" if parts.port else ""
        options["endpoint_url"] = f"{scheme}://{parts.hostname}{port}"
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
