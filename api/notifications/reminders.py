"""The reminder scan: find what is due, overdue or stalled, and make one notification each.

Every reminder has a dedupe key (kind, subject, recipient, window) under a unique constraint and
is inserted with ON CONFLICT DO NOTHING, so beat firing twice, two workers scanning at once, or a
scan that died half-way and ran again never make a second one — and a scan that did not run is
made up by the next. Queries walk indexed columns and stream in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.dialects import postgresql, sqlite

from api.actions.models import Action, action_is_open
from api.calendar.service import calendar_for
from api.clock import local_today
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import new_id, utcnow
from api.extensions import db
from api.mail import one_line
from api.notifications.models import Notification
from api.notifications.relationship_reminders import (
    agreement_review_reminders,
    repair_follow_up_reminders,
    two_by_ten_reminders,
)
from api.notifications.reminder import CATCH_UP_DAYS, Reminder
from api.notifications.trust_reminders import (
    commitment_reminders,
    survey_last_chance_reminders,
    survey_opening_reminders,
    survey_results_reminders,
    target_review_reminders,
)
from api.organizations.models import Organization
from api.teams.models import CoachAssignment, Team
from api.transactions import transactional
from api.webhooks.events import action_data
from api.webhooks.models import EventType
from api.webhooks.outbox import emit_each
from workflows import open_state_names

BATCH = 1000
#: "due soon" is up to the second school day ahead: on a Friday, Monday and Tuesday are soon
DUE_SOON_SCHOOL_DAYS = 2


#: Sources that are not per organization (they carry their own organization ids).
ReminderSource = Callable[[datetime], Iterable[Reminder]]
GLOBAL_SOURCES: tuple[ReminderSource, ...] = (
    survey_opening_reminders,
    survey_last_chance_reminders,
    survey_results_reminders,
    commitment_reminders,
    target_review_reminders,
    two_by_ten_reminders,
    repair_follow_up_reminders,
    agreement_review_reminders,
)


def _stream(query) -> Iterator:
    return db.session.execute(query.execution_options(yield_per=BATCH))


def _due_soon_until(today: date, organization: Organization) -> date:
    """The last day that counts as "due soon": two school days ahead, over weekends and breaks."""
    calendar = calendar_for(organization.id, today)
    return calendar.add_school_days(today, DUE_SOON_SCHOOL_DAYS)


def action_reminders(now: datetime, organization: Organization) -> Iterator[Reminder]:
    """Actions due within two school days, and overdue ones, for their owners (students too)."""
    today = local_today(now, organization.time_zone)
    soon = _due_soon_until(today, organization)
    teams = select(Team.id).where(Team.organization_id == organization.id)
    query = (
        select(Action.id, Action.title, Action.owner_id, Action.due_on, Action.cycle_id)
        .where(
            action_is_open(),
            Action.due_on.between(today - timedelta(days=CATCH_UP_DAYS), soon),
            Action.owner_id.is_not(None),
            Action.team_id.in_(teams),
        )
        .order_by(Action.due_on, Action.id)
    )
    for action_id, title, owner_id, due_on, cycle_id in _stream(query):
        overdue = due_on < today
        kind = "action.overdue" if overdue else "action.due_soon"
        yield Reminder(
            kind=kind,
            user_id=owner_id,
            organization_id=organization.id,
            dedupe_key=f"{kind}:{action_id}:{owner_id}:{due_on.isoformat()}",
            title=(
                f"“{title}” was due on {due_on:%A %-d %B}"
                if overdue
                else f"“{title}” is due on {due_on:%A %-d %B}"
            ),
            body="Mark it done, or give it a new date, on the cycle page.",
            link=f"/cycles/{cycle_id}",
            subject_type="action",
            subject_id=action_id,
        )


def phase_reminders(now: datetime, organization: Organization) -> Iterator[Reminder]:
    """The current phase's due date coming up or passed, for the cycle's facilitators."""
    today = local_today(now, organization.time_zone)
    soon = _due_soon_until(today, organization)
    query = (
        select(
            Cycle.id,
            Cycle.number,
            PhaseDueDate.phase,
            PhaseDueDate.due_on,
            CycleFacilitator.user_id,
        )
        .join(
            PhaseDueDate, and_(PhaseDueDate.cycle_id == Cycle.id, PhaseDueDate.phase == Cycle.state)
        )
        .join(CycleFacilitator, CycleFacilitator.cycle_id == Cycle.id)
        .join(Team, Team.id == Cycle.team_id)
        .where(
            Team.organization_id == organization.id,
            PhaseDueDate.due_on.between(today - timedelta(days=CATCH_UP_DAYS), soon),
        )
        .order_by(PhaseDueDate.due_on, Cycle.id)
    )
    for cycle_id, number, phase, due_on, user_id in _stream(query):
        passed = due_on < today
        kind = "phase.overdue" if passed else "phase.due_soon"
        yield Reminder(
            kind=kind,
            user_id=user_id,
            organization_id=organization.id,
            dedupe_key=f"{kind}:{cycle_id}:{phase}:{user_id}:{due_on.isoformat()}",
            title=(
                f"Cycle {number}: the {phase} phase was due on {due_on:%A %-d %B}"
                if passed
                else f"Cycle {number}: the {phase} phase is due on {due_on:%A %-d %B}"
            ),
            body="You're a facilitator of this cycle. A quick check-in with the team helps.",
            link=f"/cycles/{cycle_id}",
            subject_type="cycle",
            subject_id=cycle_id,
        )


def stalled_reminders(now: datetime, organization: Organization) -> Iterator[Reminder]:
    """Open cycles with no activity for the team's stall days (school days: a holiday or a
    weekend does not make a cycle stalled), for facilitators and coaches."""
    query = (
        select(Cycle.id, Cycle.number, Cycle.last_activity_at, Team.id, Team.stall_days)
        .join(Team, Team.id == Cycle.team_id)
        .where(
            Team.organization_id == organization.id,
            Cycle.state.in_(open_state_names()),
            # Cheap pre-filter on the index; each team's own threshold is checked below.
            Cycle.last_activity_at < now - timedelta(days=1),
        )
        .order_by(Cycle.last_activity_at, Cycle.id)
    )
    today = local_today(now, organization.time_zone)
    calendar = calendar_for(organization.id)
    stalled = [
        row
        for row in _stream(query)
        if calendar.has_been_quiet(
            local_today(row.last_activity_at, organization.time_zone), today, row.stall_days
        )
    ]
    if not stalled:
        return
    cycle_ids = [row.id for row in stalled]
    facilitators: dict[str, set[str]] = {}
    for cycle_id, user_id in db.session.execute(
        select(CycleFacilitator.cycle_id, CycleFacilitator.user_id).where(
            CycleFacilitator.cycle_id.in_(cycle_ids)
        )
    ):
        facilitators.setdefault(cycle_id, set()).add(user_id)
    coaches: dict[str, set[str]] = {}
    for team_id, user_id in db.session.execute(
        select(CoachAssignment.team_id, CoachAssignment.user_id).where(
            CoachAssignment.team_id.in_({row[3] for row in stalled})
        )
    ):
        coaches.setdefault(team_id, set()).add(user_id)
    for cycle_id, number, last_activity_at, team_id, stall_days in stalled:
        for user_id in sorted(facilitators.get(cycle_id, set()) | coaches.get(team_id, set())):
            yield Reminder(
                kind="cycle.stalled",
                user_id=user_id,
                organization_id=organization.id,
                dedupe_key=(
                    f"cycle.stalled:{cycle_id}:{user_id}:{last_activity_at.date().isoformat()}"
                ),
                title=f"Cycle {number} has been quiet for {stall_days} school days",
                body="Nothing has happened in this cycle for a while. Is the team stuck?",
                link=f"/cycles/{cycle_id}",
                subject_type="cycle",
                subject_id=cycle_id,
            )


def coach_digests(now: datetime, organization: Organization) -> Iterator[Reminder]:
    """On Mondays (local time), one digest per coach across the teams they follow."""
    today = local_today(now, organization.time_zone)
    if today.weekday() != 0:
        return
    year, week, _ = today.isocalendar()
    open_states = open_state_names()
    rows = db.session.execute(
        select(
            CoachAssignment.user_id,
            Team.name,
            select(Cycle.id)
            .where(Cycle.team_id == Team.id, Cycle.state.in_(open_states))
            .correlate(Team)
            .exists()
            .label("has_open"),
        )
        .join(Team, Team.id == CoachAssignment.team_id)
        .where(Team.organization_id == organization.id)
        .order_by(CoachAssignment.user_id, Team.name)
    )
    teams_by_coach: dict[str, list[str]] = {}
    for user_id, team_name, has_open in rows:
        note = "cycles in progress" if has_open else "no cycle in progress"
        teams_by_coach.setdefault(user_id, []).append(f"{team_name}: {note}")
    for user_id, lines in teams_by_coach.items():
        yield Reminder(
            kind="digest.coach_weekly",
            user_id=user_id,
            organization_id=organization.id,
            dedupe_key=f"digest.coach_weekly:{user_id}:{year}-W{week:02d}",
            title=f"Your teams this week ({len(lines)})",
            body="\n".join(lines),
            link="/teams",
            subject_type="user",
            subject_id=user_id,
        )


ORGANIZATION_SOURCES = (action_reminders, phase_reminders, stalled_reminders, coach_digests)


def all_reminders(now: datetime) -> Iterator[Reminder]:
    for organization in db.session.scalars(select(Organization).order_by(Organization.id)):
        for source in ORGANIZATION_SOURCES:
            yield from source(now, organization)
    for extra in GLOBAL_SOURCES:
        yield from extra(now)


def _insert_new(batch: list[Reminder], now: datetime) -> list[str]:
    """Insert the reminders of a batch not made before; returns the new notifications' ids."""
    keys = [reminder.dedupe_key for reminder in batch]
    # Most reminders of a scan were made by an earlier one: look them up first (cheap) and
    # insert only the rest. ON CONFLICT still settles a race with a concurrent scan.
    made = set(
        db.session.scalars(select(Notification.dedupe_key).where(Notification.dedupe_key.in_(keys)))
    )
    rows = [
        asdict(reminder)
        | {
            "id": new_id(),
            # A title goes into an email's subject: one line, whatever was typed before.
            "title": one_line(reminder.title)[:200],
            "created_at": now,
            "not_before": now,
            "email_status": "pending",
            "email_attempts": 0,
            "email_reason": "",
        }
        for reminder in {r.dedupe_key: r for r in batch if r.dedupe_key not in made}.values()
    ]
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Notification.__table__)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Notification.__table__.c.id)
    )
    result = db.session.connection().execute(statement, rows)
    return [row[0] for row in result.all() if row[0] is not None]


