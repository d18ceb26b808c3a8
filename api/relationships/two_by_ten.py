"""Two-by-Ten: two minutes a day with one student, ten school days in a row.

The streak counts done days from `streak_starts_on`. A school day before today with nothing
recorded is a *missed* day: the plan then waits for the teacher to choose to carry on (the day
is kept as missed) or to restart (a new streak from today). Days come from the school calendar
(api/calendar/days.py), so holidays and weekends never count as missed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from api.actor import Actor
from api.calendar import days
from api.clock import zone
from api.db import utcnow
from api.errors import Conflict, NotFound, Unprocessable
from api.extensions import db
from api.relationships.access import move_stage, own_relationship, relationship_for
from api.relationships.models import (
    DayOutcome,
    PlanStatus,
    Relationship,
    Stage,
    TwoByTen,
    TwoByTenDay,
)
from api.teams.models import Membership, Role, Team
from api.transactions import transactional

DAYS_IN_A_ROW = 10
SATURDAY = 5
PLAN_NOT_FOUND = "We couldn't find that Two-by-Ten."


def _organization(plan: TwoByTen):
    return plan.relation.team.organization


#: what a summary reads, loaded with a list of plans rather than once per plan
SUMMARY_LOAD = (
    selectinload(TwoByTen.days),
    joinedload(TwoByTen.relation).joinedload(Relationship.student),
    joinedload(TwoByTen.relation).joinedload(Relationship.team).joinedload(Team.organization),
)


def plan_summaries(plans: list[TwoByTen]) -> list[dict]:
    """Summaries of many plans (loaded with SUMMARY_LOAD), with each school's calendar read
    once."""
    calendars = days.calendars([_organization(plan).id for plan in plans])
    return [plan_summary(plan, calendars[_organization(plan).id]) for plan in plans]


def plan_summary(plan: TwoByTen, school: days.SchoolCalendar | None = None) -> dict:
    """Where a plan stands: done days of the current streak, missed days waiting for a
    choice, and a day-by-day timeline of the ten (past, today, the school days ahead)."""
    organization = _organization(plan)
    school = school or days.calendar(organization.id)
    today = days.school_today(organization)
    recorded = {entry.day: entry for entry in plan.days}
    start = plan.streak_starts_on
    done = sorted(
        day for day, entry in recorded.items() if day >= start and entry.outcome is DayOutcome.done
    )
    waiting: list[date] = []
    if plan.status is PlanStatus.active and start < today:
        past = school.school_days(start, today - timedelta(days=1))
        waiting = [day for day in past if day not in recorded]
    entries: list[tuple[date, str, str | None]] = [
        (day, entry.outcome.value, entry.note) for day, entry in recorded.items() if day >= start
    ]
    entries += [(day, "missed_waiting", None) for day in waiting]
    school_day_today = school.is_school_day(today)
    done_today = today in recorded and recorded[today].outcome is DayOutcome.done
    if plan.status is PlanStatus.active and len(done) < DAYS_IN_A_ROW:
        if start > today:
            upcoming = start
        elif school_day_today and not done_today:
            upcoming = today
        else:
            upcoming = school.next_school_day(today)
        for _ in range(DAYS_IN_A_ROW - len(done)):
            entries.append((upcoming, "today" if upcoming == today else "ahead", None))
            upcoming = school.next_school_day(upcoming)
    entries.sort()
    # Weekdays without school (holidays) shown where they fall, so a gap is never a mystery.
    if len(entries) > 1:
        day = entries[0][0] + timedelta(days=1)
        while day < entries[-1][0]:
            if day.weekday() < SATURDAY and not school.is_school_day(day):
                entries.append((day, "no_school", None))
            day += timedelta(days=1)
        entries.sort()
    timeline = [{"day": day, "state": state, "note": note} for day, state, note in entries]
    return {
        "id": plan.id,
        "relationship_id": plan.relationship_id,
        "team_id": plan.relation.team_id,
        "student": {
            "id": plan.relation.student_id,
            "display_name": plan.relation.student.display_name,
        },
        "status": plan.status,
        "streak_starts_on": start,
        "reminder_at": plan.reminder_at,
        "restarts": plan.restarts,
        "days_done": len(done),
        "days_in_a_row": DAYS_IN_A_ROW,
        "missed_days": waiting,
        "needs_choice": bool(waiting),
        "today": today,
        "school_day_today": school_day_today,
        "done_today": done_today,
        "ready_to_close": len(done) >= DAYS_IN_A_ROW,
        "timeline": timeline,
        "reflection": plan.reflection,
        "closed_at": plan.closed_at,
        "created_at": plan.created_at,
    }


def _not_a_school_day(day: date, field: str) -> Unprocessable:
    return Unprocessable(
        f"{day:%A %-d %B} is not a school day. Choose a day when school is open.",
        errors={field: ["Choose a school day."]},
    )


@transactional
def start_plan(
    actor: Actor, team_id: str, student_id: str, *, reminder_at: time, starts_on: date | None = None
) -> dict:
    """Begin a Two-by-Ten with a student of a class the actor teaches, from today or a later
    school day. Raises NotFound, Forbidden, Unprocessable (not a school day, in the past),
    Conflict (one is already running with this student)."""
    relation = relationship_for(actor, team_id, student_id)
    organization = relation.team.organization
    school = days.calendar(organization.id)
    today = days.school_today(organization)
    starts_on = starts_on or today
    if starts_on < today:
        raise Unprocessable(
            "A Two-by-Ten starts today or later.",
            errors={"starts_on": ["Choose today or a later school day."]},
        )
    if not school.is_school_day(starts_on):
        raise _not_a_school_day(starts_on, "starts_on")
    running = db.session.scalar(
        select(TwoByTen.id).where(
            TwoByTen.relationship_id == relation.id, TwoByTen.status == PlanStatus.active
        )
    )
    if running:
        raise Conflict("You already have a Two-by-Ten running with this student.")
    plan = TwoByTen(relation=relation, streak_starts_on=starts_on, reminder_at=reminder_at)
    db.session.add(plan)
    db.session.flush()
    return plan_summary(plan)


def own_plan(actor: Actor, plan_id: str) -> TwoByTen:
    plan = db.session.get(TwoByTen, plan_id)
    if plan is None:
        raise NotFound(PLAN_NOT_FOUND)
    try:
        own_relationship(actor, plan.relationship_id)
    except NotFound:
        raise NotFound(PLAN_NOT_FOUND) from None
    return plan


def _require_active(plan: TwoByTen) -> None:
    if plan.status is not PlanStatus.active:
        raise Conflict("This Two-by-Ten has finished. Start a new one to carry on.")


def get_plan(actor: Actor, plan_id: str) -> dict:
    return plan_summary(own_plan(actor, plan_id))


def my_plans(actor: Actor) -> list[dict]:
    """The actor's running Two-by-Tens, in every class they still teach the student in (the
    rule of own_relationship, asked once for the whole list)."""
    teacher, student = aliased(Membership), aliased(Membership)
    still_teaching = exists().where(
        teacher.team_id == Relationship.team_id,
        teacher.user_id == Relationship.teacher_id,
        teacher.role == Role.teacher,
    )
    still_a_student = exists().where(
        student.team_id == Relationship.team_id,
        student.user_id == Relationship.student_id,
        student.role == Role.student,
    )
    plans = db.session.scalars(
        select(TwoByTen)
        .join(Relationship, Relationship.id == TwoByTen.relationship_id)
        .where(
            Relationship.teacher_id == actor.id,
            TwoByTen.status == PlanStatus.active,
            still_teaching,
            still_a_student,
        )
        .options(*SUMMARY_LOAD)
        .order_by(TwoByTen.created_at, TwoByTen.id)
    )
    return plan_summaries(list(plans.unique()))


@transactional
def update_plan(actor: Actor, plan_id: str, *, reminder_at: time) -> dict:
    """Move the daily reminder to another time."""
    plan = own_plan(actor, plan_id)
    _require_active(plan)
    plan.reminder_at = reminder_at
    return plan_summary(plan)


@transactional
def check_in(
    actor: Actor, plan_id: str, *, day: date | None = None, note: str | None = None
) -> dict:
    """Mark a day done (today unless told), with an optional note of what the teacher learned;
    tapping again only updates the note. Raises Unprocessable (not a school day, before the
    streak, in the future), Conflict (the plan has finished)."""
    plan = own_plan(actor, plan_id)
    _require_active(plan)
    organization = _organization(plan)
    school = days.calendar(organization.id)
    today = days.school_today(organization)
    day = day or today
    if day > today:
        raise Unprocessable(
            "You can mark a day done once it has come.",
            errors={"day": ["Choose today or an earlier day."]},
        )
    if day < plan.streak_starts_on:
        raise Unprocessable(
            "That day is before this streak began.",
            errors={"day": ["Choose a day of this streak."]},
        )
    if not school.is_school_day(day):
        raise _not_a_school_day(day, "day")
    note = (note or "").strip() or None
    entry = db.session.get(TwoByTenDay, (plan.id, day))
    if entry is None:
        plan.days.append(TwoByTenDay(day=day, outcome=DayOutcome.done, note=note))
    else:
        entry.outcome = DayOutcome.done
        entry.note = note or entry.note
    return plan_summary(plan)


@transactional
def carry_on(actor: Actor, plan_id: str) -> dict:
    """Keep the streak going past the missed days (they stay in the record as missed)."""
    plan = own_plan(actor, plan_id)
    _require_active(plan)
    missed = plan_summary(plan)["missed_days"]
    if not missed:
        raise Conflict("No day has been missed, so there is nothing to choose.")
    for day in missed:
        plan.days.append(TwoByTenDay(day=day, outcome=DayOutcome.missed))
    return plan_summary(plan)


@transactional
def restart(actor: Actor, plan_id: str) -> dict:
    """Begin the ten again from today (or the next school day); earlier days stay as history."""
    plan = own_plan(actor, plan_id)
    _require_active(plan)
    organization = _organization(plan)
    school = days.calendar(organization.id)
    today = days.school_today(organization)
    start = today if school.is_school_day(today) else school.next_school_day(today)
    plan.streak_starts_on = start
    plan.restarts += 1
    return plan_summary(plan)


@transactional
def close_plan(actor: Actor, plan_id: str, *, reflection: str, stage: Stage | None = None) -> dict:
    """Finish the plan with a reflection; choosing a stage moves the relationship there."""
    plan = own_plan(actor, plan_id)
    _require_active(plan)
    summary = plan_summary(plan)
    plan.reflection = reflection.strip()
    plan.status = PlanStatus.completed if summary["ready_to_close"] else PlanStatus.stopped
    plan.closed_at = utcnow()
    if stage is not None:
        move_stage(plan.relation, stage, "two_by_ten")
    return plan_summary(plan)


# ---- For the reminder scan (the worker calls this; it checks no actor) -------------------------


def plans_to_remind(now: datetime) -> list[tuple[TwoByTen, date]]:
    """Running plans whose reminder time has come on a school day and that are not done that
    day, each with the day: one reminder per plan and school day."""
    due = []
    for plan in db.session.scalars(
        select(TwoByTen).where(TwoByTen.status == PlanStatus.active).order_by(TwoByTen.id)
    ):
        organization = _organization(plan)
        school = days.calendar(organization.id)
        local = now.astimezone(zone(organization.time_zone))
        today = local.date()
        if today < plan.streak_starts_on or not school.is_school_day(today):
            continue
        if local.time() < plan.reminder_at or any(entry.day == today for entry in plan.days):
            continue
        due.append((plan, today))
    return due
