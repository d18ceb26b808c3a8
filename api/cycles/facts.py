"""What the workflow engine needs to know about cycles, read in as few queries as possible."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, distinct, func, select

from api.actions.models import Action, ActionStatus
from api.analysis.models import AnalysisNote, NoteEvidence
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import json_rows
from api.evidence.models import Evidence
from api.extensions import db
from api.reflections.models import Reflection
from api.users.models import User
from workflows import ActionFacts, CycleFacts


@dataclass(frozen=True)
class Counts:
    evidence: int = 0
    notes: int = 0
    actions: int = 0


def _count_of(column, cycle_id) -> ScalarSelect[int]:
    """How many rows of column's table belong to a cycle (an id, or the enclosing query's)."""
    return select(func.count()).where(column == cycle_id).scalar_subquery()


def count_columns(cycle_id) -> tuple[ScalarSelect[int], ScalarSelect[int], ScalarSelect[int]]:
    """Evidence, note and action counts of a cycle, as columns of a query (correlated to
    the enclosing query's cycle when given its id column)."""
    return (
        _count_of(Evidence.cycle_id, cycle_id),
        _count_of(AnalysisNote.cycle_id, cycle_id),
        _count_of(Action.cycle_id, cycle_id),
    )


def board_columns(cycle_id) -> tuple[ScalarSelect, ScalarSelect]:
    """A cycle's facilitators [[created_at, id, user id, display name], ...] and due dates
    [[due_on, id, phase], ...] as two JSON columns of a board's query (see describe.summaries)."""
    return (
        select(
            json_rows(CycleFacilitator.created_at, CycleFacilitator.id, User.id, User.display_name)
        )
        .join(User, User.id == CycleFacilitator.user_id)
        .where(CycleFacilitator.cycle_id == cycle_id)
        .scalar_subquery(),
        select(json_rows(PhaseDueDate.due_on, PhaseDueDate.id, PhaseDueDate.phase))
        .where(PhaseDueDate.cycle_id == cycle_id)
        .scalar_subquery(),
    )


def facts_columns(cycle_id) -> tuple:
    """What `facts_from` takes, as columns of one row (correlated to the enclosing query's
    cycle when given its id column): the counts, and the open actions as JSON."""
    return (
        *count_columns(cycle_id),
        select(func.count(distinct(AnalysisNote.id)))
        .join(NoteEvidence, NoteEvidence.note_id == AnalysisNote.id)
        .where(AnalysisNote.cycle_id == cycle_id)
        .scalar_subquery(),
        _count_of(CycleFacilitator.cycle_id, cycle_id),
        select(Reflection.id).where(Reflection.cycle_id == cycle_id).exists(),
        select(
            json_rows(
                Action.created_at, Action.id, Action.title, Action.owner_id, Action.due_on,
                Action.status,
            )
        )
        # A dropped action needs no owner or date: the team decided not to do it.
        .where(Action.cycle_id == cycle_id, Action.status != ActionStatus.dropped)
        .scalar_subquery(),
    )  # fmt: skip


def facts_from(cycle: Cycle, values) -> tuple[CycleFacts, Counts]:
    """The engine's facts and the cycle page's counts from the values of `facts_columns`."""
    evidence, notes, action_count, cited_notes, facilitators, has_reflection, actions = values
    ordered = sorted(actions or (), key=lambda row: (datetime.fromisoformat(row[0]), row[1]))
    facts = CycleFacts(
        state=cycle.state,
        has_puzzle=cycle.puzzle_id is not None,
        facilitator_count=int(facilitators or 0),
        evidence_count=evidence,
        cited_note_count=int(cited_notes or 0),
        actions=tuple(
            ActionFacts(
                title=title,
                has_owner=owner_id is not None,
                has_due_date=due_on is not None,
                done=status == "done",
            )
            for _, _, title, owner_id, due_on, status in ordered
        ),
        has_reflection=bool(has_reflection),
    )
    return facts, Counts(evidence, notes, action_count)


def cycle_facts(cycle: Cycle) -> CycleFacts:
    """What the workflow engine weighs to decide the cycle's moves."""
    return cycle_facts_and_counts(cycle)[0]


def cycle_facts_and_counts(cycle: Cycle) -> tuple[CycleFacts, Counts]:
    """The engine's facts and the cycle page's counts, in one query of one row."""
    return facts_from(cycle, db.session.execute(select(*facts_columns(cycle.id))).one())
