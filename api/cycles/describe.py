"""Cycles as the API shows them: summaries for boards, details for the cycle page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row, select

from api.cycles.access import CycleAccess
from api.cycles.facts import Counts, cycle_facts_and_counts
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.extensions import db
from api.users.models import User
from workflows import available_transitions, get_definition


def state_label(cycle: Cycle) -> str:
    return get_definition(cycle.workflow).state(cycle.state).label


def _person(user: User | None) -> dict | None:
    return {"id": user.id, "display_name": user.display_name} if user else None


def summary(
    cycle: Cycle,
    counts: Counts,
    *,
    question: str,
    facilitators: list[dict],
    due_dates: dict[str, date],
) -> dict:
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
        "facilitators": facilitators,
        "due_dates": due_dates,
        "state_changed_at": cycle.state_changed_at,
        "last_activity_at": cycle.last_activity_at,
        "puzzle_question": question,
        "counts": counts,
    }


def summaries(rows: Sequence[Row]) -> list[dict]:
    """Board rows — a cycle, its puzzle's question and its three counts — as summaries, with
    every cycle's facilitators and due dates read in one query each, as columns."""
    ids = [row[0].id for row in rows]
    if not ids:
        return []
    people: dict[str, list[dict]] = defaultdict(list)
    for cycle_id, user_id, display_name in db.session.execute(
        select(CycleFacilitator.cycle_id, User.id, User.display_name)
        .join(User, User.id == CycleFacilitator.user_id)
        .where(CycleFacilitator.cycle_id.in_(ids))
        .order_by(CycleFacilitator.created_at, CycleFacilitator.id)
    ):
        people[cycle_id].append({"id": user_id, "display_name": display_name})
    due: dict[str, dict[str, date]] = defaultdict(dict)
    for cycle_id, phase, due_on in db.session.execute(
        select(PhaseDueDate.cycle_id, PhaseDueDate.phase, PhaseDueDate.due_on)
        .where(PhaseDueDate.cycle_id.in_(ids))
        .order_by(PhaseDueDate.due_on, PhaseDueDate.id)
    ):
        due[cycle_id][phase] = due_on
    return [
        summary(
            cycle,
            Counts(evidence, notes, actions),
            question=question,
            facilitators=people[cycle.id],
            due_dates=due[cycle.id],
        )
        for cycle, question, evidence, notes, actions in rows
    ]


def details(access: CycleAccess) -> dict:
    cycle = access.cycle
    definition = get_definition(cycle.workflow)
    actor = access.workflow_actor()
    facts, counts = cycle_facts_and_counts(cycle)
    body = summary(
        cycle,
        counts,
        question=cycle.puzzle.question,
        facilitators=[_person(f.user) for f in cycle.facilitators],
        due_dates={row.phase: row.due_on for row in cycle.phase_due_dates},
    )
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
        has_reflection=facts.has_reflection,
    )
    return body
