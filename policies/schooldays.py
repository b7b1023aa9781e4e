"""School-day arithmetic: deadlines counted in school days rather than calendar days.

A *school day* is a weekday (Monday to Friday) that is neither a bank holiday in the school's
nation of the UK nor one of that school's :class:`~policies.models.ClosureDate` rows (INSET days,
school holidays entered by administrators).

Bank holidays come from the ``holidays`` package; closure dates are read from the database in a
single query per bounded window of dates, never one query per day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, timedelta

import holidays

from policies.models import School

#: ``School.nation`` value -> ``holidays`` subdivision code of the United Kingdom.
NATION_SUBDIVISIONS: dict[str, str] = {
    School.Nation.ENGLAND: "ENG",
    School.Nation.WALES: "WLS",
    School.Nation.SCOTLAND: "SCT",
    School.Nation.NORTHERN_IRELAND: "NIR",
}

#: Extra calendar days loaded beyond ``2 * days`` so a long holiday fits in the first window.
_WINDOW_SLACK_DAYS = 60


def bank_holidays(nation: str, years: Iterable[int]) -> holidays.HolidayBase:
    """Return the bank holidays of a UK nation (a ``School.Nation`` value) for the given years.

    The result is cached per ``(nation, sorted years)``. It is built with ``expand=False`` so
    looking up a date outside ``years`` never mutates the shared cached object; callers must
    therefore ask for every year they will look dates up in. Treat the result as read-only.

    Raises ``ValueError`` for an unknown nation.
    """
    return _bank_holidays(nation, tuple(sorted(set(years))))


@functools.lru_cache(maxsize=64)
def _bank_holidays(nation: str, years: tuple[int, ...]) -> holidays.HolidayBase:
    try:
        subdiv = NATION_SUBDIVISIONS[nation]
    except KeyError:
        raise ValueError(f"Unknown nation {nation!r}") from None
    return holidays.country_holidays("GB", subdiv=subdiv, years=years, expand=False)


def _years(start: date, end: date) -> range:
    """The calendar years from ``start`` to ``end`` inclusive."""
    return range(start.year, end.year + 1)


def _closure_dates(school: School, first: date, last: date) -> set[date]:
    """The school's closure dates with ``first <= date <= last``, in one query."""
    return set(
        school.closure_dates.filter(date__gte=first, date__lte=last).values_list("date", flat=True)
    )


def _is_school_day(day: date, bank: holidays.HolidayBase, closures: set[date]) -> bool:
    return day.weekday() < 5 and day not in bank and day not in closures


def is_school_day(day: date, *, school: School, closures: set[date] | None = None) -> bool:
    """Whether ``day`` is a school day at ``school``.

    ``closures`` is the school's closure dates (at least those around ``day``) if the caller has
    already loaded them; when ``None`` the database is asked, but only if ``day`` is a weekday
    that is not a bank holiday.
    """
    if day.weekday() >= 5 or day in bank_holidays(school.nation, [day.year]):
        return False
    if closures is None:
        return not school.closure_dates.filter(date=day).exists()
    return day not in closures


def add_school_days(start: date, days: int, *, school: School) -> date:
    """The date ``days`` school days after ``start`` (``start`` itself not counted).

    ``days=0`` returns ``start`` unchanged, whether or not it is a school day. The school's
    closure dates are loaded in one query for a bounded window (``start`` to
    ``start + 2 * days + 60`` days), and in one further query per window only if an unusually
    long closure runs past it.

    Raises ``ValueError`` if ``days`` is negative.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    window = timedelta(days=2 * days + _WINDOW_SLACK_DAYS)
    day = start
    remaining = days
    while True:
        first, last = day + timedelta(days=1), day + window
        bank = bank_holidays(school.nation, _years(first, last))
        closures = _closure_dates(school, first, last)
        while day < last:
            day += timedelta(days=1)
            if _is_school_day(day, bank, closures):
                remaining -= 1
                if remaining == 0:
                    return day


def school_days_between(start: date, end: date, *, school: School) -> int:
    """The number of school days ``d`` with ``start < d <= end`` (0 if ``end <= start``).

    Closure dates are loaded in one query. For any ``n >= 0``,
    ``school_days_between(start, add_school_days(start, n, school=school), school=school) == n``.
    """
    if end <= start:
        return 0
    first = start + timedelta(days=1)
    bank = bank_holidays(school.nation, _years(first, end))
    closures = _closure_dates(school, first, end)
    return sum(
        _is_school_day(first + timedelta(days=offset), bank, closures)
        for offset in range((end - first).days + 1)
    )


def representation_deadline(start: date, *, school: School) -> date:
    """The last day for a parent's representations: ``school.representation_school_days``
    school days after ``start``."""
    return add_school_days(start, school.representation_school_days, school=school)
