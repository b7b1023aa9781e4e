"""Staff pages at 1,000 and 100,000 cases (BENCH_SIZES) spread over BENCH_SCHOOLS schools (the
user measured is the headteacher of one of them, whose school holds at least MEASURED_FLOOR of
the cases, so that its lists are full pages at the smallest size too: a ratio then measures the
database growing, not a page of 2 rows becoming a page of 25), with the seeding time and, on
PostgreSQL, the database's size at each size: median and p95 of 20 requests after
warm-up, and the query count, in-process, and one write (adding a note: writes must not grow
with the cases either); then the case page and the case list under 20
concurrent connections with gunicorn (2 workers) and wrk, against a minimal view."""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
WRITE = "adding a note to a case (POST)"
SMOKE = bool(os.environ.get("BENCH_SMOKE"))  # CI: tiny sizes, no load test


def sizes() -> list[int]:
    return [int(s) for s in os.environ.get("BENCH_SIZES", "1000,100000").split(",") if s]


def school_count() -> int:
    """How many schools the cases are spread over: seed_demo's five unless BENCH_SCHOOLS."""
    from policies.seed_data import SCHOOLS

    return int(os.environ.get("BENCH_SCHOOLS") or len(SCHOOLS))


def _fixture(school):
    """A head with a verified second factor, and a case with 10 reports, 20 events, 5 letters."""
    from django.test import Client

    from incidents.models import Case, CaseEvent
    from letters.models import Kind
    from tests.conftest import TwoFactorClient
    from tests.factories import (
        CaseEventFactory,
        CaseFactory,
        LetterFactory,
        ParentFactory,
        ReportFactory,
    )

    head = school.memberships.get(role="headteacher").user
    client = TwoFactorClient()
    client.force_login(head)
    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER, reference="BENCH-0001")
    for _ in range(10):
        ReportFactory(case=case, school=school)
    for n in range(20):
        CaseEventFactory(case=case, kind=CaseEvent.Kind.LETTER if n < 5 else CaseEvent.Kind.NOTE)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    for _ in range(5):
        LetterFactory(case=case, parent=parent, kind=Kind.WARNING)
    assert isinstance(client, Client)
    return client, case


def _write_case(school):
    """An open case that the write measurement adds notes to (kept apart from the case page
    measured, so its chronology does not grow between sizes)."""
    from incidents.models import Case
    from tests.factories import CaseFactory

    return CaseFactory(
        school=school, status=Case.Status.GATHERING_INFORMATION, reference="BENCH-0002"
    )


