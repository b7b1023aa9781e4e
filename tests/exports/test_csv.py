import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from exports.columns import HEADER
from exports.models import ExportJob, ExportRecord
from incidents.models import Case, SiteBan
from tests.exports.conftest import csv_rows, full_case, hostile_names, plain_cases, when
from tests.factories import (
    BreachCategoryFactory,
    CaseFactory,
    EvidenceFactory,
    ParentFactory,
    SiteBanFactory,
    UserFactory,
)


def test_csv_rows_match_the_cases(export_csv, school, bursar):
    owner = UserFactory(first_name="Alex", last_name="Owner")
    case = full_case(school, owner=owner)
    EvidenceFactory(case=case)
    quiet = CaseFactory(school=school, opened_at=when(datetime.date(2026, 1, 13)))
    response = export_csv(bursar)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="oakfield-cases-')
    rows = csv_rows(response)
    assert list(rows[0]) == HEADER
    assert [row["Reference"] for row in rows] == [case.reference, quiet.reference]
    row = rows[0]
    assert row["School"] == "Oakfield Primary School"
    assert row["Opened"] == "2026-01-12" and row["Closed"] == ""
    assert row["State"] == "Site ban" and row["Outcome"] == ""
    assert row["Breach categories"] == "Abusive or personal comments; Threatening behaviour"
    assert row["Parents concerned"] == "Robin Example"
    assert row["Owner"] == "Alex Owner"
    assert (row["Reports"], row["Evidence files"], row["Letters"]) == ("2", "1", "1")
    assert row["Warning letter on"] == "2026-01-20"
    assert row["Meeting on"] == "" and row["Legal advice on"] == ""
    assert row["Site ban on"] == "2026-02-03"
    assert row["Site-ban status"] == "Confirmed"
    empty = rows[1]
    assert empty["State"] == "Reported" and empty["Reports"] == "0"
    assert empty["Breach categories"] == "" and empty["Site-ban status"] == ""


def test_csv_never_contains_descriptions_or_reporter_details(export_csv, school, bursar):
    case = full_case(school)
    report = case.reports.first()
    rows = csv_rows(export_csv(bursar))
    text = repr(rows)
    assert report.description not in text
    assert report.reporter_email not in text and report.reporter_name not in text


def test_csv_filters_by_opening_date_and_state(export_csv, school, bursar):
    early = CaseFactory(school=school, opened_at=when(datetime.date(2026, 1, 5)))
    inside = CaseFactory(school=school, opened_at=when(datetime.date(2026, 2, 10)))
    closed = CaseFactory(
        school=school, status=Case.Status.CLOSED, opened_at=when(datetime.date(2026, 2, 11))
    )
    # 00:30 on 1 March in London is still 28 February in UTC: it counts as 1 March.
    late = CaseFactory(school=school, opened_at=when(datetime.date(2026, 3, 1), hour=0))
    rows = csv_rows(export_csv(bursar, opened_from="2026-02-01", opened_to="2026-02-28"))
    assert [r["Reference"] for r in rows] == [inside.reference, closed.reference]
    rows = csv_rows(export_csv(bursar, state="closed"))
    assert [r["Reference"] for r in rows] == [closed.reference]
    rows = csv_rows(export_csv(bursar, opened_from="2026-03-01"))
    assert [r["Reference"] for r in rows] == [late.reference]
    assert early.reference not in repr(csv_rows(export_csv(bursar, opened_from="2026-01-06")))


def test_date_range_the_wrong_way_round_is_refused_with_a_message(export_csv, school, bursar):
    response = export_csv(bursar, opened_from="2026-03-01", opened_to="2026-02-01")
    assert response.status_code == 200
    assert "The end of the date range is before its start." in response.content.decode()
    assert not ExportRecord.objects.exists()


def test_headteacher_exports_too(export_csv, school, head):
    case = full_case(school)
    assert [r["Reference"] for r in csv_rows(export_csv(head))] == [case.reference]


def test_csv_export_writes_the_audit_row(export_csv, school, bursar):
    plain_cases(school, 3)
    CaseFactory(school=school, status=Case.Status.CLOSED)
    rows = csv_rows(export_csv(bursar, opened_from="2020-01-01", state="warning_letter"))
    record = ExportRecord.objects.get()
    assert (record.user, record.role, record.school) == (bursar, "bursar", school)
    assert record.kind == ExportRecord.Kind.CASES and record.format == "csv"
    assert record.filters == {
        "opened_from": "2020-01-01",
        "opened_to": "",
        "state": "warning_letter",
    }
    assert record.row_count == len(rows) == 3
    assert record.job is None and record.created_at is not None


