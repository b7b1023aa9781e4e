"""The governors' report's periods: terms, school years and months of one's own, and the
period form's errors."""

import datetime

from django.utils import timezone

from exports.governors import (
    Period,
    custom_period,
    previous_term,
    school_year,
    term_of,
)

AUTUMN = custom_period(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
TODAY = datetime.date(2027, 1, 10)


def test_terms_and_school_years():
    assert term_of(datetime.date(2026, 11, 30)) == Period(
        "Autumn term 2026", datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)
    )
    assert term_of(datetime.date(2027, 3, 31)).last == datetime.date(2027, 3, 31)
    summer = term_of(datetime.date(2027, 4, 1))
    assert (summer.first, summer.last) == (datetime.date(2027, 4, 1), datetime.date(2027, 8, 31))
    spring = previous_term(datetime.date(2027, 5, 1))
    assert (spring.first, spring.last) == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    autumn = previous_term(datetime.date(2027, 2, 14))
    assert (autumn.first, autumn.last) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
    year = school_year(datetime.date(2027, 3, 1))
    assert (year.first, year.last) == (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert school_year(datetime.date(2026, 9, 1)).first == datetime.date(2026, 9, 1)


def test_a_period_runs_from_local_midnight_to_the_midnight_after_its_last_day():
    start, end = AUTUMN.bounds()
    assert timezone.localtime(start).isoformat() == "2026-09-01T00:00:00+01:00"
    assert timezone.localtime(end).isoformat() == "2027-01-01T00:00:00+00:00"


def test_a_wrong_custom_period_says_why_and_shows_this_term(client, school, head):
    client.force_login(head)
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2026-12", "last": "2026-09"}
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()
    assert response.context["period"] == term_of(timezone.localdate())


def test_months_of_ones_own_run_from_the_first_day_of_one_to_the_last_day_of_the_other():
    period = custom_period(datetime.date(2026, 9, 15), datetime.date(2027, 2, 3))
    assert (period.first, period.last) == (datetime.date(2026, 9, 1), datetime.date(2027, 2, 28))
    assert period.label == "Sep 2026 to Feb 2027"
    assert custom_period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 1)).label == (
        "November 2026"
    )


def test_a_month_typed_wrong_comes_back_as_typed_with_the_reason(client, school, head):
    client.force_login(head)
    response = client.get("/staff/reports/", {"period": "custom", "first": "2026-13", "last": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a month as year and month, for example 2026-09." in html
    assert "Give the last month of the period." in html
    assert 'type="month" name="first" id="id_first" placeholder="YYYY-MM" value="2026-13"' in html
    assert response.context["period"] == term_of(timezone.localdate())


def test_a_period_of_more_than_five_years_is_refused(client, school, head):
    client.force_login(head)
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2020-01", "last": "2025-01"}
    )
    assert "Choose a period of at most five years." in response.content.decode()
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2020-01", "last": "2024-12"}
    )
    assert not response.context["form"].errors