def _pages(school, case) -> dict[str, str]:
    from incidents.models import Case
    from incidents.pagination import _encode

    newest = Case.objects.filter(school=school).order_by("-opened_at", "-id")
    deep = newest[newest.count() // 2]
    return {
        "/staff/ (dashboard)": "/staff/",
        "/staff/cases/ first page": "/staff/cases/",
        "/staff/cases/ deep page": f"/staff/cases/?after={_encode(deep.opened_at, deep.pk)}",
        "/staff/cases/ filtered": "/staff/cases/?status=gathering_information&sort=opened",
        "/staff/cases/ search": "/staff/cases/?q=useless",
        "case detail (10 reports, 20 events, 5 letters)": case.get_absolute_url(),
        "/staff/approvals/": "/staff/approvals/",
    }


def _measure(client, url):
    for _ in range(3):
        client.get(url)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return (
        statistics.median(times) * 1000,
        statistics.quantiles(times, n=20)[-1] * 1000,
        len(queries),
    )


def _measure_note(client, case):
    """Adding a note: a POST that writes a chronology row (and, through the database's
    triggers, the case's stamp), then redirects to the case."""
    url = f"{case.get_absolute_url()}note/"

    def post(number):
        response = client.post(url, {"text": f"Spoke to the class rep ({number})."})
        assert response.status_code == 302, (url, response.status_code)

    for number in range(3):
        post(number)
    times = []
    for number in range(RUNS):
        start = time.perf_counter()
        post(number)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        post(RUNS)
    return (
        statistics.median(times) * 1000,
        statistics.quantiles(times, n=20)[-1] * 1000,
        len(queries),
    )


# Enough that at the smallest size the measured school's list pages, search and head's queue
# (20 a page) are full pages, as they are at the largest.
MEASURED_FLOOR = 500


def _seed(total: int, measured) -> int:
    """Add cases up to `total`, the measured school's first up to MEASURED_FLOOR; returns how
    many were added."""
    from demo.cases import demo_cases_seed
    from incidents.models import Case

    missing = total - Case.objects.count()
    short = min(MEASURED_FLOOR - Case.objects.filter(school=measured).count(), missing)
    added = demo_cases_seed(count=short, schools=[measured])
    return added + demo_cases_seed(count=total - Case.objects.count())


def run(results, connection_):
    from bench.harness import (
        database_size,
        empty_database,
        peak_rss_mb,
        reset_peak_rss,
        schools_seed,
    )
    from incidents.models import Case
    from policies.models import School

    empty_database()
    started = time.perf_counter()
    schools_seed(school_count())
    results.add(f"seeding {school_count()} schools", f"{time.perf_counter() - started:.0f} s")
    measured, queried = {}, {}
    school = School.objects.get(slug="joy-lane")
    client = case = None
    for size in sizes():
        reset_peak_rss()
        started = time.perf_counter()
        added = _seed(size, school)
        seeded = time.perf_counter() - started
        if client is None:
            client, case = _fixture(school)
            write_case = _write_case(school)
        # Seeding a million cases outlasts the session's idle limit: sign in afresh each size
        # (signing the same user in again would keep the old session's idle stamp).
        client.logout()
        client.force_login(school.memberships.get(role="headteacher").user)
        spread = Case.objects.values("school").distinct().count()
        results.add(
            f"seeding to {size:,} cases over {school_count()} schools",
            f"{seeded:.0f} s",
            f"{added:,} added, {added / seeded:,.0f} cases/s; cases at {spread} schools, "
            f"{Case.objects.filter(school=school).count():,} at the one measured; "
            f"peak memory {peak_rss_mb():.0f} MB",
        )
        if (size_on_disk := database_size()) is not None:
            results.add(f"database size @ {size:,}", size_on_disk, "pg_database_size")
        measures = [(name, _measure, url) for name, url in _pages(school, case).items()]
        measures.append((WRITE, _measure_note, write_case))
        for name, measure, target in measures:
            median, p95, queries = measure(client, target)
            measured[(name, size)] = median
            queried.setdefault(name, set()).add(queries)
            results.add(
                f"{name} @ {size:,}", f"{median:.1f} ms", f"p95 {p95:.1f} ms; {queries} queries"
            )
    if len(sizes()) >= 2:
        small, large = sizes()[0], sizes()[-1]
        for name in [*_pages(school, case), WRITE]:
            ratio = measured[(name, large)] / measured[(name, small)]
            results.add(f"{name}: {large:,} / {small:,}", f"{ratio:.2f}", "target ≤ 1.5")
        grown = [name for name, counts in queried.items() if len(counts) > 1]
        results.add(
            "query counts equal at every size",
            "no" if grown else "yes",
            f"differ: {'; '.join(grown)}" if grown else "",
        )
    if not SMOKE:
        _concurrency(results, client, case)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(url: str, cookie: str) -> tuple[float, float, float]:
    out = subprocess.run(  # noqa: S603
        [shutil.which("wrk"), "-t2", "-c20", "-d20s", "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert not errors, out
    return rps, latency(50), latency(99)


def _concurrency(results, client, case):
    if not shutil.which("wrk"):
        results.add("concurrency (gunicorn + wrk)", "skipped", "wrk is not installed")
        return
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        results.add("concurrency (gunicorn + wrk)", "skipped", "needs PostgreSQL")
        return
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    for command in (["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        base = f"http://127.0.0.1:{port}"
        floor = _wrk(base + "/bench/minimal/", cookie)
        for name, path in [
            ("case detail", case.get_absolute_url()),
            ("case list", "/staff/cases/"),
        ]:
            rps, p50, p99 = _wrk(base + path, cookie)
            results.add(
                f"{name} under 20 connections (gunicorn -w 2)",
                f"{rps:.0f} req/s",
                f"{rps / floor[0]:.0%} of the minimal view's {floor[0]:.0f} req/s; "
                f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, p99/p50 {p99 / p50:.1f}",
            )
    finally:
        server.terminate()
        server.wait(timeout=20)
