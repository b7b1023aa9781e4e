"""A temporary password set by an administrator is replaced by the holder at first sign-in,
before any staff page and before an authenticator is set up; staff change their own."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffProfile
from policies.models import Membership
from tests.conftest import TwoFactorClient
from tests.factories import MembershipFactory

NEW_PASSWORD = "a-new-and-long-passphrase-7"
TEMPORARY = "Temporary-pass-42"


def sign_in(username, password, ip="198.51.100.7") -> TwoFactorClient:
    client = TwoFactorClient()
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    assert response.status_code == 302, "sign-in failed"
    return client


def add_user_in_admin(admin_client, school, username="new-slt", password=TEMPORARY):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": username,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username=username)
    MembershipFactory(user=user, school=school, role=Membership.Role.SLT)
    return user, password


def change_password(client, old, new=NEW_PASSWORD, next_url="/staff/"):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new, "next": next_url},
    )


def test_account_created_in_admin_chooses_a_new_password_before_enrolling(admin_client, school):
    user, temporary = add_user_in_admin(admin_client, school)
    client = sign_in(user.username, temporary)
    to_two_step = client.get("/staff/cases/")
    assert to_two_step.url.startswith("/accounts/two-step/")
    to_password = client.get(to_two_step.url)
    assert to_password.url.startswith("/accounts/password/?next=%2Fstaff%2Fcases%2F")
    page = client.get(to_password.url).content.decode()
    assert "Choose your own password" in page
    assert not TOTPDevice.objects.filter(user=user).exists()  # no secret shown yet

    response = change_password(client, temporary, next_url="/staff/cases/")
    assert response.url == "/staff/cases/"
    assert "Set up two-step sign-in" in client.get(client.get(response.url).url).content.decode()
    assert not StaffProfile.objects.get(user=user).must_change_password


def test_changing_the_temporary_password_signs_out_others_who_knew_it(admin_client, school):
    user, temporary = add_user_in_admin(admin_client, school)
    someone_else = sign_in(user.username, temporary, ip="203.0.113.20")
    holder = sign_in(user.username, temporary)
    change_password(holder, temporary)
    response = someone_else.get("/accounts/two-step/")
    assert response.url.startswith("/accounts/login/")


def test_a_user_with_an_authenticator_enters_a_code_then_replaces_a_reset_password(
    admin_client, client, slt
):
    response = admin_client.post(
        f"/admin/auth/user/{slt.pk}/password/",
        {"usable_password": "true", "password1": "Reset-pass-9876", "password2": "Reset-pass-9876"},
    )
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=slt).must_change_password
    slt.refresh_from_db()
    client.force_login(slt)  # both steps done, as after entering a code
    response = client.get("/staff/")
    assert response.url.startswith("/accounts/password/?next=%2Fstaff%2F")
    change_password(client, "Reset-pass-9876")
    assert client.get("/staff/").status_code == 200


def test_demo_users_sign_in_as_documented(db, settings):
    call_command("seed_demo", stdout=io.StringIO())
    client = sign_in("grove-head", settings.DEMO_PASSWORD)
    page = client.get("/accounts/two-step/").content.decode()
    assert "Set up two-step sign-in" in page
    profile = StaffProfile.objects.get(user__username="grove-head")
    assert profile.is_demo and not profile.must_change_password


def test_staff_change_their_own_password_from_the_header(client, slt):
    client.force_login(slt)
    assert 'href="/accounts/password/"' in client.get("/staff/").content.decode()
    page = client.get("/accounts/password/").content.decode()
    assert "Change your password" in page
    response = change_password(client, "pw-for-tests-1", next_url="")
    assert response.url == "/accounts/password/done/"
    assert client.get(response.url).status_code == 200
    slt.refresh_from_db()
    assert slt.check_password(NEW_PASSWORD)


def test_the_password_alone_cannot_change_the_password_once_an_authenticator_is_set_up(client, slt):
    TOTPDevice.objects.create(user=slt, name="phone", confirmed=True)
    client.force_login_password_only(slt)
    response = change_password(client, "pw-for-tests-1")
    assert response.url.startswith("/accounts/two-step/")
    slt.refresh_from_db()
    assert slt.check_password("pw-for-tests-1")
