"""Shared set-up for benchmarks: Django on a throw-away test database, timing and memory."""

import os
import platform
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass, field


def django_setup(test_name: str | None = None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if test_name and connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name

    setup_test_environment()
    # A separate database (test_<name>, or a temporary SQLite file), created and migrated here.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


@dataclass
class Row:
    name: str
    value: str
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(self, name, value, note=""):
        self.rows.append(Row(name, value, note))
        print(f"  {name:<58} {value:>16}  {note}", flush=True)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times) -> float:
    return statistics.median(times) * 1000


def _status_mb(field_name: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident memory since start, or since the last `reset_peak_rss()` on Linux."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    return _status_mb("VmRSS") or 0.0


def reset_peak_rss() -> bool:
    """Linux resets the VmHWM high-water mark when 5 is written to clear_refs."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB"


def git_revision() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def empty_database() -> None:
    """Each benchmark seeds its own sizes: start from an empty database, whatever ran before
    (the staff pages leave 100,000 cases across five schools; the exports need 10,000 and then
    100,000 at one school)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def schools_seed(total: int) -> None:
    """`seed_demo`'s five schools and more like them up to `total`, each with its code,
    categories, groups and demo staff, as `seed_demo --cases` needs (idempotent)."""
    from django.conf import settings
    from django.core.management import call_command

    from demo.users import demo_users_seed
    from policies.models import School
    from policies.seed import school_seed
    from policies.seed_data import DEMO_GROUPS, SCHOOLS

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for n in range(total - len(SCHOOLS)):
        like = SCHOOLS[n % len(SCHOOLS)]
        school = school_seed(
            data={
                **like,
                "slug": f"bench-school-{n}",
                "name": f"Bench Primary School {n}",
                "reference_code": f"B{n:03d}",
                "concern_email": f"concerns@bench-school-{n}.example.org",
            },
            groups=DEMO_GROUPS,
        )
        demo_users_seed(school=school, password=settings.DEMO_PASSWORD)
    assert School.objects.count() == max(total, len(SCHOOLS))


def database_size() -> str | None:
    """The whole database's size on disk, on PostgreSQL (what a deployer provisions)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def storages(location, *, encrypted: bool = True) -> dict:
    """STORAGES with the private files under `location`: encrypted at rest, as deployed, unless
    a benchmark measures the cost of that (bench/encryption.py)."""
    from django.conf import settings

    from config.storage import encrypted_storage

    files = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location},
    }
    return {**settings.STORAGES, "private": encrypted_storage(files) if encrypted else files}
