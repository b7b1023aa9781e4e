"""The ICO's calendar month: the same date next month, or that month's last day if it has none."""

import datetime

import pytest

from sar.deadlines import add_months, deadline_for

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2027, 1, 31), D(2027, 2, 28)),  # no 31 February: its last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 3, 30), D(2026, 4, 30)),
        (D(2028, 2, 29), D(2028, 3, 29)),
        (D(2026, 12, 15), D(2027, 1, 15)),  # across the year's end
        (D(2026, 1, 28), D(2026, 2, 28)),
    ],
)
def test_one_calendar_month_from_receipt(received, due):
    assert deadline_for(received) == due


@pytest.mark.parametrize(
    ("months", "due"),
    [(0, D(2027, 2, 28)), (1, D(2027, 3, 31)), (2, D(2027, 4, 30))],
)
def test_an_extension_counts_further_months_from_receipt_not_from_the_first_deadline(months, due):
    # From the first deadline (28 February) two months would be 28 April; from receipt, 30 April.
    assert deadline_for(D(2027, 1, 31), months) == due


def test_a_longer_run_of_months_lands_on_the_right_year():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
