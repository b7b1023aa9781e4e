"""Exporting case records at 10,000 and 100,000 cases (BENCH_EXPORT_SIZES, comma-separated).

`seed_demo`, then `demo_cases_seed(count=...)` with every case at one school (an export is
always one school's cases). Each export runs in a fresh process that reports its own peak
resident memory: the CSV through the real view, consuming the streamed response (CSV_RUNS
processes; the median time counts, like the baseline's); the XLSX through the job function.
In this process, the plain `csv` module writes the same rows from a list already in memory:
the raw speed the CSV export is compared with, in the same run.
"""

import csv
import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SIZES = "10000,100000"
RAW_RUNS = 3
CSV_RUNS = 3  # the CSV child runs this often and its median counts, as the raw baseline's does


def _sizes() -> list[int]:
    return sorted(int(s) for s in os.environ.get("BENCH_EXPORT_SIZES", DEFAULT_SIZES).split(","))


def _seed_to(count: int) -> None:
    """Add cases until there are `count`, all at the first seeded school."""
    from demo.cases import demo_cases_seed
    from incidents.models import Case
    from policies.models import School

    first = School.objects.order_by("id")[:1]
    demo_cases_seed(count=count - Case.objects.count(), schools=list(first))


def _analyze(connection) -> None:
    """Bulk-loaded tables have no planner statistics yet; a live database has them (autovacuum
    on PostgreSQL). Without them PostgreSQL plans the keyset queries badly."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _database_for_children(connection, folder: str) -> str:
    """The database name a child process can open: PostgreSQL's test database as it is; an
    in-memory SQLite test database copied to a file first."""
    name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or Path(str(name)).is_file():
        return name
    connection.ensure_connection()
    path = str(Path(folder, "bench-exports.sqlite3"))
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return path


def _raw_rows_per_second(school) -> tuple[float, int]:
    from exports.columns import HEADER
    from exports.selectors import ExportFilters, export_chunks, export_scope

    filters = ExportFilters()
    _, upto = export_scope(school=school, filters=filters)
    rows = [
        row
        for chunk in export_chunks(school=school, filters=filters, upto_case_id=upto)
        for row in chunk
    ]
    times = []
    for _ in range(RAW_RUNS):
        start = time.perf_counter()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows)
        times.append(time.perf_counter() - start)
    return len(rows) / statistics.median(times), len(rows)


def _child(kind: str, database: str, school_id: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.exports", kind, database, str(school_id)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _median_run(kind: str, database: str, school_id: int, runs: int) -> dict:
    """The run with the median time of `runs` fresh processes; its peak memory is the highest
    of them all (the memory target is a ceiling)."""
    figures = [_child(kind, database, school_id) for _ in range(runs)]
    figures.sort(key=lambda figure: figure["seconds"])
    median = figures[len(figures) // 2]
    return {**median, "peak_mb": max(f["peak_mb"] for f in figures), "runs": runs}


def run(results, connection):
    from django.core.management import call_command

    from bench.harness import empty_database
    from policies.models import School

    empty_database()
    call_command("seed_demo", stdout=io.StringIO())
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in _sizes():
            _seed_to(size)
            _analyze(connection)
            school = School.objects.order_by("id").first()
            database = _database_for_children(connection, folder)
            raw, rows = _raw_rows_per_second(school)
            exported = {"csv": _median_run("csv", database, school.pk, CSV_RUNS)}
            exported["xlsx"] = _child("xlsx", database, school.pk)
            figures[size] = exported
            for kind, label in [("csv", "CSV (streamed view)"), ("xlsx", "XLSX (job)")]:
                figure = exported[kind]
                assert figure["rows"] == rows, (kind, figure["rows"], rows)
                runs = figure.get("runs", 1)
                results.add(
                    f"export {rows:,} cases, {label}: rows per second",
                    f"{figure['rows'] / figure['seconds']:,.0f}",
                    f"{figure['seconds']:.1f} s; {figure['bytes'] / 1e6:.1f} MB file"
                    + (f"; median of {runs} runs" if runs > 1 else ""),
                )
                results.add(
                    f"export {rows:,} cases, {label}: peak RSS",
                    f"{figure['peak_mb']:.0f} MB",
                    f"{figure['ready_mb']:.0f} MB resident before the export"
                    + (f"; highest of {runs} runs" if runs > 1 else ""),
                )
            results.add(
                f"plain csv module, {rows:,} rows from a list: rows per second",
                f"{raw:,.0f}",
                f"median of {RAW_RUNS}",
            )
            ratio = exported["csv"]["rows"] / exported["csv"]["seconds"] / raw
            results.add(
                f"CSV export / plain csv at {rows:,} rows",
                f"{ratio:.0%}",
                "target ≥ 15% (one path for both databases)",
            )
    small, large = min(figures), max(figures)
    if small != large:
        for kind in ("csv", "xlsx"):
            growth = figures[large][kind]["peak_mb"] - figures[small][kind]["peak_mb"]
            results.add(
                f"{kind.upper()} export peak RSS growth, {small:,} → {large:,} cases",
                f"{growth:.1f} MB",
                "target < 50 MB",
            )


def child(kind: str, database: str, school_id: int):
    """One export in a fresh process, against the database the parent seeded."""
    import gc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory, override_settings

    from bench.harness import peak_rss_mb, reset_peak_rss, rss_mb, storages
    from exports.models import ExportJob, Format
    from exports.selectors import ExportFilters, export_scope
    from exports.services.exports import export_job_run
    from exports.views import ExportView
    from policies.models import Membership, School

    connection.settings_dict["NAME"] = database
    school = School.objects.get(pk=school_id)
    bursar = Membership.objects.filter(school=school, role=Membership.Role.BURSAR).first().user
    total, upto = export_scope(school=school, filters=ExportFilters())
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(
            EXPORT_SYNC_MAX_ROWS=total + 1,  # measure the streamed CSV whatever the size
            STORAGES=storages(media),
        ),
    ):

        def request(method, data=None):
            # The view itself, past the sign-in middleware (two factors, lockouts, sessions).
            made = getattr(RequestFactory(), method)("/staff/exports/", data)
            made.user, made.session = bursar, {}
            made.user.is_verified = lambda: True  # the second factor given, as OTPMiddleware says
            return ExportView.as_view()(made)

        assert request("get").render().status_code == 200  # a warm process, as a server's
        job = ExportJob.objects.create(
            school=school, requested_by=bursar, format=Format.XLSX, upto_case_id=upto, total=total
        )
        gc.collect()
        ready_mb = rss_mb()
        reset_peak_rss()
        start = time.perf_counter()
        if kind == "csv":
            response = request("post", {"format": "csv"})
            assert response.status_code == 200 and response.streaming
            size = lines = 0
            for piece in response.streaming_content:
                size += len(piece)
                lines += piece.count(b"\n")  # rows end in CR LF
            response.close()
            rows = lines - 1  # the header
        else:
            assert export_job_run(job_id=job.pk)
            job.refresh_from_db()
            size, rows = job.size, job.done
        seconds = time.perf_counter() - start
        figures = {
            "seconds": seconds,
            "rows": rows,
            "bytes": size,
            "peak_mb": peak_rss_mb(),
            "ready_mb": ready_mb,
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
