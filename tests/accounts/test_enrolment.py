"""Enrolment that only the account holder completes: each sign-in session sees its own
authenticator secret, and the one confirmed replaces every other."""

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import TwoFactorClient


def code_for_secret(secret: str, drift: int = 0) -> str:
    return f"{totp(base64.b32decode(secret), drift=drift):06d}"


def enrolment_secret(client) -> str:
    return client.get("/accounts/two-step/").context["secret"]


def signed_in_with_password(user) -> TwoFactorClient:
    client = TwoFactorClient()
    client.force_login_password_only(user)
    return client


def test_each_sign_in_session_is_shown_its_own_secret(slt):
    first = enrolment_secret(signed_in_with_password(slt))
    second = enrolment_secret(signed_in_with_password(slt))
    assert first != second


def test_the_secret_stays_the_same_within_a_session_after_a_wrong_code(slt):
    client = signed_in_with_password(slt)
    secret = enrolment_secret(client)
    client.post("/accounts/two-step/", {"code": "000000", "next": "/staff/"})
    assert enrolment_secret(client) == secret


def test_a_secret_seen_by_another_session_is_useless_after_the_holder_confirms(slt):
    someone_else = signed_in_with_password(slt)
    seen_elsewhere = enrolment_secret(someone_else)
    holder = signed_in_with_password(slt)
    holder_secret = enrolment_secret(holder)
    holder.post("/accounts/two-step/", {"code": code_for_secret(holder_secret)})
    assert holder.get("/staff/").status_code == 200
    assert TOTPDevice.objects.filter(user=slt).count() == 1

    later = signed_in_with_password(slt)
    # The next 30-second code: one the authenticator has not used yet, and would accept.
    next_code = code_for_secret(seen_elsewhere, drift=1)
    response = later.post("/accounts/two-step/", {"code": next_code})
    assert "That code is not right" in response.content.decode()
    assert later.get("/staff/").status_code == 302
    # The other session's pending enrolment is gone too: it now asks for a code.
    page = someone_else.get("/accounts/two-step/").content.decode()
    assert "Enter your code" in page and seen_elsewhere not in page
