"""An export's CSV as lines of bytes: the header, then each chunk's lines with its number of
rows (for a job's progress). Both the streamed download and the job's file are written from it.

On PostgreSQL the database writes each chunk's lines (`COPY (SELECT …) TO STDOUT WITH CSV`):
the chunk's joined query of `exports.records`, wrapped in one more SELECT that labels and
neutralises exactly as `columns.rows_build` does in Python, so Python only passes bytes on.
Elsewhere (SQLite) Python's csv module writes the rows of `selectors.export_chunks`. Rows end
in a line feed on PostgreSQL (COPY's only choice) and in CR LF elsewhere (the csv module quotes
a carriage return in a value only when its line ending holds one); a CSV reader reads both the
same, which the tests check on PostgreSQL.
"""

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection

from exports.cells import FORMULA_PREFIXES, neutralise
from exports.columns import BAN_LABELS, HEADER, OUTCOME_LABELS, STATE_LABELS, STEPS

# The case's own columns in the joined query that `csv_select` wraps (`records.joined_query`).
CASE_FIELDS = ("id", "reference", "opened_on", "closed_on", "status", "outcome", "owner_id")
# All the joined query's columns, in order (the relations' as in `columns.rows_build`).
RECORD_COLUMNS = [
    "id",
    "reference",
    "opened",
    "closed",
    "status",
    "outcome",
    "owner_id",
    "categories",
    "parents",
    "reports",
    "evidence",
    "letters",
    "ban",
    *[f"step_{index}" for index in range(len(STEPS))],
]
# The prefixes as `ascii()` of the first character: integers compare faster than strings.
_FORMULA_CODES = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
_OWNER_NAME = (
    "COALESCE(NULLIF(concat_ws(' ', NULLIF(u.first_name, ''), NULLIF(u.last_name, '')), ''),"
    " u.username)"
)


@dataclass
class CsvLines:
    header: bytes
    chunks: Iterator[tuple[int, bytes]]


def neutralised(expression: str) -> str:
    """`cells.neutralise` in SQL (NULL stays NULL, written as an empty cell)."""
    quoted = "'''' || " + expression
    return (
        f"CASE WHEN ascii({expression}) IN ({_FORMULA_CODES}) THEN {quoted} ELSE {expression} END"
    )


def _owner_join(records: str) -> str:
    """Each case's owner as `columns.owner_name` writes it (first and last name, else the
    username), neutralised. A lateral subquery kept apart (OFFSET 0), so that PostgreSQL works
    it out once per owner (a Memoize node) rather than once a case."""
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    # Only our own SQL and a quoted table name are pasted in.
    return (
        f"LEFT JOIN LATERAL (SELECT {neutralised(_OWNER_NAME)} AS name FROM {users} u"  # noqa: S608
        f" WHERE u.id = {records}.owner_id OFFSET 0) owner ON true"
    )


class _Select:
    """The outer SELECT's expressions, written in order with their parameters."""

    def __init__(self):
        self.expressions, self.params = [], []

    def add(self, sql: str, *params) -> None:
        self.expressions.append(sql)
        self.params.extend(params)

    def labelled(self, column: str, labels: dict) -> None:
        """Our own label for a stored value; an unknown value as it is (as `rows_build`)."""
        whens = " ".join(["WHEN %s THEN %s"] * len(labels))
        self.add(
            f"CASE {column} {whens} ELSE {column} END",
            *[str(part) for pair in labels.items() for part in pair],
        )

    def day(self, column: str) -> None:
        self.add(f"to_char({column}, 'YYYY-MM-DD')")


def csv_select(school_name: str):
    """(sql, params) -> (sql, params): a chunk's joined query wrapped in the SELECT that writes
    the export's columns (HEADER's order) from its records."""

    def wrap(sql: str, params) -> tuple[str, list]:
        select = _Select()
        select.add(neutralised("r.reference"))
        select.add("%s", neutralise(school_name))
        select.day("r.opened")
        select.day("r.closed")
        select.labelled("r.status", STATE_LABELS)
        select.labelled("r.outcome", OUTCOME_LABELS)
        select.add(neutralised("r.categories"))
        select.add(neutralised("r.parents"))
        select.add("owner.name")
        for column in ("r.reports", "r.evidence", "r.letters"):
            select.add(column)
        for index in range(len(STEPS)):
            select.day(f"r.step_{index}")
        select.labelled("r.ban", BAN_LABELS)
        assert len(select.expressions) == len(HEADER)
        # Only our own SQL and Django's compiled query are pasted in; every value is a parameter.
        wrapped = (
            f"SELECT {', '.join(select.expressions)}"  # noqa: S608
            f" FROM ({sql}) r ({', '.join(RECORD_COLUMNS)}) {_owner_join('r')} ORDER BY r.id"
        )
        return wrapped, [*select.params, *params]

    return wrap


def copied(sql: str, params) -> bytes:
    """The rows of a SELECT as CSV lines written by PostgreSQL. Logged like any query when
    queries are (DEBUG, tests), so query counts include it."""
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    start = time.monotonic()
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement, params) as copy,
    ):
        data = b"".join(copy)
    if connection.queries_logged:
        connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - start:.3f}"})
    return data


def _writer(line_end: str):
    """Rows to CSV lines (bytes) with Python's csv module."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)

    def lines(rows) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows)
        return buffer.getvalue().encode()

    return lines


def header_line(line_end: str) -> bytes:
    return _writer(line_end)([HEADER])


def written_by_python(chunks: Iterator[list[list]]) -> CsvLines:
    """Rows written by Python's csv module (any database)."""
    lines = _writer("\r\n")
    return CsvLines(header=lines([HEADER]), chunks=((len(rows), lines(rows)) for rows in chunks))
