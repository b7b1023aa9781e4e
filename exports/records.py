"""The records an export's rows are built from, a chunk of cases at a time (see
`columns.rows_build`): one record a case, with its relations counted, named and dated.

One query reads a chunk's cases by id, then one query per relation reads that chunk's rows,
joined here, on every database: the queries per chunk are fixed and only a chunk is held."""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate

from exports.columns import SEPARATOR, STEPS
from incidents.models import Case, CaseEvent, Evidence, Report, SiteBan
from letters.models import Letter


class LocalDate(TruncDate):
    """The date in the current time zone, computed by the database. Unlike TruncDate it adds no
    per-row Python converter: the database already returns a date."""

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


def _grouped(pairs) -> dict[int, str]:
    """(case id, name) pairs in order, as each case's names joined by SEPARATOR."""
    grouped = defaultdict(list)
    for case_id, value in pairs:
        grouped[case_id].append(value)
    return {case_id: SEPARATOR.join(values) for case_id, values in grouped.items()}


def _counts(model, chunk: Q) -> dict[int, int]:
    return dict(
        model.objects.filter(chunk).values_list("case_id").annotate(n=Count("*")).order_by()
    )


def _related(chunk: Q) -> dict[str, dict]:
    """Everything a chunk of rows needs besides the case itself: one query per relation.
    `chunk` selects the chunk's rows of a relation (see `_chunk`)."""
    steps = defaultdict(dict)
    for case_id, target, reached_on in (
        CaseEvent.objects.filter(chunk, kind=CaseEvent.Kind.TRANSITION, target__in=STEPS)
        .values_list("case_id", "target")
        .annotate(on=Min(LocalDate("created_at")))
        .order_by()
    ):
        steps[case_id][target] = reached_on
    categories = Case.breach_categories.through.objects.filter(chunk).order_by(
        "case_id", "breachcategory__position", "breachcategory_id"
    )
    parents = Case.parents.through.objects.filter(chunk).order_by(
        "case_id", "parent__full_name", "parent_id"
    )
    return {
        "categories": _grouped(categories.values_list("case_id", "breachcategory__name")),
        "parents": _grouped(parents.values_list("case_id", "parent__full_name")),
        "reports": _counts(Report, chunk),
        "evidence": _counts(Evidence, chunk),
        "letters": _counts(Letter, chunk),
        "steps": steps,
        "bans": dict(  # the latest ban of each case wins
            SiteBan.objects.filter(chunk)
            .order_by("case_id", "created_at", "id")
            .values_list("case_id", "state")
        ),
    }


def _records(cases: list[tuple], chunk: Q) -> list[tuple]:
    """The chunk's records (see `columns.rows_build`): each case's own fields, then its
    relations (names joined, None when there are none)."""
    related = _related(chunk)
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
                categories.get(pk),
                parents.get(pk),
                reports.get(pk, 0),
                evidence.get(pk, 0),
                letters.get(pk, 0),
                bans.get(pk),
                *[reached.get(step) for step in STEPS],
            )
        )
    return records


def _chunk(cases, first: int, last: int) -> Q:
    """A relation's rows for the chunk's cases: the id range lets the database read the
    relation's case_id index for just that range; the subquery keeps only the chunk's cases
    (this school's, matching the filters). No long IN lists to build or parse."""
    chunk_cases = cases.filter(id__gte=first, id__lte=last).values("id")
    return Q(case_id__gte=first, case_id__lte=last, case__in=chunk_cases)


def _case_columns(cases):
    return (
        cases.annotate(opened_on=LocalDate("opened_at"), closed_on=LocalDate("closed_at"))
        .order_by("id")
        .values_list(*CASE_FIELDS)
    )


def record_chunks(cases, size: int, upto_case_id: int) -> Iterator[list[tuple]]:
    """The records of `cases` (the export's: this school's, matching the filters, up to
    `upto_case_id`), `size` cases at a time in id order."""
    columns = _case_columns(cases)
    last = 0
    while last < upto_case_id:
        chunk = list(columns.filter(id__gt=last)[:size])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        yield _records(chunk, _chunk(cases, first, last))
        if len(chunk) < size:
            return


def records_of(cases) -> list[tuple]:
    """The records of a few cases (a page of the records view), in id order: the same records
    an export's chunk is built from, so a case's facts are defined once."""
    chunk = list(_case_columns(cases))
    if not chunk:
        return []
    return _records(chunk, Q(case_id__in=[case[0] for case in chunk]))
