"""Second-factor devices: TOTP enrolment, verification, and single-use backup codes."""

import secrets

from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The user's unconfirmed authenticator being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def second_factor_verify(request, token: str) -> bool:
    """Check a code from the authenticator or an unused backup code, and mark the session."""
    device = match_token(request.user, token.replace(" ", ""))
    if device is None:
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def enrolment_confirm(request, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns new backup codes (shown once)."""
    device = enrolment_device(request.user)
    if not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return backup_codes_new(request.user)


@transaction.atomic
def backup_codes_new(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes
