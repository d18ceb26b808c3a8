"""The action plan: what the team will try, who owns it (students too), by when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from api.access import is_team_member, team_access
from api.actions.models import Action, ActionStatus, action_is_open
from api.activity.service import record
from api.actor import Actor
from api.clock import local_today
from api.cycles.access import (
    CycleAccess,
    cycle_access,
    cycle_item,
    day_and_month,
    note_activity,
    require_unchanged,
)
from api.db import utcnow
from api.errors import Forbidden, Unprocessable
from api.extensions import db
from api.notices import tell
from api.organizations.models import Organization
from api.transactions import transactional
from api.users.models import User
from api.webhooks.events import action_data
from api.webhooks.models import EventType
from api.webhooks.outbox import emit

ACTION_NOT_FOUND = "We couldn't find that action."
STATUS_WORDS = {
    ActionStatus.planned: "planned",
    ActionStatus.in_progress: "in progress",
    ActionStatus.done: "done",
    ActionStatus.dropped: "dropped",
}


def _owner_id(actor: Actor, owner_id: str | None) -> str | None:
    return actor.id if owner_id == "me" else owner_id


def _require_member_owner(team_id: str, owner_id: str | None) -> None:
    if owner_id is not None and not is_team_member(team_id, owner_id):
        raise Unprocessable(
            "The owner must be on the team.",
            errors={"owner_id": ["Choose someone on the team (a teacher or a student)."]},
        )


def _require_future_date(access: CycleAccess, due_on: date | None) -> None:
    """A new due date is today or later, in the school's own time zone."""
    if due_on is None:
        return
    organization = db.session.get(Organization, access.team.team.organization_id)
    today = local_today(utcnow(), organization.time_zone if organization else None)
    if due_on < today:
        message = "Choose today or a later day: that date has already passed."
        raise Unprocessable(message, errors={"due_on": [message]})


def _tell_owner(actor: Actor, access: CycleAccess, action: Action) -> None:
    """The new owner hears at once that the action is theirs (not when they took it on)."""
    due = f" It is due on {day_and_month(action.due_on)}." if action.due_on else ""
    tell(
        [action.owner_id],
        actor=actor,
        organization_id=access.team.team.organization_id,
        kind="action.assigned",
        title=f"{actor.user.display_name if actor.user else 'Someone'} gave you an action: "
        f"“{action.title}”",
        body=f"Cycle {access.cycle.number} of “{access.cycle.puzzle.question}”.{due}",
        link=f"/cycles/{action.cycle_id}#action-{action.id}",
        subject_type="action",
        subject_id=action.id,
    )


def _filtered(
    query: Select,
    actor: Actor,
    *,
    status: ActionStatus | None,
    owner_id: str | None,
    updated_since: datetime | None = None,
) -> Select:
    if updated_since is not None:
        query = query.where(Action.updated_at >= updated_since)
    if status:
        query = query.where(Action.status == status)
    if owner_id:
        query = query.where(Action.owner_id == _owner_id(actor, owner_id))
    return query.options(joinedload(Action.owner))


