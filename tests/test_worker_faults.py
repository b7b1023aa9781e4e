"""Faults with a real worker, a real Redis of the test's own, and the web pages: work queued
while the broker is down is done once it is back; a job whose worker was killed mid-run is
taken over by the redelivery of the same task. The helpers live in tests/test_worker_redis.py.

Skipped only when REDIS_URL is unset; CI sets it.
"""

import json
import shutil
import time
from pathlib import Path

import pytest

from exports.models import ExportJob
from incidents.models import Case
from jobs.services import jobs_sweep
from letters.models import Letter, LetterEmail, LetterRender
from tests import test_worker_redis
from tests.test_worker_redis import (
    REDIS_URL,
    approved_letter,
    free_port,
    redis_server,
    status,
    use_broker,
    wait_for,
)

celery_env = test_worker_redis.celery_env  # the fixture: a worker on a queue of its own

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server binary"),
    pytest.mark.django_db(transaction=True),
]


def export_status(client, job) -> dict:
    return json.loads(client.get(f"/staff/exports/jobs/{job.public_id}/status/").content)


def cases(school, count):
    Case.objects.bulk_create(
        Case(school=school, reference=f"{school.reference_code}-2026-{n:05d}")
        for n in range(1, count + 1)
    )


def test_letter_email_and_export_asked_for_while_redis_is_down_are_done_when_it_returns(
    celery_env, client, school, head, bursar, settings
):
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    server = redis_server(port)
    try:
        use_broker(broker, celery_env["queue"])
        celery_env["worker"](broker)
        render = approved_letter(school, head)
        wait_for(lambda: status(render) == LetterRender.Status.DONE, timeout=90, what="PDF")
        letter = render.letter
        cases(school, 3)
        server.terminate()
        server.wait(timeout=10)  # Redis is down now

        client.force_login(head)
        started = time.monotonic()
        response = client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "email"})
        assert response.status_code == 302 and time.monotonic() - started < 20
        assert "E-mail queued" in client.get(letter.case.get_absolute_url()).content.decode()
        client.force_login(bursar)
        response = client.post("/staff/exports/", {"format": "xlsx"})
        assert response.status_code == 302 and time.monotonic() - started < 40
        job = ExportJob.objects.get()
        assert export_status(client, job)["status"] == "pending"
        assert LetterEmail.objects.get(letter=letter).status == LetterEmail.Status.PENDING
        assert list(celery_env["mail"].iterdir()) == []

        server = redis_server(port)  # Redis is back
        use_broker(broker, celery_env["queue"])
        assert jobs_sweep() == 2  # what the beat does every SWEEP_SECONDS
        wait_for(lambda: export_status(client, job)["status"] == "done", timeout=90, what="xlsx")
        wait_for(
            lambda: Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT,
            timeout=90,
            what="letter e-mailed",
        )
        client.force_login(head)
        page = client.get(letter.case.get_absolute_url()).content.decode()
        assert f"E-mailed: {letter.title} to {letter.recipient_email}" in page
        (message,) = celery_env["mail"].iterdir()
        assert "application/pdf" in message.read_text()
        assert jobs_sweep() == 0  # nothing left over, nothing sent twice
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_export_whose_worker_is_killed_mid_run_is_taken_over_by_the_redelivery(
    celery_env, client, school, bursar, settings
):
    cases(school, 1500)
    first = celery_env["worker"](EXPORT_CHUNK_SIZE="10")  # a progress heartbeat per 10 rows
    client.force_login(bursar)
    client.post("/staff/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    wait_for(lambda: export_status(client, job)["done"] > 0, step=0.01, what="first chunk")
    first.kill()  # kill -9 in the middle of the export
    stopped = export_status(client, job)
    assert stopped["status"] == "running" and 0 < stopped["done"] < 1500
    # No sweep: a worker that starts after the visibility timeout (5 s here) gets the killed
    # task again from Redis, and its claim takes the job over (its heartbeat is 3 s stale).
    time.sleep(6)
    celery_env["worker"]()
    wait_for(lambda: export_status(client, job)["status"] == "done", timeout=90, what="xlsx")
    job.refresh_from_db()
    assert (job.attempts, job.done) == (2, 1500)
    assert len(list(Path(settings.PRIVATE_MEDIA_ROOT, "exports").rglob("*.xlsx"))) == 1
