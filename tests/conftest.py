"""Shared fixtures: two schools, and a user per role at each."""

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache
from django.test import Client

from config.storage import encrypted_storage
from policies.models import Membership
from tests.factories import (
    BreachCategoryFactory,
    CodeOfConductFactory,
    MembershipFactory,
    SchoolFactory,
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes files, encrypted as deployed, under its own temporary MEDIA_ROOT,
    through the `private` storage (the `default` one is its alias)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": encrypted_storage(
            {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {
                    "location": tmp_path / "media" / "private",
                    "base_url": "/no-public-media/",
                },
            }
        ),
    }


@pytest.fixture(autouse=True)
def _rate_limit_window_held(monkeypatch):
    """django-ratelimit counts in fixed windows; one rolling over in the middle of a test would
    let a second allowance through. Its clock stands still for each test."""
    now = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(db):
    school = SchoolFactory(name="Oakfield Primary School", slug="oakfield", reference_code="OF")
    code = CodeOfConductFactory(school=school)
    BreachCategoryFactory(code=code, key="abusive-comments", name="Abusive or personal comments")
    BreachCategoryFactory(code=code, key="threatening", name="Threatening behaviour")
    return school


@pytest.fixture
def other_school(db):
    school = SchoolFactory(name="Elmwood Primary School", slug="elmwood", reference_code="EW")
    code = CodeOfConductFactory(school=school)
    BreachCategoryFactory(code=code, key="disrepute", name="Bringing the school into disrepute")
    return school


def _member(school, role, username):
    return MembershipFactory(school=school, role=role, user__username=username).user


@pytest.fixture
def slt(school):
    return _member(school, Membership.Role.SLT, "oak-slt")


@pytest.fixture
def head(school):
    return _member(school, Membership.Role.HEADTEACHER, "oak-head")


@pytest.fixture
def bursar(school):
    return _member(school, Membership.Role.BURSAR, "oak-bursar")


@pytest.fixture
def other_head(other_school):
    return _member(other_school, Membership.Role.HEADTEACHER, "elm-head")


@pytest.fixture
def other_slt(other_school):
    return _member(other_school, Membership.Role.SLT, "elm-slt")


class TwoFactorClient(Client):
    """force_login as after both sign-in steps: password and a confirmed authenticator."""

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Test authenticator", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def force_login_password_only(self, user, backend=None):
        super().force_login(user, backend)


@pytest.fixture
def client():
    return TwoFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = TwoFactorClient()
    client.force_login(admin_user)
    return client