def cycle_actions(
    actor: Actor,
    cycle_id: str,
    *,
    status: ActionStatus | None = None,
    owner_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """A cycle's action plan in the order it was written; `updated_since` keeps the actions
    planned or changed since."""
    return actions_of(
        cycle_access(actor, cycle_id),
        actor,
        status=status,
        owner_id=owner_id,
        updated_since=updated_since,
    )


def actions_of(
    access: CycleAccess,
    actor: Actor,
    *,
    status: ActionStatus | None = None,
    owner_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The action plan of a cycle the caller may see (`cycle_actions` once its access is known)."""
    query = (
        select(Action)
        .where(Action.cycle_id == access.cycle.id)
        .order_by(Action.created_at, Action.id)
    )
    return _filtered(query, actor, status=status, owner_id=owner_id, updated_since=updated_since)


def team_actions(
    actor: Actor,
    team_id: str,
    *,
    status: ActionStatus | None = None,
    owner_id: str | None = None,
    open: bool | None = None,
    cycle_id: str | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The team's actions across its cycles, soonest due first (undated last); `updated_since`
    keeps the actions planned or changed since."""
    team_access(actor, team_id)
    query = (
        select(Action)
        .where(Action.team_id == team_id)
        .order_by(Action.due_on.is_(None), Action.due_on, Action.created_at, Action.id)
    )
    if open is not None:
        query = query.where(action_is_open() if open else ~action_is_open())
    if cycle_id:
        query = query.where(Action.cycle_id == cycle_id)
    return _filtered(query, actor, status=status, owner_id=owner_id, updated_since=updated_since)


def _planned_summary(action: Action) -> str:
    owner = db.session.get(User, action.owner_id) if action.owner_id else None
    summary = f"planned “{action.title}”"
    return f"{summary} for {owner.display_name}" if owner else summary


@transactional
def add_action(actor: Actor, cycle_id: str, data: dict) -> Action:
    """Members plan an action while the cycle is open. Raises Forbidden (coaches), Conflict
    (ended), Unprocessable (owner not on the team)."""
    # Locking the cycle makes a concurrent move wait, so guards see this change or none of it.
    access = cycle_access(actor, cycle_id, for_update=True)
    access.require_contribute()
    cycle = access.cycle
    owner_id = _owner_id(actor, data.get("owner_id"))
    _require_member_owner(cycle.team_id, owner_id)
    _require_future_date(access, data.get("due_on"))
    action = Action(
        cycle_id=cycle.id,
        team_id=cycle.team_id,
        title=data["title"].strip(),
        owner_id=owner_id,
        due_on=data.get("due_on"),
        success_criteria=data.get("success_criteria", "").strip(),
        status=data.get("status", ActionStatus.planned),
        created_by_id=actor.id,
    )
    db.session.add(action)
    db.session.flush()
    record(
        cycle.team_id,
        actor,
        "action.added",
        _planned_summary(action),
        cycle_id=cycle.id,
        subject_id=action.id,
    )
    _tell_owner(actor, access, action)
    note_activity(cycle)
    organization_id = access.team.team.organization_id
    emit(organization_id, EventType.action_created, action_data(action))
    if action.status is ActionStatus.done:
        emit(organization_id, EventType.action_completed, action_data(action))
    return action


def _action_in_reach(
    actor: Actor, action_id: str, *, for_update: bool = False
) -> tuple[Action, CycleAccess]:
    return cycle_item(actor, Action, action_id, ACTION_NOT_FOUND, for_update=for_update)


def get_action(actor: Actor, action_id: str) -> Action:
    return _action_in_reach(actor, action_id)[0]


def _changes(action: Action, data: dict, actor: Actor) -> list[tuple[str, str]]:
    """Apply the changes asked for; one history line (verb, words) for each real change."""
    lines: list[tuple[str, str]] = []
    if "title" in data and data["title"].strip() != action.title:
        old, action.title = action.title, data["title"].strip()
        lines.append(("action.renamed", f"renamed the action “{old}” to “{action.title}”"))
    title = f"“{action.title}”"
    if "owner_id" in data:
        owner_id = _owner_id(actor, data["owner_id"])
        if owner_id != action.owner_id:
            _require_member_owner(action.team_id, owner_id)
            action.owner_id = owner_id
            owner = db.session.get(User, owner_id) if owner_id else None
            lines.append(
                ("action.owner", f"gave {title} to {owner.display_name}")
                if owner
                else ("action.owner", f"took the owner off {title}")
            )
    if "due_on" in data and data["due_on"] != action.due_on:
        action.due_on = data["due_on"]
        lines.append(
            ("action.due", f"moved the due date of {title} to {day_and_month(action.due_on)}")
            if action.due_on
            else ("action.due", f"took the due date off {title}")
        )
    if "success_criteria" in data and data["success_criteria"].strip() != action.success_criteria:
        action.success_criteria = data["success_criteria"].strip()
        lines.append(("action.criteria", f"changed how we'll know {title} worked"))
    if "status" in data and data["status"] is not action.status:
        action.status = data["status"]
        lines.append(("action.status", f"marked {title} {STATUS_WORDS[action.status]}"))
    return lines


@transactional
def update_action(
    actor: Actor, action_id: str, data: dict, *, if_match: str | None = None
) -> Action:
    """Its owner, whoever planned it, the team's teachers and admins change an action (status
    included) while the cycle is open; each change is a line in the cycle's history.

    Raises Forbidden, Conflict (ended), StaleVersion (If-Match older than the action),
    Unprocessable (owner not on the team, a due date already passed)."""
    action, access = _action_in_reach(actor, action_id, for_update=True)
    involved = actor.id in (action.owner_id, action.created_by_id) and access.team.can_contribute
    if not (involved or access.team.can_manage):
        raise Forbidden("Only the action's owner, whoever planned it or a teacher can change it.")
    access.require_open()
    require_unchanged(action, if_match, "action")
    if "due_on" in data and data["due_on"] != action.due_on:
        _require_future_date(access, data["due_on"])
    previous_owner, previous_status = action.owner_id, action.status
    for verb, summary in _changes(action, data, actor):
        record(action.team_id, actor, verb, summary, cycle_id=action.cycle_id, subject_id=action.id)
    if action.owner_id != previous_owner:
        _tell_owner(actor, access, action)
    if previous_status is not ActionStatus.done and action.status is ActionStatus.done:
        emit(access.team.team.organization_id, EventType.action_completed, action_data(action))
    note_activity(access.cycle)
    db.session.flush()
    return action


@transactional
def delete_action(actor: Actor, action_id: str) -> None:
    """Whoever planned it, the team's teachers and admins remove an action from an open cycle."""
    action, access = _action_in_reach(actor, action_id, for_update=True)
    planner = action.created_by_id == actor.id and access.team.can_contribute
    if not (planner or access.team.can_manage):
        raise Forbidden("Only whoever planned the action or a teacher can remove it.")
    access.require_open()
    record(
        action.team_id,
        actor,
        "action.removed",
        f"removed the action “{action.title}”",
        cycle_id=action.cycle_id,
        subject_id=action.id,
    )
    note_activity(access.cycle)
    db.session.delete(action)
