"""The master keys (settings.FILE_ENCRYPTION_KEYS) and wrapping a file's data key with them.

FILE_ENCRYPTION_KEYS is a list of "id:base64 of 32 random bytes". The first key wraps every new
data key; every key listed can unwrap. Rotation: put a new key first, keep the old one after it,
run `manage.py rotate_file_keys`, then remove the old one.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


class FileKeyError(Exception):
    """A file's data key cannot be unwrapped: its master key is missing or the row is damaged."""


def key_new(key_id: str) -> str:
    """A fresh FILE_ENCRYPTION_KEYS entry."""
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def master_keys() -> dict[str, bytes]:
    """The configured keys by id, in order (the first one wraps)."""
    keys = {}
    for entry in settings.FILE_ENCRYPTION_KEYS:
        key_id, separator, encoded = entry.partition(":")
        key_id = key_id.strip()
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            key = b""
        if not separator or not key_id or len(key) != 32:
            raise ImproperlyConfigured(
                f"FILE_ENCRYPTION_KEYS entry {key_id or '?'!r} is not 'id:base64 of 32 bytes'."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"FILE_ENCRYPTION_KEYS lists the id {key_id!r} twice.")
        keys[key_id] = key
    return keys


def primary_key_id() -> str:
    keys = master_keys()
    if not keys:
        raise ImproperlyConfigured("FILE_ENCRYPTION_KEYS is empty: no key to encrypt files with.")
    return next(iter(keys))


def _associated(name: str) -> bytes:
    # A wrapped key opens only for the file it was made for: rows cannot be swapped.
    return b"conductdesk file key\x00" + name.encode()


def data_key_wrap(data_key: bytes, *, name: str, key_id: str | None = None) -> tuple[str, bytes]:
    key_id = key_id or primary_key_id()
    nonce = os.urandom(NONCE_BYTES)
    return key_id, nonce + AESGCM(master_keys()[key_id]).encrypt(nonce, data_key, _associated(name))


def data_key_unwrap(wrapped: bytes, *, name: str, key_id: str) -> bytes:
    master = master_keys().get(key_id)
    if master is None:
        raise FileKeyError(
            f"{name} is encrypted under master key {key_id!r}, which is not in "
            "FILE_ENCRYPTION_KEYS: add that key back to read it."
        )
    wrapped = bytes(wrapped)
    try:
        return AESGCM(master).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _associated(name)
        )
    except InvalidTag:
        raise FileKeyError(f"The data key of {name} does not open under {key_id!r}.") from None
