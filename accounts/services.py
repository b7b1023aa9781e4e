"""Second-factor devices (TOTP enrolment, verification, single-use backup codes) and the
password marks that sign-in reads."""

import secrets

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffProfile
from accounts.sessions import ENROLMENT_DEVICE, MUST_CHANGE_PASSWORD
from audit.services import Action, access_record

BACKUP_CODES = 10


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(request) -> TOTPDevice:
    """The authenticator this session is setting up. Each session gets its own secret, so a
    secret shown to anyone else who signed in with the same password is never the one confirmed."""
    device_id = request.session.get(ENROLMENT_DEVICE)
    device = None
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
        request.session[ENROLMENT_DEVICE] = device.pk
    return device


def second_factor_verify(request, token: str) -> bool:
    """Check a code from the authenticator or an unused backup code, and mark the session."""
    device = match_token(request.user, token.replace(" ", ""))
    if device is None:
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def enrolment_confirm(request, token: str) -> list[str] | None:
    """Confirm this session's authenticator with a first code; it replaces every other secret
    the account had (pending in other sessions or not), and new backup codes are returned
    (shown once)."""
    device = enrolment_device(request)
    if not device.verify_token(token.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    del request.session[ENROLMENT_DEVICE]
    otp_login(request, device)
    return backup_codes_new(request.user)


@transaction.atomic
def backup_codes_new(user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def skip_allowed(user: User) -> bool:
    """Skipping the second step: demo users only, only with DJANGO_DEBUG, never a superuser."""
    return (
        settings.DEBUG
        and not user.is_superuser
        and StaffProfile.objects.filter(user=user, is_demo=True).exists()
    )


def demo_user_mark(*, user: User) -> None:
    StaffProfile.objects.update_or_create(user=user, defaults={"is_demo": True})


def password_set_by_administrator(*, user: User, by: User) -> None:
    """The holder chooses their own password at their next sign-in (an administrator setting
    their own password has chosen it already)."""
    if user.pk != by.pk:
        StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})


@transaction.atomic
def password_change_by_holder(*, request, form) -> None:
    """Save the holder's new password (a valid PasswordChangeForm); this session stays signed
    in, every other session of the account ends."""
    user = form.save()
    StaffProfile.objects.filter(user=user).update(must_change_password=False)
    update_session_auth_hash(request, user)
    request.session.pop(MUST_CHANGE_PASSWORD, None)


@transaction.atomic
def second_factor_reset(*, request, user: User, by: User) -> None:
    """Remove the user's authenticator and backup codes: they enrol again at next sign-in."""
    if not (by.is_active and by.is_staff and by.has_perm("auth.change_user")):
        raise PermissionDenied("Only an administrator who may change users can do this.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    access_record(
        request=request,
        action=Action.RESET_SECOND_FACTOR,
        actor=by,
        object_type="user",
        object_id=user.pk,
        object_label=user.get_username(),
    )
