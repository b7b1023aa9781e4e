"""What a letter may say about its case: the first report, the latest meeting, the rules broken
and the code in force, read in a fixed number of queries."""

import datetime

from django.utils import timezone

from letters.context import letter_context
from tests.factories import (
    BreachCategoryFactory,
    CaseFactory,
    CodeOfConductFactory,
    LetterFactory,
    MeetingFactory,
    MessagingGroupFactory,
    ReportFactory,
    SiteBanFactory,
)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_first_report_and_the_latest_meeting_are_the_ones_named(school):
    case = CaseFactory(school=school)
    group = MessagingGroupFactory(school=school, name="Year 4 parents")
    ReportFactory(
        case=case,
        occurred_on=datetime.date(2026, 10, 5),
        other_group_name="Football club",
        submitted_at=at(datetime.date(2026, 10, 6), 9),
    )
    ReportFactory(  # submitted first: this is the report the letter names
        case=case,
        group=group,
        occurred_on=datetime.date(2026, 10, 1),
        submitted_at=at(datetime.date(2026, 10, 2), 9),
    )
    MeetingFactory(case=case, starts_at=at(datetime.date(2026, 11, 30), 15), place="Hall")
    MeetingFactory(case=case, starts_at=at(datetime.date(2026, 11, 20), 9), place="Office")
    context = letter_context(LetterFactory(case=case))
    assert context["incident_date"] == "1 October 2026"
    assert context["group_name"] == "Year 4 parents"
    assert (context["meeting_date"], context["meeting_time"]) == ("30 November 2026", "15:00")
    assert context["meeting_place"] == "Hall"


def test_a_report_without_a_listed_group_names_the_group_it_gave(school):
    case = CaseFactory(school=school)
    ReportFactory(case=case, other_group_name="Football club")
    assert letter_context(LetterFactory(case=case))["group_name"] == "Football club"


def test_a_case_without_reports_or_meetings_leaves_those_blank(school):
    context = letter_context(LetterFactory(case=CaseFactory(school=school)))
    assert context["incident_date"] == context["group_name"] == ""
    assert context["meeting_date"] == context["meeting_time"] == context["meeting_place"] == ""


def test_rules_and_guidelines_come_from_the_code_in_force(school):
    old = school.codes.get()
    new = CodeOfConductFactory(
        school=school,
        version=2,
        title="Parents' code, 2026",
        effective_date=datetime.date(2026, 9, 1),
        guidelines="Be kind.\n\n  Keep it private.  \n",
    )
    case = CaseFactory(school=school)
    case.breach_categories.add(
        BreachCategoryFactory(code=old, name="Old rule", position=1),
        BreachCategoryFactory(code=new, name="Second rule", position=2),
        BreachCategoryFactory(code=new, name="First rule", position=1),
    )
    context = letter_context(LetterFactory(case=case))
    assert context["code_title"] == "Parents' code, 2026"
    assert context["code_guidelines"] == ["Be kind.", "Keep it private."]
    # The newer code's rules first, each code's in its own order.
    assert context["breached_rules"] == ["First rule", "Second rule", "Old rule"]


def test_a_code_not_yet_in_effect_is_not_the_one_a_letter_names(school):
    CodeOfConductFactory(
        school=school,
        version=9,
        title="Next year's code",
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    context = letter_context(LetterFactory(case=CaseFactory(school=school)))
    assert context["code_title"] == school.codes.get(version=1).title


def test_a_ban_letter_names_the_rules_the_ban_gives(school):
    case = CaseFactory(school=school)
    rule = BreachCategoryFactory(code=school.codes.get(), name="Threats to staff")
    case.breach_categories.add(BreachCategoryFactory(code=school.codes.get(), name="Other"))
    ban = SiteBanFactory(case=case)
    ban.rules_breached.add(rule)
    context = letter_context(LetterFactory(case=case, site_ban=ban, parent=ban.parent))
    assert context["breached_rules"] == ["Threats to staff"]


def test_the_context_costs_the_same_few_queries_however_much_the_case_holds(
    school, django_assert_num_queries
):
    case = CaseFactory(school=school)
    for _ in range(3):
        ReportFactory(case=case)
        MeetingFactory(case=case)
    case.breach_categories.add(*school.codes.get().breach_categories.all())
    letter = LetterFactory(case=case)
    letter.case, letter.case.school, letter.parent  # noqa: B018 (loaded already, as in the task)
    with django_assert_num_queries(2):
        letter_context(letter)
