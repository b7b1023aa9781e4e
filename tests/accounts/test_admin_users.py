"""Administrators reset someone's second factor (with a confirmation, written to the access
audit); skipping the second step is for demo users with DJANGO_DEBUG only, never superusers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import backup_codes_new, second_factor_reset
from audit.models import AccessEvent
from tests.conftest import TwoFactorClient
from tests.factories import StaffProfileFactory


def reset_action(admin_client, user, **extra):
    return admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk], **extra},
    )


def test_resetting_a_second_factor_asks_for_confirmation_first(admin_client, slt):
    TOTPDevice.objects.create(user=slt, name="phone", confirmed=True)
    response = reset_action(admin_client, slt)
    assert response.status_code == 200
    assert "Yes, reset their second factor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=slt).exists()


def test_an_administrator_resets_a_second_factor_and_it_is_audited(
    admin_client, admin_user, client, slt
):
    """Signed-in sessions lose the second step too: they are asked to enrol again."""
    signed_in_elsewhere = TwoFactorClient()
    signed_in_elsewhere.force_login(slt)  # both steps, with an authenticator
    backup_codes_new(slt)
    response = reset_action(admin_client, slt, confirmed="yes")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=slt).exists()
    assert not StaticDevice.objects.filter(user=slt).exists()
    event = AccessEvent.objects.get(action=AccessEvent.Action.RESET_SECOND_FACTOR)
    assert (event.actor, event.object_type, event.object_label) == (admin_user, "user", "oak-slt")
    assert signed_in_elsewhere.get("/staff/").url.startswith("/accounts/two-step/")
    client.force_login_password_only(slt)
    assert "Set up two-step sign-in" in client.get("/accounts/two-step/").content.decode()


def test_only_an_administrator_may_reset_a_second_factor(slt, head):
    request = RequestFactory().post("/")
    request.user = head
    with pytest.raises(PermissionDenied):
        second_factor_reset(request=request, user=slt, by=head)


@pytest.mark.parametrize(
    "is_demo, superuser, debug, offered",
    [
        (True, False, True, True),
        (True, False, False, False),
        (False, False, True, False),
        (True, True, True, False),
    ],
)
def test_skip_is_offered_to_demo_users_with_debug_only_never_superusers(
    client, slt, settings, is_demo, superuser, debug, offered
):
    StaffProfileFactory(user=slt, is_demo=is_demo)
    slt.is_superuser = superuser
    slt.save(update_fields=["is_superuser"])
    settings.DEBUG = debug
    client.force_login_password_only(slt)
    assert ('name="skip"' in client.get("/accounts/two-step/").content.decode()) is offered
    client.post("/accounts/two-step/", {"skip": "1", "next": "/staff/"})
    assert (client.get("/staff/").status_code == 200) is offered
