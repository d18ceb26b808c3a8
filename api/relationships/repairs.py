"""Restore: a repair record for harm between a teacher and a student.

Opening one moves the relationship to restore; finishing the last open one moves it back to
maintain, because the point of a repair is that the relationship is intact.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from api.actor import Actor
from api.calendar import days
from api.clock import local_today
from api.db import utcnow
from api.errors import Conflict, NotFound, Unprocessable
from api.extensions import db
from api.relationships.access import move_stage, own_relationship, relationship_for
from api.relationships.models import Relationship, Repair, RepairStatus, Stage
from api.transactions import transactional

REPAIR_NOT_FOUND = "We couldn't find that repair."
TEXT_FIELDS = ("what_happened", "empathy_statement", "repair_offered", "student_response")


def _check_follow_up(relation: Relationship, follow_up_on: date | None) -> None:
    if follow_up_on is not None and follow_up_on < days.school_today(relation.team.organization):
        raise Unprocessable(
            "A follow-up is for today or later.",
            errors={"follow_up_on": ["Choose today or a later day."]},
        )


@transactional
def open_repair(
    actor: Actor,
    team_id: str,
    student_id: str,
    *,
    what_happened: str,
    follow_up_on: date | None = None,
    **texts: str,
) -> Repair:
    """Record a repair with a student; the relationship moves to restore.
    Raises NotFound, Forbidden (not their teacher), Unprocessable (a follow-up in the past)."""
    relation = relationship_for(actor, team_id, student_id)
    _check_follow_up(relation, follow_up_on)
    repair = Repair(
        relationship_id=relation.id,
        what_happened=what_happened.strip(),
        follow_up_on=follow_up_on,
        **{field: value.strip() for field, value in texts.items()},
    )
    db.session.add(repair)
    db.session.flush()
    move_stage(relation, Stage.restore, "repair_opened")
    return repair


def own_repair(actor: Actor, repair_id: str) -> Repair:
    repair = db.session.get(Repair, repair_id)
    if repair is None:
        raise NotFound(REPAIR_NOT_FOUND)
    try:
        own_relationship(actor, repair.relationship_id)
    except NotFound:
        raise NotFound(REPAIR_NOT_FOUND) from None
    return repair


@transactional
def update_repair(actor: Actor, repair_id: str, changes: dict) -> Repair:
    """Add what came next: the empathy statement, the repair offered, the student's response,
    a follow-up date."""
    repair = own_repair(actor, repair_id)
    if "follow_up_on" in changes:
        _check_follow_up(repair.relation, changes["follow_up_on"])
        repair.follow_up_on = changes["follow_up_on"]
    for field in TEXT_FIELDS:
        if field in changes:
            setattr(repair, field, changes[field].strip())
    return repair


@transactional
def finish_repair(actor: Actor, repair_id: str) -> Repair:
    """Mark the repair done; with no other repair open, the stage goes back to maintain.
    Raises Conflict when it is already done."""
    repair = own_repair(actor, repair_id)
    if repair.status is RepairStatus.done:
        raise Conflict("This repair is already done.")
    repair.status = RepairStatus.done
    repair.done_at = utcnow()
    db.session.flush()
    still_open = db.session.scalar(
        select(Repair.id).where(
            Repair.relationship_id == repair.relationship_id, Repair.status == RepairStatus.open
        )
    )
    if not still_open:
        move_stage(repair.relation, Stage.maintain, "repair_done")
    return repair


@transactional
def delete_repair(actor: Actor, repair_id: str) -> None:
    """Remove a repair recorded by mistake (the stage stays where it is)."""
    db.session.delete(own_repair(actor, repair_id))


# ---- For the reminder scan ------------------------------------------------------------------


def repairs_to_follow_up(now: datetime) -> list[tuple[Repair, str, str]]:
    """Open repairs whose follow-up day has come at their school, with the teacher's id and
    the organization's (a missed scan is made up by the next)."""
    rows = db.session.execute(
        select(Repair, Relationship.teacher_id)
        .join(Relationship, Relationship.id == Repair.relationship_id)
        # A day ahead of UTC covers every zone; each school's own day is checked below.
        .where(
            Repair.status == RepairStatus.open,
            Repair.follow_up_on <= now.date() + timedelta(days=1),
        )
        .order_by(Repair.follow_up_on, Repair.id)
    ).all()
    due = []
    for repair, teacher_id in rows:
        organization = repair.relation.team.organization
        if repair.follow_up_on <= local_today(now, organization.time_zone):
            due.append((repair, teacher_id, organization.id))
    return due
