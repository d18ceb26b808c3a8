"""Cycles as the API shows them: summaries for boards, details for the cycle page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select

from api.cycles.access import CycleAccess
from api.cycles.facts import Counts, board_columns, facts_columns, facts_from
from api.cycles.models import Cycle
from api.extensions import db
from api.puzzles.models import Puzzle
from api.users.models import User
from workflows import available_transitions, get_definition


def state_label(cycle: Cycle) -> str:
    return get_definition(cycle.workflow).state(cycle.state).label


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


def _facilitators(people) -> list[dict]:
    return [
        {"id": user_id, "display_name": display_name}
        for _, _, user_id, display_name in sorted(
            people or (), key=lambda row: (datetime.fromisoformat(row[0]), row[1])
        )
    ]


def _due_dates(due_dates) -> dict[str, date]:
    return {
        phase: date.fromisoformat(due_on)
        for due_on, _, phase in sorted(due_dates or (), key=lambda row: (row[0], row[1]))
    }


def summaries(rows: Sequence[Row]) -> list[dict]:
    """Board rows — a cycle, its puzzle's question, its three counts, and its facilitators and
    due dates as JSON (facts.board_columns) — as summaries: one statement for the whole page."""
    return [
        summary(
            cycle,
            Counts(evidence, notes, actions),
            question=question,
            facilitators=_facilitators(people),
            due_dates=_due_dates(due_dates),
        )
        for cycle, question, evidence, notes, actions, people, due_dates in rows
    ]


def _person(user_id: str | None, display_name: str | None) -> dict | None:
    return {"id": user_id, "display_name": display_name} if user_id else None


def page_columns(cycle: Any) -> tuple:
    """What the cycle page shows beside the cycle, as columns of its row for
    cycle_access(page=…), correlated to `cycle` (the Cycle entity): the puzzle's question,
    the recorder's and timekeeper's names, facilitators and due dates as JSON
    (facts.board_columns), and the engine's facts."""
    return (
        select(Puzzle.question).where(Puzzle.id == cycle.puzzle_id).scalar_subquery(),
        select(User.display_name).where(User.id == cycle.recorder_id).scalar_subquery(),
        select(User.display_name).where(User.id == cycle.timekeeper_id).scalar_subquery(),
        *board_columns(cycle.id),
        *facts_columns(cycle.id),
    )


def details(access: CycleAccess) -> dict:
    """The cycle page's cycle, from what cycle_access(page=page_columns(Cycle)) read with it
    (or, for an access read without, one more statement)."""
    cycle = access.cycle
    definition = get_definition(cycle.workflow)
    actor = access.workflow_actor()
    page = access.page
    if page is None:
        page = tuple(
            db.session.execute(select(*page_columns(Cycle)).where(Cycle.id == cycle.id)).one()
        )
    question, recorder, timekeeper, people, due_dates = page[:5]
    facts, counts = facts_from(cycle, page[5:])
    body = summary(
        cycle,
        counts,
        question=question,
        facilitators=_facilitators(people),
        due_dates=_due_dates(due_dates),
    )
    body.update(
        recorder=_person(cycle.recorder_id, recorder),
        timekeeper=_person(cycle.timekeeper_id, timekeeper),
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
