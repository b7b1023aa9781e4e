"""The governors' report of a trust of 50 schools at 1,000 and 100,000 cases: the trust lead's
page over the cases' whole history (January 2024 to this month, as seed_demo spreads them) and
the headteacher's page for one school, median and p95 of 20 requests after warm-up, and the
query count, in-process.

Its sizes are BENCH_REPORT_SIZES (default 1000,100000), apart from the staff pages'
BENCH_SIZES, so that a run of the staff pages at a million cases does not seed a million for
the report too."""

import datetime
import os
import time

from bench.staff_pages import _measure

TRUST_SCHOOLS = 50
PAGES = {
    "trust report, 50 schools, whole history": "/staff/reports/trust/",
    "school report, whole history": "/staff/reports/",
}


def sizes() -> list[int]:
    return [int(s) for s in os.environ.get("BENCH_REPORT_SIZES", "1000,100000").split(",") if s]


def _schools():
    """The five seed schools and 45 more like them, all in one trust, each with demo staff."""
    from django.conf import settings

    from bench.harness import schools_seed
    from demo.users import demo_trust_seed
    from policies.models import School

    schools_seed(TRUST_SCHOOLS)
    demo_trust_seed(schools=list(School.objects.order_by("pk")), password=settings.DEMO_PASSWORD)


def _clients():
    from django.contrib.auth import get_user_model

    from demo.users import TRUST_LEAD
    from tests.conftest import TwoFactorClient

    users = get_user_model().objects
    trust_lead, head = TwoFactorClient(), TwoFactorClient()
    trust_lead.force_login(users.get(username=TRUST_LEAD))
    head.force_login(users.get(username="joy-lane-head"))
    return {
        PAGES["trust report, 50 schools, whole history"]: trust_lead,
        PAGES["school report, whole history"]: head,
    }


def run(results, connection_):
    from bench.harness import empty_database
    from demo.cases import demo_cases_seed
    from incidents.models import Case

    empty_database()
    _schools()
    clients = _clients()
    query = f"?period=custom&first=2024-01&last={datetime.date.today():%Y-%m}"
    measured = {}
    for size in sizes():
        started = time.perf_counter()
        missing = size - Case.objects.count()
        if missing > 0:
            demo_cases_seed(count=missing)
        print(f"  seeded {size:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
        for name, path in PAGES.items():
            median, p95, queries = _measure(clients[path], path + query)
            measured[(name, size)] = median
            results.add(
                f"{name} @ {size:,}", f"{median:.1f} ms", f"p95 {p95:.1f} ms; {queries} queries"
            )
    if len(sizes()) >= 2:
        small, large = sizes()[0], sizes()[-1]
        for name in PAGES:
            ratio = measured[(name, large)] / measured[(name, small)]
            results.add(f"{name}: {large:,} / {small:,}", f"{ratio:.2f}", "target ≤ 1.5")
