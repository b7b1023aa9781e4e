"""A worker killed mid-export: how long until the export of 10,000 cases is finished anyway.

Everything real and at its defaults (JOB_STALE_SECONDS, SWEEP_SECONDS, the broker's visibility
timeout): a Redis of its own on a free loopback port, a `celery worker` and a `celery beat` on
the benchmark's database. The XLSX export is requested as the bursar's page does; the worker is
killed with SIGKILL after its first chunk, a new worker starts at once, and the clock runs from
the kill until the job is done (the beat's sweep gives the stale job back and queues it).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = 10_000
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, *, timeout: float, step: float = 0.05, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


def _celery(env: dict, log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _worker(env: dict, log: Path) -> subprocess.Popen:
    start = log.stat().st_size if log.exists() else 0
    process = _celery(env, log, "worker", "--pool=solo", "--without-mingle", "--without-gossip")
    _wait(lambda: b"ready." in log.read_bytes()[start:], timeout=60, what="worker ready")
    return process


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def run(results, connection):
    import io

    from django.core.management import call_command
    from django.db import transaction
    from kombu import pools

    from bench.exports import _analyze, _seed_to
    from bench.harness import empty_database
    from config import celery_app
    from exports.models import ExportJob, Format
    from exports.selectors import ExportFilters
    from exports.services.exports import export_request
    from policies.models import Membership, School

    empty_database()
    call_command("seed_demo", stdout=io.StringIO())
    _seed_to(CASES)
    _analyze(connection)
    school = School.objects.order_by("id").first()
    bursar = Membership.objects.filter(school=school, role=Membership.Role.BURSAR).first().user
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    processes = []
    try:
        _wait(
            lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, timeout=10, what="redis"
        )
        with tempfile.TemporaryDirectory() as folder:
            db = connection.settings_dict
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}",
                "REDIS_URL": broker,
                "MEDIA_ROOT": folder,
                "CELERY_QUEUE": "bench-fault",
            }
            log = Path(folder, "celery.log")
            conf = celery_app.conf
            conf.broker_url, conf.task_always_eager = broker, False
            conf.task_default_queue = "bench-fault"
            pools.reset()
            celery_app._pool = celery_app.amqp._producer_pool = None
            first = _worker(env, log)
            processes.append(first)
            schedule = str(Path(folder, "beat-schedule"))
            processes.append(_celery(env, log, "beat", "-s", schedule))
            with transaction.atomic():
                started = export_request(
                    school=school, by=bursar, filters=ExportFilters(), format=Format.XLSX
                )
            job = ExportJob.objects.filter(pk=started.job.pk)
            _wait(lambda: job.get().done > 0, timeout=60, step=0.005, what="first chunk")
            first.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            first.wait(timeout=10)
            stopped = job.get()
            processes.append(_worker(env, log))
            _wait(lambda: job.get().attempts > 1, timeout=300, step=0.2, what="taken over")
            resumed = time.monotonic() - killed
            _wait(lambda: job.get().status == ExportJob.Status.DONE, timeout=300, what="done")
            finished = time.monotonic() - killed
            done = job.get()
    finally:
        for process in processes:
            _stop(process)
        redis.terminate()
        redis.wait(timeout=10)
    from django.conf import settings

    results.add(
        f"export {done.done:,} cases (XLSX), worker killed (SIGKILL) at row {stopped.done:,}: "
        "kill → done",
        f"{finished:.0f} s",
        f"target < 120 s; taken over after {resumed:.0f} s (JOB_STALE_SECONDS "
        f"{settings.JOB_STALE_SECONDS}, SWEEP_SECONDS {settings.SWEEP_SECONDS}); "
        f"{done.attempts} attempts, status {stopped.status} at the kill",
    )
