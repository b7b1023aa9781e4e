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
    "exports": ["exports_casebundle"],
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
