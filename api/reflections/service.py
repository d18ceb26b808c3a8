"""A cycle's reflection: what happened, what shows the impact, and what the team decides."""

from __future__ import annotations

from sqlalchemy import select

from api.activity.service import record
from api.actor import Actor
from api.cycles.access import CycleAccess, cycle_access, note_activity
from api.cycles.models import Cycle
from api.errors import Conflict, NotFound
from api.extensions import db
from api.reflections.models import Reflection
from api.transactions import transactional
from workflows import get_definition


def get_reflection(actor: Actor, cycle_id: str) -> Reflection:
    reflection = reflection_of(cycle_access(actor, cycle_id))
    if reflection is None:
        raise NotFound("This cycle has no reflection yet.")
    return reflection


def reflection_of(access: CycleAccess) -> Reflection | None:
    """The reflection of a cycle the caller may see; None until the team writes one."""
    return _reflection_of(access.cycle.id)


@transactional
def save_reflection(actor: Actor, cycle_id: str, data: dict) -> Reflection:
    """Write or rewrite the reflection (members, admins) while the cycle is in reflection.

    Raises Forbidden (coaches), Conflict (cycle ended, or not yet in reflection)."""
    cycle = _reflecting_cycle(actor, cycle_id)
    reflection = _reflection_of(cycle.id)
    if reflection is None:
        reflection = Reflection(cycle_id=cycle.id)
        db.session.add(reflection)
    reflection.what_happened = data["what_happened"].strip()
    reflection.impact_evidence = data.get("impact_evidence", "").strip()
    reflection.decision = data["decision"]
    reflection.author_id = actor.id
    db.session.flush()
    record(
        cycle.team_id,
        actor,
        "reflection.saved",
        f"wrote the reflection on cycle {cycle.number}",
        cycle_id=cycle.id,
        subject_id=reflection.id,
    )
    note_activity(cycle)
    return reflection


@transactional
def delete_reflection(actor: Actor, cycle_id: str) -> None:
    """Take the reflection away, by whoever may rewrite it and while they still may.

    Raises Forbidden (coaches), Conflict (cycle ended or not in reflection), NotFound."""
    cycle = _reflecting_cycle(actor, cycle_id)
    reflection = _reflection_of(cycle.id)
    if reflection is None:
        raise NotFound("This cycle has no reflection yet.")
    record(
        cycle.team_id,
        actor,
        "reflection.deleted",
        f"deleted the reflection on cycle {cycle.number}",
        cycle_id=cycle.id,
        subject_id=reflection.id,
    )
    db.session.delete(reflection)
    note_activity(cycle)


def _reflecting_cycle(actor: Actor, cycle_id: str) -> Cycle:
    """The cycle, locked, if the actor may write its reflection now (members, admins)."""
    # The row lock queues two people saving at once, so the second replaces, not duplicates.
    access = cycle_access(actor, cycle_id, for_update=True)
    access.require_contribute()
    cycle = access.cycle
    # The definition says where a workflow reflects (PDSA records its decision in "act").
    reflecting = get_definition(cycle.workflow).reflecting_state
    if reflecting is None:
        raise Conflict("This kind of cycle has no reflection.")
    if cycle.state != reflecting.name:
        raise Conflict(f"Move the cycle to {reflecting.label.lower()} first.")
    return cycle


def _reflection_of(cycle_id: str) -> Reflection | None:
    return db.session.scalar(select(Reflection).where(Reflection.cycle_id == cycle_id))
