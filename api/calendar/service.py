"""School days: Monday to Friday, inside a term (once the organization has any), and not a
holiday or break. Reminders, "stalled" counts and Two-by-Ten plans count in school days.

The four questions the rest of the code asks are `is_school_day`, `school_days`,
`next_school_day` and `count_school_days`. Code that asks many of them for one organization
loads a `SchoolCalendar` once with `calendar_for` and asks it instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import ScalarSelect, Select, select

from api.access import org_membership, require_org_admin
from api.actor import Actor
from api.audit import service as audit
from api.calendar.models import NonSchoolDay, Term
from api.db import json_rows
from api.errors import NotFound, Unprocessable
from api.extensions import db
from api.transactions import transactional

#: How far next_school_day looks before it gives up on the calendar (a long summer fits).
LOOK_AHEAD_DAYS = 400
SATURDAY = 5

Span = tuple[date, date]


@dataclass(frozen=True)
class SchoolCalendar:
    """An organization's terms and non-school days, loaded once, answering in memory."""

    terms: tuple[Span, ...]
    breaks: tuple[Span, ...]

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= SATURDAY:
            return False
        if self.terms and not any(start <= day <= end for start, end in self.terms):
            return False
        return not any(start <= day <= end for start, end in self.breaks)

    def school_days(self, start: date, end: date) -> list[date]:
        """The school days from start to end, both included (none when end is before start)."""
        days = []
        day = start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def count_school_days(self, start: date, end: date) -> int:
        return len(self.school_days(start, end))

    def next_school_day(self, after: date) -> date:
        """The first school day after `after`; past the last term the next weekday stands in,
        so a reminder is never put off forever by a calendar nobody extended."""
        for offset in range(1, LOOK_AHEAD_DAYS + 1):
            day = after + timedelta(days=offset)
            if self.is_school_day(day):
                return day
        day = after + timedelta(days=1)
        while day.weekday() >= SATURDAY:
            day += timedelta(days=1)
        return day

    def school_days_since(self, day: date, today: date, *, enough: int | None = None) -> int:
        """School days after `day` up to and including `today`; counting stops at `enough`, so
        asking "quiet for ten school days?" of a year-old cycle costs two weeks, not a year."""
        count = 0
        current = today
        while current > day and (enough is None or count < enough):
            if self.is_school_day(current):
                count += 1
            current -= timedelta(days=1)
        return count

    def has_been_quiet(self, last_day: date, today: date, school_days: int) -> bool:
        """Whether `school_days` school days have passed since `last_day` ("stalled")."""
        return self.school_days_since(last_day, today, enough=school_days) >= school_days

    def add_school_days(self, start: date, count: int) -> date:
        """The `count`-th school day after start (start itself when count is 0)."""
        day = start
        for _ in range(count):
            day = self.next_school_day(day)
        return day


def calendar_columns(organization_id) -> tuple[ScalarSelect, ScalarSelect]:
    """An organization's terms and non-school days as two JSON columns of a query that reads
    its id (`organization_id`, a column): `calendar_of` turns them into its calendar, so a
    list of teams brings their calendars in its own statement."""
    return (
        select(json_rows(Term.starts_on, Term.ends_on))
        .where(Term.organization_id == organization_id)
        .scalar_subquery(),
        select(json_rows(NonSchoolDay.starts_on, NonSchoolDay.ends_on))
        .where(NonSchoolDay.organization_id == organization_id)
        .scalar_subquery(),
    )


def calendar_of(terms, breaks) -> SchoolCalendar:
    """The calendar from the two columns of `calendar_columns`."""

    def spans(rows) -> tuple[Span, ...]:
        return tuple(
            (date.fromisoformat(start), date.fromisoformat(end)) for start, end in rows or ()
        )

    return SchoolCalendar(terms=spans(terms), breaks=spans(breaks))


def calendars_for(
    organization_ids: Iterable[str], start: date | None = None, end: date | None = None
) -> dict[str, SchoolCalendar]:
    """Each organization's calendar, in two statements however many organizations. With start
    and end, only the non-school days that touch that range are loaded (terms are few and
    always loaded whole: having any term at all changes the rule)."""
    ids = sorted(set(organization_ids))
    terms: dict[str, list[Span]] = {organization_id: [] for organization_id in ids}
    breaks: dict[str, list[Span]] = {organization_id: [] for organization_id in ids}
    if not ids:
        return {}
    for organization_id, starts_on, ends_on in db.session.execute(
        select(Term.organization_id, Term.starts_on, Term.ends_on).where(
            Term.organization_id.in_(ids)
        )
    ):
        terms[organization_id].append((starts_on, ends_on))
    query = select(
        NonSchoolDay.organization_id, NonSchoolDay.starts_on, NonSchoolDay.ends_on
    ).where(NonSchoolDay.organization_id.in_(ids))
    if start is not None:
        query = query.where(NonSchoolDay.ends_on >= start)
    if end is not None:
        query = query.where(NonSchoolDay.starts_on <= end)
    for organization_id, starts_on, ends_on in db.session.execute(query):
        breaks[organization_id].append((starts_on, ends_on))
    return {
        organization_id: SchoolCalendar(
            terms=tuple(terms[organization_id]), breaks=tuple(breaks[organization_id])
        )
        for organization_id in ids
    }


