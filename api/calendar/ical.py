"""Importing a school calendar from an iCalendar (.ics) file: each event becomes a holiday or
break (or a term). All of a file lands, or none of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import icalendar
from sqlalchemy import select

from api.access import require_org_admin
from api.actor import Actor
from api.audit import service as audit
from api.calendar.models import NonSchoolDay, Term
from api.calendar.service import MODELS
from api.errors import Unprocessable
from api.extensions import db
from api.transactions import transactional

SOURCE = "ical"
#: a school year's worth of holidays, with room to spare; more is not a school calendar
MAX_EVENTS = 500
MAX_BYTES = 1024 * 1024
NOT_ICALENDAR = "That file isn't an iCalendar file. Export one (.ics) from your calendar app."


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _event(component) -> tuple[dict[str, Any] | None, list[str]]:
    """One VEVENT as (name, first day, last day, uid), or the reasons it can't be used."""
    problems = [f"{name}: {message}" for name, message in component.errors]
    starts_on = _day(component.decoded("DTSTART", None)) if "DTSTART" in component else None
    if starts_on is None:
        return None, problems or ["It has no start date."]
    if "DTEND" in component:
        end = component.decoded("DTEND", None)
        last = _day(end)
        if last is None:
            return None, problems or ["Its end date can't be read."]
        # An all-day event's DTEND is the day after it (RFC 5545); a timed one ends that day.
        ends_on = last - timedelta(days=1) if not isinstance(end, datetime) else last
    elif "DURATION" in component:
        duration = component.decoded("DURATION")
        ends_on = starts_on + max(timedelta(days=duration.days - 1), timedelta(0))
    else:
        ends_on = starts_on
    ends_on = max(ends_on, starts_on)
    name = str(component.get("SUMMARY", "")).strip() or "Holiday"
    uid = str(component.get("UID", "")).strip() or f"{starts_on.isoformat()}:{name}"
    if problems:
        return None, problems
    return {"name": name[:200], "starts_on": starts_on, "ends_on": ends_on, "uid": uid[:255]}, []


def read_events(data: bytes) -> list[dict[str, Any]]:
    """The events of an iCalendar file; raises Unprocessable (naming each bad event) for a
    file that is not iCalendar, has no events, or has an event without usable dates."""
    if len(data) > MAX_BYTES:
        raise Unprocessable(
            "That file is too big.", errors={"file": ["A calendar file is 1 MB at most."]}
        )
    try:
        calendar = icalendar.Calendar.from_ical(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, IndexError, KeyError):
        raise Unprocessable(NOT_ICALENDAR, errors={"file": [NOT_ICALENDAR]}) from None
    if getattr(calendar, "name", None) != "VCALENDAR":
        raise Unprocessable(NOT_ICALENDAR, errors={"file": [NOT_ICALENDAR]})
    components = calendar.walk("VEVENT")
    if not components:
        raise Unprocessable(
            "That calendar has no events.", errors={"file": ["Add the holidays as events."]}
        )
    if len(components) > MAX_EVENTS:
        raise Unprocessable(
            "That calendar has too many events.",
            errors={"file": [f"A school calendar has at most {MAX_EVENTS} events."]},
        )
    events, errors = [], {}
    for number, component in enumerate(components, start=1):
        event, problems = _event(component)
        if problems:
            summary = str(component.get("SUMMARY", "")).strip()
            errors[f"event {number}" + (f" ({summary[:60]})" if summary else "")] = problems
        else:
            events.append(event)
    if errors:
        raise Unprocessable("Some events can't be imported; nothing was imported.", errors=errors)
    return events


@transactional
def import_calendar(actor: Actor, organization_id: str, data: bytes | None, *, kind: str) -> dict:
    """Import an iCalendar file's events as non-school days (or terms), by their UIDs: a second
    import of the same file updates, it does not double. Org admins.

    Raises Unprocessable (nothing written) for a file that can't be read whole.
    """
    require_org_admin(actor, organization_id)
    if data is None:
        raise Unprocessable("Choose a calendar file.", errors={"file": ["Choose an .ics file."]})
    events = read_events(data)
    model: type[Term] | type[NonSchoolDay] = MODELS[kind]
    existing = {
        entry.external_id: entry
        for entry in db.session.scalars(
            select(model).where(
                model.organization_id == organization_id,
                model.external_source == SOURCE,
                model.external_id.in_([event["uid"] for event in events]),
            )
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    entries = []
    for event in events:
        entry = existing.get(event["uid"])
        fields = {key: event[key] for key in ("name", "starts_on", "ends_on")}
        if entry is None:
            entry = model(
                organization_id=organization_id,
                external_source=SOURCE,
                external_id=event["uid"],
                **fields,
            )
            db.session.add(entry)
            existing[event["uid"]] = entry
            counts["created"] += 1
        elif any(getattr(entry, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(entry, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        entries.append(entry)
    db.session.flush()
    audit.record(
        actor,
        organization_id,
        "calendar.imported",
        subject_type=kind,
        details={"kind": kind, **counts},
    )
    return {"kind": kind, "counts": counts, "entries": entries}
