"""School days for Two-by-Ten: today at the school, and the organization's school calendar.

`school_today` is the one place this package asks for today's date, so tests can walk a plan
through simulated school days.
"""

from __future__ import annotations

from datetime import date, timedelta

from api.db import utcnow
from api.notifications.clock import local_today
from api.organizations.models import Organization

#: how far next_school_day looks before giving up (a long summer break fits)
LOOK_AHEAD_DAYS = 120


def school_today(organization: Organization) -> date:
    return local_today(utcnow(), organization.time_zone)


def is_school_day(organization_id: str, day: date) -> bool:
    return day.weekday() < 5


def school_days(organization_id: str, start: date, end: date) -> list[date]:
    """The school days from start to end, both included."""
    found, day = [], start
    while day <= end:
        if is_school_day(organization_id, day):
            found.append(day)
        day += timedelta(days=1)
    return found


def next_school_day(organization_id: str, after: date) -> date | None:
    day = after + timedelta(days=1)
    for _ in range(LOOK_AHEAD_DAYS):
        if is_school_day(organization_id, day):
            return day
        day += timedelta(days=1)
    return None


def term_end(organization_id: str, day: date) -> date | None:
    """The last day of the term that day falls in; None without a school calendar."""
    return None


def term_start(organization_id: str, day: date) -> date | None:
    """The first day of the term that day falls in; None without a school calendar."""
    return None
