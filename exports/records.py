"""The records an export's rows are built from, a chunk of cases at a time (see
`columns.rows_build`): one record a case, with its relations counted, named and dated.

On PostgreSQL (`JoinedRecords`) the database assembles each record: one query for every
chunk's first and last id (`chunk_bounds`), then one a chunk, its cases left-joined to every
relation aggregated per case (`joined_query`; the CSV wraps it, see `exports.csv_lines`).
Elsewhere (`AssembledRecords`, SQLite) one query for the chunk's cases and one per relation,
joined in Python. Either way the queries per chunk are fixed and only a chunk is held."""

from collections import defaultdict
from collections.abc import Iterator

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import Count, F, Min, Q, RowRange, TextField, Window
from django.db.models.functions import Cast, TruncDate

from exports.columns import SEPARATOR, STEPS
from incidents.models import Case, CaseEvent, Evidence, Report, SiteBan
from letters.models import Letter
from policies.models import BreachCategory, School


class LocalDate(TruncDate):
    """The date in the current time zone, computed by the database. Unlike TruncDate it adds no
    per-row Python converter: the database already returns a date (a measured 6 µs a row)."""

    convert_value = staticmethod(TruncDate._convert_value_noop)


CASE_FIELDS = (
    "id",
    "reference",
    "opened_on",
    "closed_on",
    "status",
    "outcome",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


def _grouped(pairs) -> dict[int, tuple]:
    grouped = defaultdict(list)
    for case_id, value in pairs:
        grouped[case_id].append(value)
    return {case_id: tuple(values) for case_id, values in grouped.items()}


def _counts(model, chunk: Q) -> dict[int, int]:
    return dict(
        model.objects.filter(chunk).values_list("case_id").annotate(n=Count("*")).order_by()
    )


_PARENT_ORDER = ("parent__full_name", "parent_id")
_CATEGORY_ORDER = ("breachcategory__position", "breachcategory_id")


def _categories(chunk: Q):
    return Case.breach_categories.through.objects.filter(chunk).order_by(
        "case_id", *_CATEGORY_ORDER
    )


def _parents(chunk: Q):
    return Case.parents.through.objects.filter(chunk).order_by("case_id", *_PARENT_ORDER)


def _transitions(chunk: Q):
    return CaseEvent.objects.filter(chunk, kind=CaseEvent.Kind.TRANSITION, target__in=STEPS)


def export_related(chunk: Q) -> dict[str, dict]:
    """Everything a chunk of rows needs besides the case itself: one query per relation.
    `chunk` selects the chunk's rows of a relation (see `_chunk`)."""
    steps = defaultdict(dict)
    for case_id, target, reached_on in (
        _transitions(chunk)
        .values_list("case_id", "target")
        .annotate(on=Min(LocalDate("created_at")))
        .order_by()
    ):
        steps[case_id][target] = reached_on
    bans = dict(  # the latest ban of each case wins
        SiteBan.objects.filter(chunk)
        .order_by("case_id", "created_at", "id")
        .values_list("case_id", "state")
    )
    return {
        "categories": _grouped(_categories(chunk).values_list("case_id", "breachcategory__name")),
        "parents": _grouped(_parents(chunk).values_list("case_id", "parent__full_name")),
        "reports": _counts(Report, chunk),
        "evidence": _counts(Evidence, chunk),
        "letters": _counts(Letter, chunk),
        "steps": steps,
        "bans": bans,
    }


def _names_as_they_are(names: str | None) -> str:
    return names or ""


def _records_assembled(cases: list[tuple], chunk: Q) -> list[tuple]:
    """The chunk's records (see `columns.rows_build`), each relation read by its own query and
    joined here: works on every database."""
    related = export_related(chunk)
    categories, parents = related["categories"], related["parents"]
    reports, evidence, letters = related["reports"], related["evidence"], related["letters"]
    steps, bans = related["steps"], related["bans"]
    no_steps = {}
    records = []
    for case in cases:
        pk = case[0]
        reached = steps.get(pk, no_steps)
        records.append(
            (
                *case,
                SEPARATOR.join(categories[pk]) if pk in categories else None,
                SEPARATOR.join(parents[pk]) if pk in parents else None,
                reports.get(pk, 0),
                evidence.get(pk, 0),
                letters.get(pk, 0),
                bans.get(pk),
                *[reached.get(step) for step in STEPS],
            )
        )
    return records


def _joined_parts(chunk: Q, *, category_names: bool = False) -> list[tuple[str, object]]:
    """PostgreSQL: each relation aggregated to one row per case, as (alias, queryset); the
    columns after case_id are the record's, in order (see `columns.rows_build`).

    PostgreSQL 15 sorts each group of an aggregate with its own ORDER BY (a measured 4 µs a
    case for the two lists of names), so neither list is ordered that way: categories come as
    their ids in any order (`CategoryNames` names and orders them), parents are joined by a
    window over the chunk's rows sorted once (a window aggregate reads its frame in order).
    With `category_names` (the CSV PostgreSQL writes, see `exports.csv_lines`) the categories are
    named and ordered by such a window too."""

    def counted(model):
        return model.objects.filter(chunk).order_by().values("case_id").annotate(n=Count("*"))

    def names_in_order(rows, name: str, order: tuple[str, ...]):
        names = Window(
            StringAgg(name, delimiter=SEPARATOR),
            partition_by=F("case_id"),
            order_by=[F(field).asc() for field in order],
            frame=RowRange(start=None, end=None),
        )
        return (
            rows.annotate(names=names)
            .order_by("case_id")
            .distinct("case_id")
            .values("case_id", "names")
        )

    if category_names:
        categories = names_in_order(_categories(chunk), "breachcategory__name", _CATEGORY_ORDER)
    else:
        category_ids = StringAgg(Cast("breachcategory_id", TextField()), delimiter=",")
        categories = _categories(chunk).order_by().values("case_id").annotate(ids=category_ids)
    reached = {
        f"step_{index}": Min(LocalDate("created_at"), filter=Q(target=step))
        for index, step in enumerate(STEPS)
    }
    return [
        ("categories", categories),
        ("parents", names_in_order(_parents(chunk), "parent__full_name", _PARENT_ORDER)),
        ("reports", counted(Report)),
        ("evidence", counted(Evidence)),
        ("letters", counted(Letter)),
        (
            "bans",  # the latest ban of each case
            SiteBan.objects.filter(chunk)
            .order_by("case_id", "-created_at", "-id")
            .distinct("case_id")
            .values("case_id", "state"),
        ),
        ("steps", _transitions(chunk).order_by().values("case_id").annotate(**reached)),
    ]


class CategoryNames:
    """A case's categories, given as their ids joined by commas in any order (the joined query
    on PostgreSQL), as their names in the code of conduct's order. The school's categories are
    read once; any other id when first met."""

    def __init__(self, school: School):
        self.known = {}
        self._read(code__school=school)

    def _read(self, **lookup) -> None:
        for pk, position, name in BreachCategory.objects.filter(**lookup).values_list(
            "id", "position", "name"
        ):
            self.known[pk] = (position, pk, name)

    def __call__(self, ids: str | None) -> str:
        if not ids:
            return ""
        keys = [int(pk) for pk in ids.split(",")]
        if missing := [pk for pk in keys if pk not in self.known]:
            self._read(id__in=missing)
        return SEPARATOR.join(name for _, _, name in sorted(self.known[pk] for pk in keys))


_COUNTED = {"reports", "evidence", "letters"}
# Stand-ins for a chunk's first and last case id while its query is compiled (no id is
# negative); each chunk's own ids replace them in the parameters.
_FIRST, _LAST = -1_000_000_001, -1_000_000_002


def _joined_sql(columns, chunk: Q, *, category_names: bool = False) -> tuple[str, tuple]:
    """PostgreSQL: one query for a chunk's records, the cases left-joined to each relation
    aggregated per case (string_agg for names, FILTER for each step's date)."""
    sql, params = columns.query.sql_with_params()
    selected, joins = [], []
    for alias, rows in _joined_parts(chunk, category_names=category_names):
        part_sql, part_params = rows.query.sql_with_params()
        joins.append(f"LEFT JOIN ({part_sql}) {alias} ON {alias}.case_id = c.id")
        params += part_params
        for name in [*rows.query.values_select, *rows.query.annotation_select][1:]:
            column = f"{alias}.{name}"
            selected.append(f"COALESCE({column}, 0)" if alias in _COUNTED else column)
    # Only Django's compiled SQL and our own aliases are pasted in; every value is a parameter.
    sql = f"SELECT c.*, {', '.join(selected)} FROM ({sql}) c {' '.join(joins)} ORDER BY c.id"  # noqa: S608
    return sql, params


class _JoinedQuery:
    """PostgreSQL: a chunk's records in one query, so the database assembles each row and Python
    only labels and neutralises it. The query is compiled once per export (twice if some chunks
    are sparse, see `_is_sparse`) and run with each chunk's ids."""

    def __init__(self, cases, columns, *, category_names: bool = False, wrap=None):
        self.cases, self.columns = cases, columns
        self.category_names = category_names
        self.wrap = wrap  # (sql, params) -> (sql, params): a statement around the query
        self.compiled = {}

    def sql(self, first: int, last: int, count: int) -> tuple[str, list]:
        """The chunk's statement and its parameters."""
        sparse = _is_sparse(first, last, count)
        if sparse not in self.compiled:
            chunk = _chunk(self.cases, _FIRST, _LAST) if sparse else _range(_FIRST, _LAST)
            columns = self.columns.filter(id__gte=_FIRST, id__lte=_LAST).order_by()
            compiled = _joined_sql(columns, chunk, category_names=self.category_names)
            self.compiled[sparse] = self.wrap(*compiled) if self.wrap else compiled
        sql, params = self.compiled[sparse]
        ids = {_FIRST: first, _LAST: last}
        return sql, [ids.get(value, value) if type(value) is int else value for value in params]

    def __call__(self, first: int, last: int, count: int) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(*self.sql(first, last, count))
            return cursor.fetchall()


def _range(first: int, last: int) -> Q:
    return Q(case_id__gte=first, case_id__lte=last)


def _chunk(cases, first: int, last: int) -> Q:
    """A relation's rows for the chunk's cases: the id range lets the database read the
    relation's case_id index for just that range; the subquery keeps only the chunk's cases
    (this school's, matching the filters). No long IN lists to build or parse."""
    chunk_cases = cases.filter(id__gte=first, id__lte=last).values("id")
    return _range(first, last) & Q(case__in=chunk_cases)


def _is_sparse(first: int, last: int, count: int) -> bool:
    """Fewer than half the ids in the chunk's range are its cases (other schools' cases, or
    filtered-out ones, in between). A dense chunk's relations are read by the id range alone:
    rows of other cases in it are at most as many as the chunk's, and the join drops them."""
    return last - first + 1 > 2 * count


def _case_columns(cases, fields=CASE_FIELDS):
    return (
        cases.annotate(opened_on=LocalDate("opened_at"), closed_on=LocalDate("closed_at"))
        .order_by("id")
        .values_list(*fields)
    )


def joined_query(
    cases, *, fields=CASE_FIELDS, category_names: bool = False, wrap=None
) -> _JoinedQuery:
    """PostgreSQL: the query of a chunk's records (see `_JoinedQuery`), for `chunk_bounds`:
    the case's `fields`, then its relations."""
    columns = _case_columns(cases, fields)
    return _JoinedQuery(cases, columns, category_names=category_names, wrap=wrap)


class JoinedRecords:
    """PostgreSQL: each chunk's first and last id, then its records in one query
    (`_JoinedQuery`); categories come as ids, named by `category_text`."""

    def __init__(self, *, school: School, cases):
        self.cases = cases
        self.query = joined_query(cases)
        self.category_text = CategoryNames(school)

    def chunks(self, size: int, upto_case_id: int) -> Iterator[list[tuple]]:
        for first, last, count in chunk_bounds(self.cases, size):
            yield self.query(first, last, count)


def chunk_bounds(cases, size: int) -> list[tuple[int, int, int]]:
    """PostgreSQL: each chunk of `size` cases by id, as its first and last id and its number
    of cases, all read by one query (a row a chunk: 50 for 100,000 cases in chunks of 2,000)."""
    ids_sql, params = cases.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # Only Django's compiled SQL is pasted in; every value is a parameter.
            "SELECT min(id), max(id), count(*) FROM ("  # noqa: S608
            f" SELECT id, (row_number() OVER (ORDER BY id) - 1) / %s AS chunk FROM ({ids_sql}) i"
            ") numbered GROUP BY chunk ORDER BY chunk",
            [size, *params],
        )
        return cursor.fetchall()


