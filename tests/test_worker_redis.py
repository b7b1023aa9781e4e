"""A real `celery worker` process on Redis, not eager mode: jobs complete end to end, survive
a worker killed mid-task and a broker outage, and scheduled jobs run twice send once.

Skipped only when REDIS_URL is unset; CI sets it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from kombu import pools as kombu_pools

from config import celery_app
from incidents.models import Case, Notification
from jobs.services import jobs_sweep
from letters.models import Kind, Letter, LetterRender
from letters.services.drafting import letter_approve, letter_draft, letter_update
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, *, timeout=60.0, step=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


class Worker:
    """One `celery -A config worker` process (solo pool: the task runs in that process)."""

    def __init__(self, env: dict, broker: str, queue: str, log: Path):
        self.env, self.broker, self.queue, self.log = env, broker, queue, log
        self.process = None

    def start(self):
        name = f"test-{uuid.uuid4().hex[:6]}@localhost"
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                self.queue,
                "-n",
                name,
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env={**self.env, "REDIS_URL": self.broker},
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: b"ready." in self.log.read_bytes(), timeout=60, what="worker ready")
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def use_broker(url: str, queue: str):
    """Point this test process's Celery app at a broker, non-eager, dropping cached pools."""
    conf = celery_app.conf
    conf.broker_url = url
    conf.broker_write_url = None
    conf.task_always_eager = False
    conf.task_default_queue = queue
    kombu_pools.reset()  # kombu keeps pools per broker URL; start from fresh connections
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_env(settings, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TEST_EMAIL_DIR": str(mail_dir),
        "CELERY_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "JOB_STALE_SECONDS": "3",
        "SWEEP_GRACE_SECONDS": "0",
        "DIGEST_HOUR": "0",
    }
    settings.JOB_STALE_SECONDS = 3
    settings.SWEEP_GRACE_SECONDS = 0
    saved = {
        k: celery_app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")
    }
    use_broker(REDIS_URL, queue)
    workers = []

    def worker(broker=REDIS_URL, **more_env):
        made = Worker({**env, **more_env}, broker, queue, tmp_path / "worker.log").start()
        workers.append(made)
        return made

    yield {"worker": worker, "queue": queue, "mail": mail_dir, "log": tmp_path / "worker.log"}
    for made in workers:
        made.stop()
    use_broker(saved["broker_url"], saved["task_default_queue"])
    celery_app.conf.task_always_eager = saved["task_always_eager"]


def approved_letter(school, head, paragraphs=3):
    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
    parent = ParentFactory(school=school, full_name="Robin Example")
    case.parents.add(parent)
    case.breach_categories.add(school.codes.get().breach_categories.first())
    letter = letter_draft(case=case, kind=Kind.WARNING, by=head, parent=parent)
    if paragraphs > 3:  # a long letter takes seconds to render
        letter.body += "\n\n" + "\n\n".join(
            f"Paragraph {n}: " + "The school asks all parents to be kind online. " * 12
            for n in range(paragraphs)
        )
        letter.save()
    letter_approve(letter=letter, by=head)  # no outer transaction: queued at once
    return LetterRender.objects.get(letter=letter)


def status(render):
    return LetterRender.objects.values_list("status", flat=True).get(pk=render.pk)


def pdf_files(settings):
    return list(Path(settings.PRIVATE_MEDIA_ROOT, "letters").rglob("*.pdf"))


def test_a_letter_job_completes_end_to_end(celery_env, school, head, settings):
    celery_env["worker"]()
    render = approved_letter(school, head)
    wait_for(lambda: status(render) == LetterRender.Status.DONE, what="PDF ready")
    render.refresh_from_db()
    assert render.attempts == 1 and len(pdf_files(settings)) == 1


def test_worker_killed_mid_render_completes_once_after_a_new_worker_starts(
    celery_env, school, head, settings
):
    first = celery_env["worker"]()
    render = approved_letter(school, head, paragraphs=400)
    wait_for(lambda: status(render) == LetterRender.Status.RUNNING, step=0.02, what="claim")
    first.kill()  # kill -9 in the middle of the render
    assert status(render) == LetterRender.Status.RUNNING and pdf_files(settings) == []
    celery_env["worker"]()
    time.sleep(settings.JOB_STALE_SECONDS + 0.5)
    jobs_sweep()  # what the beat's sweep does every SWEEP_SECONDS
    wait_for(lambda: status(render) == LetterRender.Status.DONE, timeout=90, what="PDF ready")
    time.sleep(6)  # the broker's own redelivery of the killed task comes and does nothing
    render.refresh_from_db()
    assert render.attempts == 2 and len(pdf_files(settings)) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, what="redis up")
    return server


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server binary")
def test_redis_down_while_the_head_approves(celery_env, client, school, head, settings):
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    server = redis_server(port)
    try:
        use_broker(broker, celery_env["queue"])
        celery_env["worker"](broker)
        server.terminate()
        server.wait(timeout=10)  # Redis is down now
        case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
        case.breach_categories.add(school.codes.get().breach_categories.first())
        letter = letter_draft(case=case, kind=Kind.WARNING, by=head, recipient_name="A Parent")
        letter_update(
            letter=letter,
            by=head,
            title=letter.title,
            body=letter.body,
            recipient_address="1 Example Road\nExampleton",
        )
        client.force_login(head)
        started = time.monotonic()
        response = client.post(f"/staff/letters/{letter.pk}/approve/")
        assert response.status_code == 302 and time.monotonic() - started < 20
        assert Letter.objects.get(pk=letter.pk).status == Letter.Status.APPROVED
        render = LetterRender.objects.get(letter=letter)
        assert status(render) == LetterRender.Status.PENDING
        server = redis_server(port)  # Redis is back
        use_broker(broker, celery_env["queue"])
        jobs_sweep()
        wait_for(lambda: status(render) == LetterRender.Status.DONE, timeout=90, what="PDF")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_scheduled_jobs_run_twice_send_one_email_per_recipient(celery_env, school, slt, head):
    from incidents.tasks import plan_reminders
    from jobs.tasks import sweep_jobs

    CaseFactory(school=school)  # an untriaged concern: the SLT digest
    SiteBanFactory(case__school=school, state="confirmed", review_on=timezone.localdate())
    celery_env["worker"]()
    for _ in range(2):  # two beats, or one beat firing twice (one queue: run in this order)
        plan_reminders.delay()
        sweep_jobs.delay()
    wait_for(
        lambda: Notification.objects.filter(status=Notification.Status.DONE).count() >= 2,
        what="reminders sent",
    )
    time.sleep(2)  # the second run's tasks have finished too
    sent = Notification.objects.values_list("kind", "recipient")
    assert sorted(sent) == sorted(
        [(Notification.Kind.DIGEST, slt.email), (Notification.Kind.BAN_REVIEW_DUE, head.email)]
    )
    messages = "".join(p.read_text() for p in celery_env["mail"].iterdir())
    assert messages.count("\nSubject: ") == 2