def calendar_for(
    organization_id: str, start: date | None = None, end: date | None = None
) -> SchoolCalendar:
    """One organization's calendar (see `calendars_for`)."""
    return calendars_for([organization_id], start, end)[organization_id]


def is_school_day(organization_id: str, day: date) -> bool:
    return calendar_for(organization_id, day, day).is_school_day(day)


def school_days(organization_id: str, start: date, end: date) -> list[date]:
    """Every school day from start to end, both included."""
    return calendar_for(organization_id, start, end).school_days(start, end)


def count_school_days(organization_id: str, start: date, end: date) -> int:
    return calendar_for(organization_id, start, end).count_school_days(start, end)


def next_school_day(organization_id: str, after: date) -> date:
    """The first school day strictly after `after`."""
    return calendar_for(organization_id, after).next_school_day(after)


# --- editing: terms and non-school days ----------------------------------------------------

#: the two kinds of calendar entry, by the name routes and audit events use
MODELS: dict[str, type[Term] | type[NonSchoolDay]] = {
    "term": Term,
    "non_school_day": NonSchoolDay,
}
NOT_FOUND = {
    "term": "We couldn't find that term.",
    "non_school_day": "We couldn't find that holiday or break.",
}


def check_span(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise Unprocessable(
            "The last day is before the first.",
            errors={"ends_on": ["Pick a last day on or after the first day."]},
        )


def list_entries(actor: Actor, organization_id: str, kind: str) -> Select:
    """Terms or non-school days of the organization, earliest first (any member may read)."""
    org_membership(actor, organization_id)
    model = MODELS[kind]
    return (
        select(model)
        .where(model.organization_id == organization_id)
        .order_by(model.starts_on, model.ends_on, model.id)
    )


def _entry(organization_id: str, kind: str, entry_id: str) -> Term | NonSchoolDay:
    entry = cast(Term | NonSchoolDay | None, db.session.get(MODELS[kind], entry_id))
    if entry is None or entry.organization_id != organization_id:
        raise NotFound(NOT_FOUND[kind])
    return entry


@transactional
def create_entry(
    actor: Actor, organization_id: str, kind: str, *, name: str, starts_on: date, ends_on: date
):
    """Add a term or a non-school day (org admins)."""
    require_org_admin(actor, organization_id)
    check_span(starts_on, ends_on)
    entry = MODELS[kind](
        organization_id=organization_id, name=name.strip(), starts_on=starts_on, ends_on=ends_on
    )
    db.session.add(entry)
    db.session.flush()
    _audit(actor, organization_id, kind, "created", entry)
    return entry


@transactional
def update_entry(actor: Actor, organization_id: str, kind: str, entry_id: str, **changes: Any):
    """Rename or move a term or non-school day (org admins)."""
    require_org_admin(actor, organization_id)
    entry = _entry(organization_id, kind, entry_id)
    check_span(changes.get("starts_on", entry.starts_on), changes.get("ends_on", entry.ends_on))
    if "name" in changes:
        entry.name = changes["name"].strip()
    for field in ("starts_on", "ends_on"):
        if field in changes:
            setattr(entry, field, changes[field])
    _audit(actor, organization_id, kind, "updated", entry)
    return entry


@transactional
def delete_entry(actor: Actor, organization_id: str, kind: str, entry_id: str) -> None:
    require_org_admin(actor, organization_id)
    entry = _entry(organization_id, kind, entry_id)
    _audit(actor, organization_id, kind, "deleted", entry)
    db.session.delete(entry)


def _audit(actor: Actor, organization_id: str, kind: str, what: str, entry) -> None:
    audit.record(
        actor,
        organization_id,
        f"calendar.{kind}_{what}",
        subject_type=kind,
        subject_id=entry.id,
        details={"starts_on": entry.starts_on.isoformat(), "ends_on": entry.ends_on.isoformat()},
    )


def save_external_term(
    organization_id: str,
    *,
    source: str,
    external_id: str,
    name: str,
    starts_on: date,
    ends_on: date,
) -> tuple[Term, bool]:
    """Create or update a term by its id in another system (an LMS's academic session, an
    iCalendar event); returns the term and whether it changed. Adds without committing, so an
    import keeps all of its rows or none; the caller has checked who may do it.

    Raises Unprocessable when the term ends before it starts.
    """
    check_span(starts_on, ends_on)
    term = db.session.scalar(
        select(Term).where(
            Term.organization_id == organization_id,
            Term.external_source == source,
            Term.external_id == external_id,
        )
    )
    if term is None:
        term = Term(
            organization_id=organization_id,
            external_source=source,
            external_id=external_id,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        db.session.add(term)
        return term, True
    changed = (term.name, term.starts_on, term.ends_on) != (name, starts_on, ends_on)
    term.name, term.starts_on, term.ends_on = name, starts_on, ends_on
    return term, changed