def test_slt_cannot_export_and_nothing_is_recorded(client, school, slt):
    full_case(school)
    client.force_login(slt)
    assert client.get("/staff/exports/").status_code == 403
    assert client.post("/staff/exports/", {"format": "csv"}).status_code == 403
    assert client.post("/staff/exports/", {"format": "xlsx"}).status_code == 403
    assert not ExportRecord.objects.exists() and not ExportJob.objects.exists()


def test_bursar_exports_only_their_own_school_whatever_they_send(
    export_csv, school, other_school, bursar
):
    mine = full_case(school)
    theirs = full_case(other_school, parent_name="Other School Parent")
    rows = csv_rows(export_csv(bursar, school=other_school.pk, school_id=other_school.pk))
    assert [r["Reference"] for r in rows] == [mine.reference]
    assert theirs.reference not in repr(rows)
    assert list(ExportRecord.objects.values_list("school", flat=True)) == [school.pk]


def test_csv_streams_in_a_constant_number_of_queries(export_csv, school, bursar, settings):
    settings.EXPORT_CHUNK_SIZE = 500

    def queries_for_export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            rows = csv_rows(export_csv(bursar))
        return len(rows), len(queries)

    export_csv(bursar)  # signs in: the session's first queries are not the export's
    plain_cases(school, 30)
    rows_30, queries_30 = queries_for_export()
    plain_cases(school, 90)
    rows_120, queries_120 = queries_for_export()
    assert (rows_30, rows_120) == (30, 120)
    assert queries_120 == queries_30


def test_csv_queries_grow_with_chunks_not_with_cases(export_csv, school, bursar, settings):
    settings.EXPORT_CHUNK_SIZE = 50
    counts = {}
    export_csv(bursar)  # signs in: the session's first queries are not the export's
    for total, add in [(101, 101), (150, 49)]:
        plain_cases(school, add)
        with CaptureQueriesContext(connection) as queries:
            assert len(csv_rows(export_csv(bursar))) == total
        counts[total] = len(queries)
    assert counts[101] == counts[150]  # three chunks each


def test_names_are_in_category_position_and_parent_name_order(export_csv, school, bursar):
    code = school.codes.get()
    code.breach_categories.update(position=5)
    first = BreachCategoryFactory(code=code, key="early", name="Early in the code", position=1)
    case = full_case(school, parent_name="Zoe Zed")
    case.parents.add(ParentFactory(school=school, full_name="Amy Able"))
    case.breach_categories.add(first)
    row = csv_rows(export_csv(bursar))[0]
    assert row["Breach categories"] == (
        "Early in the code; Abusive or personal comments; Threatening behaviour"
    )
    assert row["Parents concerned"] == "Amy Able; Zoe Zed"


def test_chunks_with_other_schools_cases_between_keep_each_row_its_own(
    export_csv, school, other_school, bursar, settings
):
    """Cases of two schools interleaved, so a chunk's id range holds the other school's cases
    too (such a chunk reads its relations through the chunk's case ids)."""
    settings.EXPORT_CHUNK_SIZE = 3
    mine = [full_case(school, parent_name=f"Parent {n}", reports=n % 3) for n in range(4)]
    for n in range(4, 9):
        full_case(other_school, parent_name="Other School Parent", reports=4)
        mine.append(full_case(school, parent_name=f"Parent {n}", reports=n % 3))
        full_case(other_school, parent_name="Other School Parent", reports=4)
    rows = csv_rows(export_csv(bursar))
    assert [row["Reference"] for row in rows] == [case.reference for case in mine]
    assert [row["Parents concerned"] for row in rows] == [f"Parent {n}" for n in range(9)]
    assert [row["Reports"] for row in rows] == [str(n % 3) for n in range(9)]
    assert {row["Letters"] for row in rows} == {"1"}
    assert {row["Site-ban status"] for row in rows} == {"Confirmed"}
    assert {row["Warning letter on"] for row in rows} == {"2026-01-20"}
    assert "Other School Parent" not in repr(rows) and "disrepute" not in repr(rows)


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


def test_an_export_with_no_matching_cases_is_the_header_alone(export_csv, school, bursar):
    full_case(school)
    response = export_csv(bursar, state="closed")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == [HEADER]


def test_csv_is_the_same_file_on_every_database_rows_ending_in_crlf(export_csv, school, bursar):
    full_case(school, parent_name="Line\nbreak")  # a line feed inside a cell is quoted, not an end
    full_case(school)
    data = b"".join(export_csv(bursar).streaming_content)
    assert data.startswith("\ufeff".encode())
    header, first, second, end = data.split(b"\r\n")
    assert header.decode("utf-8-sig").split(",") == HEADER
    assert b'"Line\nbreak"' in first and b"\n" not in second and end == b""
