import time

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.factories import StaffProfileFactory, UserFactory


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_pages_need_the_second_step(client, slt):
    client.force_login_password_only(slt)
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-step/?next=%2Fstaff%2Fcases%2F")


def test_the_admin_needs_the_second_step_too(client, admin_user):
    client.force_login_password_only(admin_user)
    response = client.get("/admin/")
    assert response.url.startswith("/accounts/two-step/")


def test_first_sign_in_enrols_an_authenticator_and_shows_backup_codes_once(client, slt):
    client.force_login_password_only(slt)
    page = client.get("/accounts/two-step/?next=/staff/").content.decode()
    assert "Set up two-step sign-in" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=slt, confirmed=False)
    response = client.post("/accounts/two-step/", {"code": code_for(device), "next": "/staff/"})
    page = response.content.decode()
    assert "shown only now" in page
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=slt).count() == 10
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_authenticator(client, slt):
    client.force_login_password_only(slt)
    client.get("/accounts/two-step/")
    wrong = client.post("/accounts/two-step/", {"code": "000000", "next": "/staff/"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=slt, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302


def test_returning_user_enters_a_code_or_a_backup_code_once(client, slt):
    device = TOTPDevice.objects.create(user=slt, name="phone", confirmed=True)
    from accounts.services import backup_codes_new

    backup = backup_codes_new(slt)[0]
    client.force_login_password_only(slt)
    assert "Enter your code" in client.get("/accounts/two-step/").content.decode()
    client.post("/accounts/two-step/", {"code": backup, "next": "/staff/"})
    assert client.get("/staff/").status_code == 200
    client.force_login_password_only(slt)  # a new sign-in: the backup code is spent
    response = client.post("/accounts/two-step/", {"code": backup, "next": "/staff/"})
    assert "already used" in response.content.decode()
    client.post("/accounts/two-step/", {"code": code_for(device), "next": "/staff/"})
    assert client.get("/staff/").status_code == 200


def test_skipping_enrolment_is_possible_only_with_debug(client, slt, settings):
    StaffProfileFactory(user=slt, is_demo=True)
    client.force_login_password_only(slt)
    settings.DEBUG = False
    client.post("/accounts/two-step/", {"skip": "1", "next": "/staff/"})
    assert client.get("/staff/").status_code == 302
    settings.DEBUG = True
    client.post("/accounts/two-step/", {"skip": "1", "next": "/staff/"})
    assert client.get("/staff/").status_code == 200


def test_next_cannot_leave_the_site(client, slt):
    client.force_login(slt)
    response = client.get("/accounts/two-step/?next=https://evil.example.org/")
    assert response.url == "/staff/"


def login(client, username, password, ip="198.51.100.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_same_message_for_unknown_users_and_wrong_passwords(client, db):
    UserFactory(username="pat")
    unknown = login(client, "nobody", "whatever-1").content.decode()
    wrong = login(client, "pat", "whatever-1").content.decode()
    message = "Please enter a correct username and password"
    assert message in unknown and message in wrong


def test_a_username_is_paused_from_every_address_at_its_own_higher_limit(client, db, settings):
    UserFactory(username="pat")
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT - 1):
        login(client, "pat", "wrong", ip=f"198.51.100.{n + 1}")
    assert login(client, "pat", "pw-for-tests-1", ip="203.0.113.9").status_code == 302
    client.logout()
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        login(client, "pat", "wrong", ip=f"198.51.100.{n + 1}")
    response = login(client, "pat", "pw-for-tests-1", ip="203.0.113.9")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_username_and_address_pair_is_paused_after_the_failure_limit(client, db, settings):
    UserFactory(username="pat")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "pat", "wrong", ip="198.51.100.50")
    assert login(client, "pat", "pw-for-tests-1", ip="198.51.100.50").status_code == 429
    assert login(client, "pat", "pw-for-tests-1", ip="198.51.100.51").status_code == 302


def test_a_guesser_on_the_school_wifi_does_not_lock_out_colleagues_there(client, db, settings):
    UserFactory(username="pat")
    school_wifi = "198.51.100.50"
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):  # many usernames, and one a lot
        login(client, f"guess{n}", "wrong", ip=school_wifi)
        login(client, "oak-head", "wrong", ip=school_wifi)
    assert login(client, "pat", "pw-for-tests-1", ip=school_wifi).status_code == 302


def test_sign_in_reads_the_client_address_behind_the_configured_proxy(client, db, settings):
    """Two staff behind the same reverse proxy: one's failures do not pause the other."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="pat")
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "pat", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.50",
        )
    paused = client.post(
        "/accounts/login/",
        {"username": "pat", "password": "pw-for-tests-1"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.50",
    )
    assert paused.status_code == 429
    other = client.post(
        "/accounts/login/",
        {"username": "pat", "password": "pw-for-tests-1"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.51",
    )
    assert other.status_code == 302


def test_a_forged_x_forwarded_for_is_ignored_without_a_proxy(client, db, settings):
    UserFactory(username="pat")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "pat", "password": "wrong"},
            REMOTE_ADDR="198.51.100.50",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
    assert login(client, "pat", "pw-for-tests-1", ip="198.51.100.50").status_code == 429


def test_session_is_rotated_at_sign_in(client, db):
    UserFactory(username="pat")
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    login(client, "pat", "pw-for-tests-1")
    assert client.session.session_key != before


@pytest.mark.parametrize(
    "key, age, reason",
    [(LAST_SEEN, 31 * 60, "idle"), (SIGNED_IN_AT, 10 * 3600 + 60, "absolute")],
)
def test_sessions_end_after_idle_and_absolute_timeouts(client, slt, key, age, reason):
    client.force_login(slt)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[key] = int(time.time()) - age
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302 and f"expired={reason}" in response.url
    assert client.get("/staff/").url.startswith("/accounts/login/")


def test_demo_users_get_the_demo_totp_secret(client, db, settings):
    settings.DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    device = TOTPDevice.objects.get(user__username="grove-head", confirmed=True)
    assert device.bin_key == b"Hello!\xde\xad\xbe\xef"
    client.force_login_password_only(device.user)
    client.post("/accounts/two-step/", {"code": code_for(device), "next": "/staff/"})
    assert client.get("/staff/").status_code == 200
