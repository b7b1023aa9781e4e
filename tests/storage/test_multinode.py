"""Two web nodes and a worker that share nothing but PostgreSQL, Redis and the object store.

Two gunicorn processes (nodes A and B) and a Celery worker run the production settings, each
with a local MEDIA_ROOT of its own, against the test database, Redis and the session's SeaweedFS
(STORAGE_URL). Over real HTTP: a concern with a screenshot sent through A is read by SLT through
B; a letter approved through B is rendered by the worker and downloaded through A; an export
started on A is downloaded on B. A session made on A works on B, the concern rate limit counted
on A refuses on B, and a username locked out on A is refused on B. No process writes a file to
its own disk.

Needs PostgreSQL (DATABASE_URL) and REDIS_URL, as several machines would; skips without them,
saying so, except in CI (the CI variable set), where it fails.
"""

import base64
import io
import os
import re
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import sync_playwright

from exports.models import ExportJob
from incidents.models import Case, Evidence, Report
from incidents.services.references import reference_next
from letters.models import Kind, LetterRender
from letters.services.drafting import letter_draft
from tests import imagefiles
from tests.factories import CaseFactory, ParentFactory
from tests.letters.test_pdf import pdf_text
from tests.storage.test_s3 import concern_data
from tests.test_worker_redis import ROOT, Worker, database_url, free_port, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "multinode-password-1"
# One secret for every node: signed-in sessions, the form's signed key and the browser cookie
# depend on it.
SECRET_KEY = "multinode-test-secret-key-the-same-on-every-node-0123456789"
# The production settings with one change: static files are served as they are found instead of
# from a compressed manifest, which would need a collectstatic; no page here depends on them.
NODE_SETTINGS = """from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""
# What this process sets for itself alone.
LEFT_OUT = ("TEST_EMAIL_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def postgres_and_redis():
    """Checked before anything is started."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append("DATABASE_URL pointing at PostgreSQL")
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL")
    if missing:
        reason = f"several nodes share one database and one Redis: needs {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


class Gunicorn:
    """One web node: `gunicorn -c config/gunicorn.conf.py config.wsgi` on a loopback port."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"{name}.log"
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"node {self.name} exited:\n{self.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()  # nothing happens if it has already exited
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def nodes(postgres_and_redis, transactional_db, object_store, tmp_path):
    """Nodes A and B and a worker, each with its own MEDIA_ROOT; stopped by PID afterwards."""
    (tmp_path / "node_settings.py").write_text(NODE_SETTINGS)
    queue = f"multinode-{uuid.uuid4().hex[:8]}"
    common = {
        **{key: value for key, value in os.environ.items() if key not in LEFT_OUT},
        "DJANGO_SETTINGS_MODULE": "node_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "STORAGE_URL": object_store.storage_url,
        # Files are encrypted at rest (vault) with these master keys: the same on every process.
        "FILE_ENCRYPTION_KEYS": f"multinode:{base64.b64encode(os.urandom(32)).decode()}",
        "CELERY_QUEUE": queue,
        # As behind one load balancer: the client address is the header's last entry.
        "TRUSTED_PROXY_COUNT": "1",
        "AXES_FAILURE_LIMIT": "3",
        "AXES_USERNAME_FAILURE_LIMIT": "4",
        "CONCERN_RATE_LIMIT": "1/d",
    }
    media = {name: tmp_path / f"media-{name}" for name in ("a", "b", "worker")}
    for folder in media.values():
        folder.mkdir()
    web = {
        name: Gunicorn(name.upper(), {**common, "MEDIA_ROOT": str(media[name])}, tmp_path)
        for name in ("a", "b")
    }
    worker = Worker(
        {**common, "MEDIA_ROOT": str(media["worker"])},
        os.environ["REDIS_URL"],
        queue,
        tmp_path / "worker.log",
    )
    try:
        worker.start()
        for node in web.values():
            wait_for(node.healthy, timeout=60, step=0.2, what=f"node {node.name} answering")
        yield {"a": web["a"].url, "b": web["b"].url, "media": media}
    finally:
        # Each takes seconds to wind down: all are told at once, then waited for.
        for node in web.values():
            node.process.terminate()
        worker.stop()
        for node in web.values():
            node.stop()


@pytest.fixture
def http(monkeypatch):
    """http() is a new browser: its own cookies, talking to whichever node it is given."""
    # Playwright's sync API keeps an asyncio loop marked as running in this thread, and Django
    # then refuses the ORM calls the test makes; nothing async of Django's runs here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        contexts = []

        def new_browser():
            context = playwright.request.new_context(max_redirects=0)
            contexts.append(context)
            return context

        yield new_browser
        for context in contexts:
            context.dispose()


def _staff(user) -> TOTPDevice:
    """A known password (hashed as production hashes it) and a confirmed authenticator."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def _token(browser, url: str) -> str:
    page = browser.get(url)
    assert page.status == 200, (url, page.status)
    return CSRF.search(page.text())[1]


def _sign_in(browser, node: str, user, device: TOTPDevice) -> None:
    token = _token(browser, f"{node}/accounts/login/")
    password_step = browser.post(
        f"{node}/accounts/login/",
        form={"csrfmiddlewaretoken": token, "username": user.username, "password": PASSWORD},
    )
    assert password_step.status == 302, password_step.text()[:2000]
    token = _token(browser, f"{node}/accounts/two-step/?next=/staff/")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    second_step = browser.post(
        f"{node}/accounts/two-step/",
        form={"csrfmiddlewaretoken": token, "code": f"{code:06d}", "next": "/staff/"},
    )
    assert second_step.status == 302 and second_step.headers["location"] == "/staff/"


