"""Secrets handed to reporters: shown once, stored only as a SHA-256 hash."""

import hashlib
import secrets

from django.core import signing

_SUBMISSION_SALT = "incidents.concern-form"


def follow_up_token_new() -> str:
    """256 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def submission_key_new() -> str:
    """A one-time key for one rendering of the concern form, signed so it cannot be forged."""
    return signing.Signer(salt=_SUBMISSION_SALT).sign(secrets.token_hex(16))


def submission_key_valid(value: str) -> bool:
    try:
        signing.Signer(salt=_SUBMISSION_SALT).unsign(value or "")
    except signing.BadSignature:
        return False
    return True
