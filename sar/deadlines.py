"""The ICO's calendar-month arithmetic for a subject access request's deadline.

One calendar month from the day of receipt ends on the corresponding calendar date of the next
month; if the next month has no such date, on its last day (31 January → 28 February, or 29 in
a leap year). An extension adds up to two further months, counted from receipt the same way.
"""

import calendar
import datetime

# The ICO: one month, which may be extended by up to two further months.
MONTHS_TO_ANSWER = 1
MAX_EXTENSION_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same date `months` later, or that month's last day when it has no such date."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def deadline_for(received_on: datetime.date, extension_months: int = 0) -> datetime.date:
    return add_months(received_on, MONTHS_TO_ANSWER + extension_months)
