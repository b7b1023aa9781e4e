"""Browser fixtures: Debian's chromium driven by Playwright (sync API) against `live_server`.

One browser for all the browser tests; every test opens its own contexts (cookies, viewport)
and they are closed when it ends. Playwright's own browser downloads are never used: we launch the
system's /usr/bin/chromium. Without it the tests are skipped on a developer's machine and fail
in CI (`CI` set), where they must run.
"""

import os
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory's password
TIMEOUT_MS = 15_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a MEDIA_URL it can parse.

    Our MEDIA_URL is None (no uploaded file is ever served by URL), which Django's live-server
    media handler cannot parse. While the server builds its handlers we give it an address on
    another host, which that handler never serves; MEDIA_URL is None again before any request.
    """
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    media_url, settings.MEDIA_URL = settings.MEDIA_URL, "http://no-public-media.invalid/"
    try:
        server = LiveServer(address)
    finally:
        settings.MEDIA_URL = media_url
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One chromium for all the browser tests, closed when they are done."""
    if not CHROMIUM.exists():
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; browser tests must run in CI.")
        pytest.skip(f"{message}; browser tests skipped outside CI.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this thread for as long
    # as it is started, and Django then refuses the ORM calls tests make to set up data. The
    # flag allows them while the browser is up (package scope, not the whole session), and is
    # put back once Playwright has stopped; nothing async of Django's runs in these tests.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def artifacts():
    """Where screenshots go (git-ignored): artifacts/browser/ at the repository root."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def shot(artifacts):
    """shot(page, "name") saves artifacts/browser/name.png (the whole page by default)."""

    def save(page, name: str, *, full_page: bool = True) -> Path:
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.fixture
def new_context(browser, live_server, request, artifacts):
    """new_context(**options) opens a fresh browser context on the live server, desktop-sized
    unless told otherwise; all are closed (with a screenshot of each page on failure)."""
    opened = []

    def open_context(**options):
        settings = {**DESKTOP, **options}
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            timezone_id="Europe/London",
            accept_downloads=True,
            **settings,
        )
        context.set_default_timeout(TIMEOUT_MS)
        opened.append(context)
        return context

    yield open_context
    failed = getattr(request.node, "report_call", None) and request.node.report_call.failed
    for n, context in enumerate(opened):
        if failed:
            for m, page in enumerate(context.pages):
                name = f"FAILED-{request.node.name}-{n}-{m}.png"
                page.screenshot(path=str(artifacts / name), full_page=True)
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop-sized page in a new context."""
    return new_context().new_page()


@pytest.fixture
def sign_in():
    """sign_in(page, user) signs in with the password and a code from a confirmed authenticator,
    as a member of staff does; the page ends on the dashboard (or `next`)."""

    def do_sign_in(page, user, next_url: str = "/staff/"):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Browser test authenticator", defaults={"confirmed": True}
        )
        page.goto(f"/accounts/login/?next={next_url}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/accounts/two-step/**")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_label("Code").fill(f"{code:06d}")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"**{next_url}")
        return page

    return do_sign_in
