"""A person's due dates as an iCalendar feed at a secret address, for Google or Outlook: their
open actions, the phase due dates of their teams' open cycles, and when their teams' trust
surveys close. Calendar apps fetch it without signing in, so the address is the key: it is
kept hashed and the person can replace it at any time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import icalendar
from flask import current_app
from sqlalchemy import delete, select

from api.actions.models import Action, action_is_open
from api.actor import Actor
from api.calendar.models import CalendarFeed
from api.cycles.models import Cycle, PhaseDueDate
from api.db import utcnow
from api.errors import NotFound, Unauthorized
from api.extensions import db
from api.puzzles.models import Puzzle
from api.teams.models import CoachAssignment, Membership, Team
from api.transactions import transactional
from api.trust.models import TrustSurvey
from api.users.models import User
from workflows import open_state_names

FEED_NOT_FOUND = (
    "This calendar address doesn't work any more. Copy the new one from your account page."
)
#: how far back and ahead the feed looks: calendars keep what they were given
PAST_DAYS = 60
AHEAD_DAYS = 400


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_url(secret: str) -> str:
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}/api/v1/calendar-feeds/{secret}.ics"


def _person(actor: Actor) -> User:
    if actor.user is None or actor.scopes is not None:
        raise Unauthorized("Sign in with your password to manage your calendar feed.")
    return actor.user


def feed_status(actor: Actor) -> CalendarFeed | None:
    user = _person(actor)
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


@transactional
def reset_feed(actor: Actor) -> tuple[CalendarFeed, str]:
    """Make the person's feed address, or replace it (the old one stops at once); returns the
    feed and its URL, shown this once."""
    user = _person(actor)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    secret = secrets.token_urlsafe(24)
    feed = CalendarFeed(user_id=user.id, token_hash=_digest(secret))
    db.session.add(feed)
    db.session.flush()
    return feed, feed_url(secret)


@transactional
def turn_off_feed(actor: Actor) -> None:
    user = _person(actor)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def _event(uid: str, day: date, summary: str, description: str, link: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@eaa")
    event.add("dtstamp", utcnow())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", link)
    event.add("transp", "TRANSPARENT")  # a due date, not a meeting: it doesn't make you busy
    return event


def feed_ics(secret: str, *, today: date | None = None) -> bytes:
    """The feed for this secret; NotFound for an unknown or replaced one."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(secret)))
    if feed is None:
        raise NotFound(FEED_NOT_FOUND)
    user = db.session.get_one(User, feed.user_id)
    if not user.is_active:
        raise NotFound(FEED_NOT_FOUND)
    today = today or utcnow().date()
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=AHEAD_DAYS)
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Inquiry cycles//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Inquiry cycles: {user.display_name}")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    my_teams = (
        select(Membership.team_id)
        .where(Membership.user_id == user.id)
        .union(select(CoachAssignment.team_id).where(CoachAssignment.user_id == user.id))
    )
    for action_id, title, due_on, cycle_id, team_name in db.session.execute(
        select(Action.id, Action.title, Action.due_on, Action.cycle_id, Team.name)
        .join(Team, Team.id == Action.team_id)
        .where(
            Action.owner_id == user.id,
            action_is_open(),
            Action.due_on.between(start, end),
            Team.id.in_(my_teams),
        )
        .order_by(Action.due_on, Action.id)
    ):
        calendar.add_component(
            _event(
                f"action-{action_id}",
                due_on,
                f"Due: {title}",
                f"An action of {team_name}.",
                f"{base}/cycles/{cycle_id}",
            )
        )
    for cycle_id, number, phase, due_on, question, team_name in db.session.execute(
        select(
            Cycle.id,
            Cycle.number,
            PhaseDueDate.phase,
            PhaseDueDate.due_on,
            Puzzle.question,
            Team.name,
        )
        .join(PhaseDueDate, PhaseDueDate.cycle_id == Cycle.id)
        .join(Puzzle, Puzzle.id == Cycle.puzzle_id)
        .join(Team, Team.id == Cycle.team_id)
        .where(
            Cycle.team_id.in_(my_teams),
            Cycle.state.in_(open_state_names()),
            PhaseDueDate.due_on.between(start, end),
            Team.archived_at.is_(None),
        )
        .order_by(PhaseDueDate.due_on, Cycle.id)
    ):
        calendar.add_component(
            _event(
                f"phase-{cycle_id}-{phase}",
                due_on,
                f"{team_name}, cycle {number}: {phase} phase due",
                question,
                f"{base}/cycles/{cycle_id}",
            )
        )
    for survey_id, period, closes_on, team_name in db.session.execute(
        select(TrustSurvey.id, TrustSurvey.period, TrustSurvey.closes_on, Team.name)
        .join(Team, Team.id == TrustSurvey.team_id)
        .where(
            TrustSurvey.team_id.in_(my_teams),
            TrustSurvey.closed_at.is_(None),
            TrustSurvey.closes_on.between(start, end),
        )
        .order_by(TrustSurvey.closes_on, TrustSurvey.id)
    ):
        calendar.add_component(
            _event(
                f"survey-{survey_id}",
                closes_on,
                f"{team_name}: trust survey “{period}” closes",
                "Answer before it closes, if you haven't yet. Answers are anonymous.",
                f"{base}/trust-surveys/{survey_id}",
            )
        )
    return calendar.to_ical()


def describe(feed: CalendarFeed | None, url: str | None = None) -> dict:
    return {
        "active": feed is not None,
        "created_at": feed.created_at if feed else None,
        "url": url,
    }
