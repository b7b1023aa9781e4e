"""School-day arithmetic: weekends, each UK nation's bank holidays and per-school closures.

Bank-holiday dates below were checked against the installed ``holidays`` package (0.109).
"""

from datetime import date, timedelta

import pytest

from policies.models import School
from policies.schooldays import (
    add_school_days,
    bank_holidays,
    is_school_day,
    representation_deadline,
    school_days_between,
)
from tests.factories import ClosureDateFactory, SchoolFactory

pytestmark = pytest.mark.django_db

MONDAY_5_OCT_2026 = date(2026, 10, 5)  # no bank holidays or closures nearby


def test_ten_school_days_from_a_monday_without_holidays_is_the_monday_two_weeks_later():
    school = SchoolFactory()

    assert add_school_days(MONDAY_5_OCT_2026, 10, school=school) == date(2026, 10, 19)


def test_weekend_is_skipped():
    school = SchoolFactory()

    assert add_school_days(date(2026, 10, 9), 1, school=school) == date(2026, 10, 12)  # Fri->Mon


def test_english_spring_bank_holiday_is_skipped():
    school = SchoolFactory(nation=School.Nation.ENGLAND)

    # Friday 22 May 2026; Monday 25 May is the spring bank holiday.
    assert add_school_days(date(2026, 5, 22), 1, school=school) == date(2026, 5, 26)


def test_english_easter_weekend_is_skipped():
    school = SchoolFactory(nation=School.Nation.ENGLAND)

    # Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are bank holidays.
    assert add_school_days(date(2026, 4, 2), 1, school=school) == date(2026, 4, 7)


def test_scotland_skips_2_january_but_england_does_not():
    england = SchoolFactory(nation=School.Nation.ENGLAND)
    scotland = SchoolFactory(nation=School.Nation.SCOTLAND)
    new_years_day = date(2026, 1, 1)  # Thursday; 2 January is the Friday

    assert add_school_days(new_years_day, 1, school=england) == date(2026, 1, 2)
    assert add_school_days(new_years_day, 1, school=scotland) == date(2026, 1, 5)


def test_st_patricks_day_is_skipped_in_northern_ireland_only():
    northern_ireland = SchoolFactory(nation=School.Nation.NORTHERN_IRELAND)
    england = SchoolFactory(nation=School.Nation.ENGLAND)
    monday = date(2026, 3, 16)  # 17 March 2026 is a Tuesday

    assert add_school_days(monday, 1, school=northern_ireland) == date(2026, 3, 18)
    assert add_school_days(monday, 1, school=england) == date(2026, 3, 17)


def test_closure_date_is_skipped_for_its_school_only():
    closed = SchoolFactory()
    other = SchoolFactory()
    ClosureDateFactory(school=closed, date=date(2026, 10, 23), reason="INSET day")
    thursday = date(2026, 10, 22)

    assert add_school_days(thursday, 1, school=closed) == date(2026, 10, 26)
    assert add_school_days(thursday, 1, school=other) == date(2026, 10, 23)


def test_closure_longer_than_the_first_loaded_window_is_still_skipped():
    school = SchoolFactory()
    start = MONDAY_5_OCT_2026
    # Close every day for 100 days: longer than the first window for one school day.
    for offset in range(1, 101):
        ClosureDateFactory(school=school, date=start + timedelta(days=offset))

    assert add_school_days(start, 1, school=school) == date(2027, 1, 14)


@pytest.mark.parametrize("days", [1, 5, 10, 20, 60])
def test_school_days_between_counts_the_days_add_school_days_added(days):
    school = SchoolFactory(nation=School.Nation.SCOTLAND)
    ClosureDateFactory(school=school, date=date(2026, 12, 21))
    start = date(2026, 11, 27)  # spans St Andrew's Day, Christmas and the new year

    end = add_school_days(start, days, school=school)

    assert school_days_between(start, end, school=school) == days
    assert school_days_between(start, end - timedelta(days=1), school=school) == days - 1


def test_school_days_between_is_zero_when_end_is_not_after_start():
    school = SchoolFactory()

    assert school_days_between(MONDAY_5_OCT_2026, MONDAY_5_OCT_2026, school=school) == 0
    assert school_days_between(MONDAY_5_OCT_2026, date(2026, 9, 1), school=school) == 0


def test_closure_dates_are_loaded_in_one_query(django_assert_max_num_queries):
    school = SchoolFactory()
    ClosureDateFactory(school=school, date=date(2026, 10, 7))
    ClosureDateFactory(school=school, date=date(2026, 10, 8))

    with django_assert_max_num_queries(1):
        end = add_school_days(MONDAY_5_OCT_2026, 10, school=school)

    assert end == date(2026, 10, 21)


def test_zero_days_returns_start_even_on_a_weekend():
    school = SchoolFactory()
    saturday = date(2026, 10, 10)

    assert add_school_days(saturday, 0, school=school) == saturday


def test_negative_days_are_rejected():
    with pytest.raises(ValueError, match="negative"):
        add_school_days(MONDAY_5_OCT_2026, -1, school=SchoolFactory())


def test_representation_deadline_counts_the_schools_representation_school_days():
    school = SchoolFactory(representation_school_days=5)

    assert representation_deadline(MONDAY_5_OCT_2026, school=school) == date(2026, 10, 12)


def test_is_school_day_uses_given_closures_without_querying(django_assert_num_queries):
    school = SchoolFactory()
    closures = {date(2026, 10, 6)}

    with django_assert_num_queries(0):
        assert is_school_day(date(2026, 10, 5), school=school, closures=closures)
        assert not is_school_day(date(2026, 10, 6), school=school, closures=closures)
        assert not is_school_day(date(2026, 10, 10), school=school, closures=closures)
        assert not is_school_day(date(2026, 12, 25), school=school, closures=closures)


def test_is_school_day_queries_closures_when_not_given():
    school = SchoolFactory()
    ClosureDateFactory(school=school, date=date(2026, 10, 6))

    assert is_school_day(date(2026, 10, 5), school=school)
    assert not is_school_day(date(2026, 10, 6), school=school)


def test_bank_holidays_are_cached_per_nation_and_years():
    first = bank_holidays(School.Nation.WALES, [2026, 2027])

    assert bank_holidays("wales", (2027, 2026)) is first
    assert bank_holidays("england", [2026, 2027]) is not first
    assert date(2026, 12, 28) in first  # Boxing Day (observed)


def test_unknown_nation_is_rejected():
    with pytest.raises(ValueError, match="Unknown nation"):
        bank_holidays("atlantis", [2026])