def _concern(browser, node: str, school, screenshot: bytes):
    page = browser.get(f"{node}/s/{school.slug}/concern/").text()
    data = concern_data(
        school,
        # The form's own key: it is signed with the nodes' secret, not this process's.
        submission_key=re.search(r'name="submission_key" value="([^"]+)"', page)[1],
        categories=str(school.codes.get().breach_categories.first().pk),
        csrfmiddlewaretoken=CSRF.search(page)[1],
        screenshots={"name": "chat.png", "mimeType": "image/png", "buffer": screenshot},
    )
    return browser.post(f"{node}/s/{school.slug}/concern/", multipart=data)


def test_two_web_nodes_and_a_worker_share_only_the_database_redis_and_the_object_store(
    nodes, http, object_store, school, slt, head, bursar
):
    a, b = nodes["a"], nodes["b"]
    bucket = object_store.client()

    def keys() -> set[str]:
        pages = bucket.get_paginator("list_objects_v2").paginate(Bucket=object_store.bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    keys_before = keys()

    # A parent sends a concern with a screenshot through A; a second one through B is over the
    # browser's limit, which was counted on A.
    parent = http()
    screenshot = imagefiles.png(name="chat.png", size=(400, 300)).read()
    assert _concern(parent, a, school, screenshot).status == 302
    assert _concern(parent, b, school, screenshot).status == 429
    assert Report.objects.count() == 1
    case = Case.objects.get(school=school)
    evidence = Evidence.objects.get()

    # SLT sign in on A; the same session cookie opens the case and its screenshot on B.
    slt_browser = http()
    _sign_in(slt_browser, a, slt, _staff(slt))
    case_page = slt_browser.get(f"{b}/staff/cases/{case.reference}/")
    assert case_page.status == 200
    assert "Mr X posted that Miss Y is useless." in case_page.text()
    assert f"/staff/evidence/{evidence.public_id}/" in case_page.text()
    picture = slt_browser.get(f"{b}/staff/evidence/{evidence.public_id}/")
    assert picture.status == 200 and picture.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(picture.body())).size == (400, 300)

    # The headteacher approves a letter through B; the worker renders it; A serves the PDF.
    with transaction.atomic():  # numbered as the concern's case was, after it
        letter_case = CaseFactory(
            school=school,
            status=Case.Status.WARNING_LETTER,
            reference=reference_next(school=school),
        )
    robin = ParentFactory(school=school, full_name="Robin Example")
    letter_case.parents.add(robin)
    letter_case.breach_categories.add(school.codes.get().breach_categories.first())
    letter = letter_draft(case=letter_case, kind=Kind.WARNING, by=head, parent=robin)
    head_browser = http()
    _sign_in(head_browser, b, head, _staff(head))
    token = _token(head_browser, f"{b}/staff/letters/{letter.pk}/approve/")
    approved = head_browser.post(
        f"{b}/staff/letters/{letter.pk}/approve/", form={"csrfmiddlewaretoken": token}
    )
    assert approved.status == 302
    wait_for(
        lambda: LetterRender.objects.filter(
            letter=letter, status=LetterRender.Status.DONE
        ).exists(),
        timeout=60,
        what="the worker rendering the letter",
    )
    pdf = head_browser.get(f"{a}/staff/letters/{letter.pk}/pdf/")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert "Robin Example" in pdf_text(pdf.body())

    # An export started on A is made by the worker and downloaded on B.
    token = _token(head_browser, f"{a}/staff/exports/")
    started = head_browser.post(
        f"{a}/staff/exports/", form={"csrfmiddlewaretoken": token, "format": "xlsx"}
    )
    assert started.status == 302
    job_url = started.headers["location"]
    assert job_url.startswith("/staff/exports/jobs/")
    wait_for(
        lambda: head_browser.get(f"{b}{job_url}status/").json()["finished"],
        timeout=60,
        step=0.5,
        what="the worker finishing the export",
    )
    download = head_browser.get(f"{b}{job_url}download/")
    assert download.status == 200
    sheet = load_workbook(io.BytesIO(download.body()), read_only=True).active
    exported = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {case.reference, letter_case.reference} <= exported

    # Four failed sign-ins on A, each from another address, lock the bursar's username; the
    # right password on B, from yet another address, is then refused.
    _staff(bursar)
    guesser = http()
    for n in range(1, 5):
        token = _token(guesser, f"{a}/accounts/login/")
        guesser.post(
            f"{a}/accounts/login/",
            form={"csrfmiddlewaretoken": token, "username": bursar.username, "password": "wrong"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    bursar_browser = http()
    token = _token(bursar_browser, f"{b}/accounts/login/")
    refused = bursar_browser.post(
        f"{b}/accounts/login/",
        form={"csrfmiddlewaretoken": token, "username": bursar.username, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert refused.status == 429
    assert "Too many failed sign-in attempts" in refused.text()

    # Every file is in the bucket; no process kept one on its own disk.
    stored = keys() - keys_before
    assert evidence.file.name in stored and evidence.thumbnail.name in stored
    render = LetterRender.objects.get(letter=letter)
    assert render.pdf.name in stored
    assert ExportJob.objects.get().file.name in stored
    for name, folder in nodes["media"].items():
        assert _files_under(folder) == [], f"{name} wrote to its own MEDIA_ROOT"
