"""School days for relationships, agreements and class pulses: today at the school, its
calendar and its terms ("this term" for counts, "each term" for reviews).

`school_today` is the one place those packages ask for today's date, so tests can walk a plan
through simulated school days.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from api.calendar.models import Term
from api.calendar.service import SchoolCalendar, calendar_for, calendars_for
from api.clock import local_today
from api.db import utcnow
from api.extensions import db
from api.organizations.models import Organization


def school_today(organization: Organization) -> date:
    return local_today(utcnow(), organization.time_zone)


def calendar(organization_id: str) -> SchoolCalendar:
    """The organization's school calendar, loaded once for many questions."""
    return calendar_for(organization_id)


def calendars(organization_ids: list[str]) -> dict[str, SchoolCalendar]:
    """Several organizations' calendars in one read, for lists."""
    return calendars_for(organization_ids)


def _term(organization_id: str, day: date) -> Term | None:
    return db.session.scalar(
        select(Term)
        .where(Term.organization_id == organization_id, Term.starts_on <= day, Term.ends_on >= day)
        .order_by(Term.starts_on)
        .limit(1)
    )


def term_start(organization_id: str, day: date) -> date | None:
    """The first day of the term that day falls in; None outside terms or without them."""
    term = _term(organization_id, day)
    return term.starts_on if term else None


def term_end(organization_id: str, day: date) -> date | None:
    """The last day of the term that day falls in, or of the next term when day falls between
    terms; None when the calendar has no term from that day on."""
    term = _term(organization_id, day) or db.session.scalar(
        select(Term)
        .where(Term.organization_id == organization_id, Term.starts_on > day)
        .order_by(Term.starts_on)
        .limit(1)
    )
    return term.ends_on if term else None