class AssembledRecords:
    """Any database: each chunk's cases, then one query per relation (`export_related`)."""

    category_text = staticmethod(_names_as_they_are)

    def __init__(self, *, school: School, cases):
        self.cases = cases

    def chunks(self, size: int, upto_case_id: int) -> Iterator[list[tuple]]:
        columns = _case_columns(self.cases)
        last = 0
        while last < upto_case_id:
            chunk = list(columns.filter(id__gt=last)[:size])
            if not chunk:
                return
            first, last = chunk[0][0], chunk[-1][0]
            yield _records_assembled(chunk, _chunk(self.cases, first, last))
            if len(chunk) < size:
                return


def records_of(cases) -> list[tuple]:
    """The records of a few cases (a page of the records view), in id order, on any database:
    the same records an export's chunk is built from, so a case's facts are defined once."""
    chunk = list(_case_columns(cases))
    if not chunk:
        return []
    return _records_assembled(chunk, Q(case_id__in=[case[0] for case in chunk]))


def records_reader(*, school: School, cases) -> JoinedRecords | AssembledRecords:
    """`cases`: the export's cases (this school's, matching the filters, up to its last id)."""
    reader = JoinedRecords if connection.vendor == "postgresql" else AssembledRecords
    return reader(school=school, cases=cases)
