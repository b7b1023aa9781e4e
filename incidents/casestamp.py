"""Case stamps: a number per case that the database raises whenever anything the case page
shows changes, so the rendered page can be cached under it and never outlive a change.

This module is the one place that says what invalidates a cached case page. Database triggers
keep the stamp, not Django signals: signals miss queryset `.update()` (how jobs claim their
rows), raw SQL and changes made by other processes. Every insert, update or delete of a row in
one of the tables below raises the stamp of the row's case (and of the case it was merged
into: a merged case's chronology shows on that case's page); an update of the case row raises
its own. The triggers are installed by migrations, which carry their SQL
(`incidents/migrations/0010_case_stamp.py` and `0012_case_stamp_by_index.py`, and the
`case_stamp` migrations of letters and exports); `tests/incidents/test_case_page_cache.py`
checks that every table listed here has them. PostgreSQL and SQLite get triggers; on any other
database the case page is never cached.

A table added here needs a migration that installs its triggers (copy the SQL of
`0012_case_stamp_by_index.py` for PostgreSQL and of `0010_case_stamp.py` for SQLite). On
SQLite, a migration that rebuilds a stamped table drops its triggers: it must install them
again.

What a stamp does not see: renaming reference data the page shows by name (a parent, a breach
category, a group, a member of staff). A cached page lives `CASE_PAGE_CACHE_SECONDS` at most,
so such a rename shows within that time.
"""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

VENDORS = ("postgresql", "sqlite")
EVENTS = ("insert", "update", "delete")

# Each table whose rows the case page shows, by app, with the events that raise the stamp.
TOUCHING = {
    "incidents": [
        "incidents_case_parents",
        "incidents_case_breach_categories",
        "incidents_report",
        "incidents_report_categories",
        "incidents_evidence",
        "incidents_caseevent",
        "incidents_escalationrequest",
        "incidents_meeting",
        "incidents_moderationrequest",
        "incidents_siteban",
        "incidents_siteban_rules_breached",
        "incidents_safeguardingalert",
    ],
    "letters": ["letters_letter", "letters_letterrender"],
    "exports": ["exports_casebundle", "exports_disclosure"],
}
# The case row itself: any update (a transition, an owner, a merge) raises its stamp.
CASE_TABLE = "incidents_case"


def trigger_names() -> dict[str, set[str]]:
    """The trigger each stamped table must have on this database, by table."""
    suffix = "_stamp_" if connection.vendor == "postgresql" else "_stamp_case_"
    names = {
        table: {f"{table}{suffix}{event}" for event in EVENTS}
        for tables in TOUCHING.values()
        for table in tables
    }
    names[CASE_TABLE] = {f"{CASE_TABLE}{suffix}update"}
    return names


def stamped() -> bool:
    """Whether this database keeps case stamps (and so whether the case page may be cached)."""
    return connection.vendor in VENDORS


def page_cache_key(
    *, case_id: int, stamp: int, user_id: int, role: str, lead: str, day: str
) -> str:
    """Where the case page's body is cached (incidents.views.staff.CaseDetailView). `lead` is
    the person's DSL designation, which changes what the page offers as their role does."""
    return f"{_page_key_prefix(case_id)}{stamp}:{user_id}:{role}:{lead}:{day}"


def _page_key_prefix(case_id: int) -> str:
    return f"case-page:{case_id}:"


def page_cache_forget(*, case_id: int) -> None:
    """Remove every cached body of the case's page, whatever its stamp, person or day: a case
    whose personal data is disposed of must not live on in the cache (on the database cache an
    expired entry stays in its table until culled). Keys are found by prefix, as each backend
    allows."""
    prefix = _page_key_prefix(case_id)
    cache = caches["default"]  # the backend itself, not the proxy, so its class can be told
    if hasattr(cache, "delete_pattern"):  # django-redis
        cache.delete_pattern(f"{prefix}*")
    elif isinstance(cache, DatabaseCache):
        table = connection.ops.quote_name(cache._table)
        with connection.cursor() as cursor:
            # The prefix holds no LIKE wildcards (digits, letters, '-' and ':').
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key LIKE %s",
                [cache.make_key(prefix) + "%"],
            )
    elif isinstance(cache, LocMemCache):  # tests and single-process development
        full = cache.make_key(prefix)
        with cache._lock:
            for key in [key for key in cache._cache if key.startswith(full)]:
                cache._delete(key)
