"""Case stamps: a number per case that the database raises whenever anything the case page
shows changes, so the rendered page can be cached under it and never outlive a change.

Database triggers keep it, not Django signals: signals miss queryset `.update()` (how jobs
claim their rows), raw SQL and changes made by other processes. Every insert, update or delete
of a row in one of the tables below raises the stamp of the row's case (and of the case it was
merged into: a merged case's chronology shows on that case's page). PostgreSQL and SQLite get
triggers; on any other database `STAMPED` is false and the case page is never cached.

What a stamp does not see: renaming reference data the page shows by name (a parent, a breach
category, a group, a member of staff). A cached page lives `CASE_PAGE_CACHE_SECONDS` at most,
so such a rename shows within that time.
"""

from django.db import connection

STAMP_TABLE = "incidents_casestamp"
VENDORS = ("postgresql", "sqlite")

# Each table whose rows the case page shows, with how to find a row's case from the row `{r}`
# (NEW or OLD in the trigger).
TOUCHING = {
    "incidents": [
        ("incidents_case_parents", "{r}.case_id"),
        ("incidents_case_breach_categories", "{r}.case_id"),
        ("incidents_report", "{r}.case_id"),
        (
            "incidents_report_categories",
            "(SELECT case_id FROM incidents_report WHERE id = {r}.report_id)",
        ),
        ("incidents_evidence", "{r}.case_id"),
        ("incidents_caseevent", "{r}.case_id"),
        ("incidents_escalationrequest", "{r}.case_id"),
        ("incidents_meeting", "{r}.case_id"),
        ("incidents_moderationrequest", "{r}.case_id"),
        ("incidents_siteban", "{r}.case_id"),
        (
            "incidents_siteban_rules_breached",
            "(SELECT case_id FROM incidents_siteban WHERE id = {r}.siteban_id)",
        ),
    ],
    "letters": [
        ("letters_letter", "{r}.case_id"),
        (
            "letters_letterrender",
            "(SELECT case_id FROM letters_letter WHERE id = {r}.letter_id)",
        ),
    ],
    "exports": [("exports_casebundle", "{r}.case_id")],
}

# The case row itself: any update (a transition, an owner, a merge) raises its stamp, and a
# merge raises the stamp of the case it was merged into (read after the update).
CASE_TABLE = ("incidents_case", "{r}.id")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def _upsert(cases: str) -> str:
    """Raise the stamps of the cases `cases` selects (one column), and of the cases they were
    merged into. Each id once (ON CONFLICT may not update a row twice in one statement), and
    every lookup by primary key. Only our own table and column names are put in these
    statements, never input."""
    return " ".join(
        [
            f"INSERT INTO {STAMP_TABLE} (case_id, version)",
            f"SELECT id, 1 FROM ({cases}",
            f"UNION SELECT merged_into_id FROM incidents_case WHERE id IN ({cases})) AS touched",
            "WHERE id IS NOT NULL",
            "ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1",
        ]
    )


# PostgreSQL: one trigger per statement, reading the statement's changed rows as a transition
# table, so a bulk insert of thousands of rows raises each case's stamp once, not per row.
TRANSITIONS = {
    "INSERT": ("REFERENCING NEW TABLE AS new_rows", ["new_rows"]),
    "UPDATE": ("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", ["old_rows", "new_rows"]),
    "DELETE": ("REFERENCING OLD TABLE AS old_rows", ["old_rows"]),
}


def _postgresql(table: str, case_of: str, events) -> tuple[str, str]:
    create, drop = [], []
    for event in events:
        name = f"{table}_stamp_{event.lower()}"
        referencing, changed = TRANSITIONS[event]
        cases = " UNION ".join(f"SELECT {case_of.format(r='r')} FROM {rows} r" for rows in changed)
        # Distinct ids (UNION): ON CONFLICT may not update one row twice in a statement. Two
        # selects, not `id IN (…) OR id IN (…)`: PostgreSQL reads an OR of subqueries by
        # scanning every case (5 ms a write at 100,000 cases); each select here is a primary
        # key lookup per changed row.
        upsert = " ".join(
            [
                f"INSERT INTO {STAMP_TABLE} (case_id, version)",
                f"SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN ({cases})",
                "UNION SELECT c.merged_into_id FROM incidents_case c",
                f"WHERE c.id IN ({cases})) AS touched WHERE id IS NOT NULL",
                "ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1",
            ]
        )
        create.append(f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {upsert};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER {event} ON {table} {referencing}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
""")
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();")
    return "".join(create), " ".join(drop)


def _sqlite(table: str, case_of: str, events) -> tuple[list[str], list[str]]:
    name = f"{table}_stamp_case"
    old, new = case_of.format(r="OLD"), case_of.format(r="NEW")
    bodies = {
        "INSERT": _upsert(f"SELECT {new} AS id"),
        "UPDATE": _upsert(f"SELECT {old} AS id UNION SELECT {new}"),
        "DELETE": _upsert(f"SELECT {old} AS id"),
    }
    create = [
        f"CREATE TRIGGER IF NOT EXISTS {name}_{event.lower()} AFTER {event} ON {table} "
        f"BEGIN {bodies[event]}; END"
        for event in events
    ]
    drop = [f"DROP TRIGGER IF EXISTS {name}_{event.lower()}" for event in events]
    return create, drop


def _statements(tables, *, create: bool, vendor: str, events) -> list[str]:
    statements = []
    for table, case_of in tables:
        if vendor == "postgresql":
            up, down = _postgresql(table, case_of, events)
            statements.append(up if create else down)
        elif vendor == "sqlite":
            up, down = _sqlite(table, case_of, events)
            statements.extend(up if create else down)
    return statements


def triggers_create(schema_editor, tables, events=EVENTS) -> None:
    vendor = schema_editor.connection.vendor
    for statement in _statements(tables, create=True, vendor=vendor, events=events):
        schema_editor.execute(statement)


def triggers_replace(schema_editor, tables, events=EVENTS) -> None:
    """PostgreSQL: the trigger functions written again as this module writes them now (CREATE
    OR REPLACE); SQLite's row triggers are unchanged."""
    if schema_editor.connection.vendor == "postgresql":
        triggers_create(schema_editor, tables, events)


def triggers_drop(schema_editor, tables, events=EVENTS) -> None:
    vendor = schema_editor.connection.vendor
    for statement in _statements(tables, create=False, vendor=vendor, events=events):
        schema_editor.execute(statement)


def stamped() -> bool:
    """Whether this database keeps case stamps (and so whether the case page may be cached)."""
    return connection.vendor in VENDORS
