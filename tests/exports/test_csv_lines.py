"""The CSV's lines: written by PostgreSQL itself on PostgreSQL (COPY), by Python's csv module
elsewhere. Whoever writes them, the cells must read back exactly as the cases hold them."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exports.columns import HEADER
from exports.csv_lines import written_by_python
from exports.selectors import ExportFilters, export_chunks, export_csv_lines, export_scope
from incidents.models import Case, SiteBan
from tests.exports.conftest import csv_rows, full_case, hostile_names
from tests.factories import (
    BreachCategoryFactory,
    CaseFactory,
    ParentFactory,
    SiteBanFactory,
    UserFactory,
)


def read(lines) -> list[list[str]]:
    """Every row of the CSV, the header first."""
    data = lines.header + b"".join(piece for _, piece in lines.chunks)
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def export_lines(school):
    filters = ExportFilters()
    _, upto = export_scope(school=school, filters=filters)
    return export_csv_lines(school=school, filters=filters, upto_case_id=upto)


def python_lines(school):
    filters = ExportFilters()
    _, upto = export_scope(school=school, filters=filters)
    return written_by_python(export_chunks(school=school, filters=filters, upto_case_id=upto))


def awkward_cases(school) -> list[Case]:
    """Names with commas, quotes, line breaks, formula prefixes and accents in every column
    people type into; owners known by first name, last name, username or not at all."""
    code = school.codes.get()
    owners = [
        UserFactory(first_name="Ann", last_name="Able"),
        UserFactory(first_name="", last_name="Only-Last"),
        UserFactory(username="=owner.by.username", first_name="", last_name=""),
        None,
    ]
    cases = []
    for number, name in enumerate(hostile_names()):
        case = CaseFactory(school=school, owner=owners[number % len(owners)])
        case.parents.add(ParentFactory(school=school, full_name=name))
        # After every hostile name whatever the database's collation.
        case.parents.add(ParentFactory(school=school, full_name=f"zz second {number}"))
        case.breach_categories.add(BreachCategoryFactory(code=code, name=name, position=number % 3))
        cases.append(case)
    banned = full_case(school, parent_name='Pat "Pip" O\'Brien, Jr')
    SiteBanFactory(case=banned, parent=banned.parents.get(), state=SiteBan.State.LIFTED)
    cases.append(banned)
    return cases


def test_awkward_names_read_back_exactly(export_csv, school, bursar):
    cases = awkward_cases(school)
    rows = csv_rows(export_csv(bursar))
    assert [row["Reference"] for row in rows] == [case.reference for case in cases]
    for number, (name, row) in enumerate(zip(hostile_names(), rows, strict=False)):
        expected = f"{name}; zz second {number}"
        if name.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + expected
        assert row["Parents concerned"] == expected
        assert row["Breach categories"] == ("'" + name if expected.startswith("'") else name)
    owners = [row["Owner"] for row in rows[:4]]
    assert owners == ["Ann Able", "Only-Last", "'=owner.by.username", ""]
    assert rows[-1]["Parents concerned"] == 'Pat "Pip" O\'Brien, Jr'
    assert rows[-1]["Site-ban status"] == "Lifted"  # the case's latest ban


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_writes_the_same_cells_as_python(school, other_school, settings):
    settings.EXPORT_CHUNK_SIZE = 4  # 15 cases: four chunks, the last one short
    awkward_cases(school)
    full_case(other_school, parent_name="Other School Parent")  # in the id range, left out
    for number in range(2):
        full_case(school, parent_name=f"Plain Parent {number}", reports=number)
    with CaptureQueriesContext(connection) as queries:
        by_postgresql = read(export_lines(school))
    assert sum(query["sql"].startswith("COPY (") for query in queries) == 4  # 15 cases
    by_python = read(python_lines(school))
    assert by_postgresql[0] == HEADER
    assert len(by_postgresql) == 1 + 15
    assert by_postgresql == by_python
    assert "Other School Parent" not in repr(by_postgresql)


def test_an_export_with_no_matching_cases_is_the_header_alone(export_csv, school, bursar):
    full_case(school)
    response = export_csv(bursar, state="closed")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == [HEADER]
