"""Cycles as the API shows them: summaries for boards, details for the cycle page."""

from __future__ import annotations

from collections.abc import Sequence

from api.cycles.access import CycleAccess
from api.cycles.facts import Counts, counts_for, cycle_facts_and_counts
from api.cycles.models import Cycle
from api.extensions import db
from api.users.models import User
from workflows import available_transitions, get_definition


def state_label(cycle: Cycle) -> str:
    return get_definition(cycle.workflow).state(cycle.state).label


def _person(user: User | None) -> dict | None:
    return {"id": user.id, "display_name": user.display_name} if user else None


def summary(cycle: Cycle, counts: Counts) -> dict:
    return {
        "id": cycle.id,
        "puzzle_id": cycle.puzzle_id,
        "team_id": cycle.team_id,
        "number": cycle.number,
        "title": cycle.title,
        "workflow": cycle.workflow,
        "state": cycle.state,
        "state_label": state_label(cycle),
        "version": cycle.version,
        "facilitators": [_person(f.user) for f in cycle.facilitators],
        "due_dates": {row.phase: row.due_on for row in cycle.phase_due_dates},
        "state_changed_at": cycle.state_changed_at,
        "last_activity_at": cycle.last_activity_at,
        "puzzle_question": cycle.puzzle.question,
        "counts": counts,
    }


def summaries(cycles: Sequence[Cycle]) -> list[dict]:
    counts = counts_for(cycle.id for cycle in cycles)
    return [summary(cycle, counts[cycle.id]) for cycle in cycles]


def details(access: CycleAccess) -> dict:
    cycle = access.cycle
    definition = get_definition(cycle.workflow)
    actor = access.workflow_actor()
    facts, counts = cycle_facts_and_counts(cycle)
    body = summary(cycle, counts)
    body.update(
        recorder=_person(db.session.get(User, cycle.recorder_id) if cycle.recorder_id else None),
        timekeeper=_person(
            db.session.get(User, cycle.timekeeper_id) if cycle.timekeeper_id else None
        ),
        created_at=cycle.created_at,
        states=[
            {"name": state.name, "label": state.label, "terminal": state.terminal}
            for state in definition.states.values()
        ],
        transitions=[
            {
                "name": option.name,
                "to": option.to,
                "label": option.label,
                "allowed": option.allowed,
                "reasons": option.reasons,
            }
            for option in available_transitions(definition, facts, actor)
        ],
        my_roles=sorted(actor.roles),
        can_contribute=access.team.can_contribute and access.is_open,
    )
    return body
