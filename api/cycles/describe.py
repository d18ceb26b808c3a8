"""Cycles as the API shows them: summaries for boards, details for the cycle page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row

from api.cycles.access import CycleAccess
from api.cycles.facts import Counts, cycle_facts_and_counts
from api.cycles.models import Cycle
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
    """Board rows — a cycle, its puzzle's question, its three counts, and its facilitators and
    due dates as JSON (facts.board_columns) — as summaries: one statement for the whole page."""
    return [
        summary(
            cycle,
            Counts(evidence, notes, actions),
            question=question,
            facilitators=[
                {"id": user_id, "display_name": display_name}
                for _, _, user_id, display_name in sorted(
                    people or (), key=lambda row: (datetime.fromisoformat(row[0]), row[1])
                )
            ],
            due_dates={
                phase: date.fromisoformat(due_on)
                for due_on, _, phase in sorted(due_dates or (), key=lambda row: (row[0], row[1]))
            },
        )
        for cycle, question, evidence, notes, actions, people, due_dates in rows
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
