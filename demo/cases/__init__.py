"""Scale data: realistic, invented cases with their reports, chronology and workflow records.

`demo_cases_seed(count=N)` adds N cases spread over the seeded schools, the states of the
escalation ladder, each school's breach categories and groups, and school-term weekdays from
January 2024 to yesterday. Everything is written with `bulk_create`, a chunk of cases per
transaction, so 100,000 cases load in minutes in bounded memory; the governors' report's
counters are then recounted for each school (`month_counts_recount`), and on PostgreSQL the
tables are ANALYZEd, so the planner knows their new size.

Generation is deterministic: the random generator is seeded with a fixed number plus the number
of cases already in the database, so running it again adds different cases rather than
duplicates. References come from `ReferenceCounter`, the same counter the public concern form
uses, so neither can ever issue a reference the other has used.

Modules: `names` (invented names and wording), `parents` (each school's pool of demo
parents, also loaded by plain `seed_demo`), `kits` (what is read of each school), `plan`
(every random decision about a case: path, dates, people), `references` (numbers from the
counter), `build` (model rows from a plan), `events` (the chronology) and `write` (the
chunked bulk INSERTs).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator

from django.db import reset_queries, transaction
from django.utils import timezone

from demo.cases.kits import kits_load
from demo.cases.parents import DEMO_PARENTS, PARENTS_PER_SCHOOL, parents_seed
from demo.cases.plan import plan_case, term_days
from demo.cases.references import references_assign
from demo.cases.write import chunk_write, statistics_refresh
from incidents.models import Case
from incidents.services.month_counts import month_counts_recount

__all__ = ["DEMO_PARENTS", "PARENTS_PER_SCHOOL", "demo_cases_seed", "parents_seed"]

SEED = 20_240_108
CHUNK = 5_000


def demo_cases_seed(*, count: int, schools=None, stdout=None) -> int:
    """Add `count` realistic cases to the seeded schools (or only to `schools`); returns the
    number created.

    Run `seed_demo` first: schools, codes of conduct, groups and the `<slug>-slt` and
    `<slug>-head` users are read from the database. A pool of demo parents is created per
    school if missing. Each chunk of cases is written in its own transaction.
    """
    if count <= 0:
        return 0
    kits = kits_load()
    if schools is not None:
        kits = [kit for kit in kits if kit.school in schools]
    start = Case.objects.count()
    rng = random.Random(SEED + start)
    now = timezone.now()
    days = term_days(until=timezone.localdate(now) - datetime.timedelta(days=1))
    created = 0
    began = time.monotonic()
    for size in _chunk_sizes(count):
        plans = [
            plan_case(rng, kits[(start + created + i) % len(kits)], days, now) for i in range(size)
        ]
        with transaction.atomic():
            references_assign(plans)
            chunk_write(rng, plans)
        reset_queries()  # with DEBUG on, Django would otherwise keep the last 9,000 INSERTs
        created += size
        if stdout is not None:
            stdout.write(f"  {created:,}/{count:,} cases ({time.monotonic() - began:.0f} s)")
    # The rows were written without the services: the report's counters are counted afresh.
    for kit in kits:
        month_counts_recount(school_id=kit.school.pk)
    statistics_refresh()
    return created


def _chunk_sizes(count: int) -> Iterator[int]:
    for done in range(0, count, CHUNK):
        yield min(CHUNK, count - done)
