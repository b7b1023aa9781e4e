"""Finding the requester's cases: as linked parent or reporter, by name, e-mail or phone, each
in its normal form; another school's cases and other people's are never found."""

import pytest

from sar.matching import cases_about, normal_phone
from tests.factories import CaseFactory, ParentFactory, ReportFactory


@pytest.mark.parametrize(
    "spelling", ["07700 900123", "+44 7700 900123", "+447700900123", "0044 7700 900 123"]
)
def test_phone_spellings_are_one_number(spelling):
    assert normal_phone(spelling) == "07700900123"


def test_a_short_string_of_digits_is_no_phone_number():
    assert normal_phone("Flat 12") == ""


@pytest.mark.parametrize("requester", ["07700 900123", "+44 7700 900123", "07700900123"])
@pytest.mark.parametrize("on_report", ["07700 900123", "+44 7700 900123", "+447700900123"])
def test_a_reporter_is_found_by_phone_in_any_spelling(school, requester, on_report):
    report = ReportFactory(case__school=school, reporter_name="", reporter_phone=on_report)
    found = cases_about(school=school, name="Someone Else", email="", phone=requester)
    assert found == {report.case_id: ["reporter: phone"]}


def test_a_linked_parent_is_found_by_email_whatever_its_case(school):
    case = CaseFactory(school=school)
    case.parents.add(
        ParentFactory(school=school, full_name="P Q", email="Rita.Example@Example.org")
    )
    found = cases_about(school=school, name="", email=" rita.example@example.ORG ", phone="")
    assert found == {case.pk: ["linked parent: e-mail"]}


def test_a_name_matches_whatever_its_case_and_spacing(school):
    report = ReportFactory(case__school=school, reporter_name="Rita  van der  Berg")
    case = CaseFactory(school=school)
    case.parents.add(ParentFactory(school=school, full_name="RITA VAN DER BERG"))
    found = cases_about(school=school, name=" rita van der berg", email="", phone="")
    assert found == {report.case_id: ["reporter: name"], case.pk: ["linked parent: name"]}


def test_every_reason_a_case_matched_is_listed(school):
    report = ReportFactory(
        case__school=school,
        reporter_name="Rita Example",
        reporter_email="rita@example.org",
        reporter_phone="+44 7700 900123",
    )
    report.case.parents.add(ParentFactory(school=school, email="RITA@example.org"))
    found = cases_about(
        school=school, name="rita example", email="rita@example.org", phone="07700 900123"
    )
    assert found[report.case_id] == [
        "linked parent: e-mail",
        "reporter: e-mail",
        "reporter: name",
        "reporter: phone",
    ]


def test_other_people_and_other_schools_are_not_found(school, other_school):
    ReportFactory(
        case__school=school, reporter_name="Rita Exampleton", reporter_phone="07700 900124"
    )
    ReportFactory(
        case__school=other_school,
        reporter_name="Rita Example",
        reporter_email="rita@example.org",
        reporter_phone="07700 900123",
    )
    found = cases_about(
        school=school, name="Rita Example", email="rita@example.org", phone="07700 900123"
    )
    assert found == {}


def test_blank_details_match_nothing(school):
    ReportFactory(case__school=school, reporter_name="", reporter_email="", reporter_phone="")
    assert cases_about(school=school, name="", email="", phone="") == {}
