"""Redis (the cache and the broker) stops mid-test: staff still sign in and see their pages, the
headteacher's approval is saved and a parent's concern with a screenshot is stored, all through
the web pages; when Redis is back, the concern limit counts again.

Starts its own redis-server on a free loopback port and stops only that one.
"""

import importlib.util
import logging
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from kombu import pools as kombu_pools

from accounts import session_store
from config import celery_app
from incidents.models import Case, EscalationRequest, Evidence, Notification, Report
from tests import imagefiles
from tests.factories import CaseFactory, EscalationRequestFactory
from tests.incidents.test_concern_form import concern, group  # noqa: F401

pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server binary"),
    pytest.mark.django_db(transaction=True),
]
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"


def wait_for(condition, *, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class RedisServer:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        address = ("127.0.0.1", self.port)
        wait_for(lambda: socket.socket().connect_ex(address) == 0, what="redis up")

    @staticmethod
    def unused_url() -> str:
        """A Redis address nothing answers at."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return f"redis://127.0.0.1:{s.getsockname()[1]}/0"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def production_settings(monkeypatch, redis_url):
    """config/settings.py as production reads it with REDIS_URL set."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    spec = importlib.util.spec_from_file_location("settings_with_redis", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def use_broker(url, *, eager):
    conf = celery_app.conf
    conf.broker_url, conf.broker_write_url, conf.task_always_eager = url, None, eager
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis(settings, monkeypatch):
    """The production cache, sessions and broker on a Redis of our own."""
    server = RedisServer()
    server.start()
    production = production_settings(monkeypatch, server.url)
    settings.CACHES = production.CACHES
    settings.SESSION_ENGINE = production.SESSION_ENGINE
    settings.RATELIMIT_FAIL_OPEN = production.RATELIMIT_FAIL_OPEN
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    use_broker(server.url, eager=False)
    yield server
    server.stop()
    use_broker(saved[0], eager=saved[1])


def sign_in(user) -> Client:
    """Both steps through the pages: password, then a code from the authenticator."""
    browser = Client()
    password = browser.post(
        "/accounts/login/", {"username": user.username, "password": "pw-for-tests-1"}
    )
    assert password.status_code == 302
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    second = browser.post("/accounts/two-step/", {"code": code, "next": "/staff/"})
    assert second.status_code == 302 and second.url == "/staff/"
    return browser


def send_concern(browser, school, data):
    return browser.post(f"/s/{school.slug}/concern/", data)


def test_a_redis_outage_costs_no_sign_in_decision_or_report(
    redis,
    school,
    head,
    slt,
    concern,  # noqa: F811
    settings,
    caplog,
):
    for user in (head, slt):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    case = CaseFactory(
        school=school, status=Case.Status.SPEAKING_TO_PARENT, reference="OF-2026-9999"
    )
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    head_browser = sign_in(head)
    assert head_browser.get(case.get_absolute_url()).status_code == 200
    settings.CONCERN_RATE_LIMIT = "1/10m"

    redis.stop()  # the cache, the sessions' cache and the broker are gone
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        for page in ("/staff/", "/staff/cases/", case.get_absolute_url(), "/staff/approvals/"):
            assert head_browser.get(page).status_code == 200, page
        decided = head_browser.post(
            f"/staff/approvals/{proposal.pk}/", {"decision": "approve", "note": "Agreed"}
        )
        assert decided.status_code == 302
        assert sign_in(slt).get("/staff/").status_code == 200

        parent = Client()
        assert parent.get(f"/s/{school.slug}/concern/").status_code == 200
        for _ in range(2):  # over the limit, but the limiter cannot count: both accepted
            sent = send_concern(parent, school, concern(screenshots=[imagefiles.png()]))
            assert sent.status_code == 302
        receipt = parent.get(sent.url).content.decode()
        assert Report.objects.latest("pk").reference in receipt
    assert any(r.name.startswith("django_redis") for r in caplog.records)
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert proposal.decision == EscalationRequest.Decision.APPROVED
    assert case.status == Case.Status.WARNING_LETTER
    assert Report.objects.count() == 2 and Evidence.objects.count() == 2
    # Their e-mails wait as rows for the sweep, which queues them once the broker is back.
    assert Notification.objects.filter(status=Notification.Status.PENDING).exists()

    redis.start()  # back, empty
    wait_for(lambda: cache.add("probe", 1) or cache.get("probe") == 1, what="cache back")
    parent = Client()
    parent.get(f"/s/{school.slug}/concern/")
    assert send_concern(parent, school, concern()).status_code == 302
    refused = send_concern(parent, school, concern())
    assert refused.status_code == 429
    assert "cannot accept another just now" in refused.content.decode()
    assert head_browser.get("/staff/").status_code == 200


def test_a_sign_out_while_redis_is_unreachable_is_not_undone_when_it_is_back(
    redis, head, settings, monkeypatch
):
    """Redis keeps its data but the site cannot reach it (a network partition): the session's
    copy in Redis cannot be deleted at sign-out, and must not sign the cookie in again."""
    monkeypatch.setattr(session_store, "CACHE_SECONDS", 2)
    TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    browser = sign_in(head)
    assert browser.get("/staff/").status_code == 200
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    reachable = settings.CACHES
    settings.CACHES = production_settings(monkeypatch, redis.unused_url()).CACHES
    assert browser.post("/accounts/logout/").status_code == 302
    time.sleep(2.5)
    settings.CACHES = reachable  # Redis is reachable again, with what it held
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = stolen.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