def create_notifications(reminders: Iterable[Reminder], now: datetime) -> list[str]:
    """Insert the reminders not made before; returns the ids of the new notifications."""
    created: list[str] = []
    batch: list[Reminder] = []
    for reminder in reminders:
        batch.append(reminder)
        if len(batch) >= BATCH:
            created += _insert_new(batch, now)
            batch = []
    if batch:
        created += _insert_new(batch, now)
    return created


def announce_overdue_actions(notification_ids: list[str]) -> None:
    """Tell subscribed LMSs about actions that became overdue in this scan: the new
    `action.overdue` notification is the once-only marker, so each is announced once."""
    by_organization: dict[str, list[dict]] = {}
    for start in range(0, len(notification_ids), BATCH):
        rows = db.session.execute(
            select(Notification.organization_id, Action)
            .join(Action, Action.id == Notification.subject_id)
            .where(
                Notification.id.in_(notification_ids[start : start + BATCH]),
                Notification.kind == "action.overdue",
            )
        )
        for organization_id, action in rows:
            by_organization.setdefault(organization_id, []).append(action_data(action))
    for organization_id, events in by_organization.items():
        emit_each(organization_id, EventType.action_overdue, events)


@transactional
def scan(
    now: datetime | None = None, *, before_commit: Callable[[], None] | None = None
) -> list[str]:
    """Run every reminder source once and commit; returns the new notifications' ids."""
    now = now or utcnow()
    created = create_notifications(all_reminders(now), now)
    announce_overdue_actions(created)
    if before_commit:
        before_commit()
    return created
