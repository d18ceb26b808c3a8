"""What the workflow engine needs to know about cycles, read in as few queries as possible."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ScalarSelect, distinct, func, select

from api.actions.models import Action, ActionStatus
from api.analysis.models import AnalysisNote, NoteEvidence
from api.cycles.models import Cycle, CycleFacilitator
from api.evidence.models import Evidence
from api.extensions import db
from api.reflections.models import Reflection
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


def cycle_facts(cycle: Cycle) -> CycleFacts:
    """What the workflow engine weighs to decide the cycle's moves."""
    return cycle_facts_and_counts(cycle)[0]


def cycle_facts_and_counts(cycle: Cycle) -> tuple[CycleFacts, Counts]:
    """The engine's facts and the cycle page's counts, in one query: the counts as a one-row
    table, joined to the cycle's actions (a cycle with none gives that row alone)."""
    counted = select(
        *count_columns(cycle.id),
        select(func.count(distinct(AnalysisNote.id)))
        .join(NoteEvidence, NoteEvidence.note_id == AnalysisNote.id)
        .where(AnalysisNote.cycle_id == cycle.id)
        .scalar_subquery(),
        _count_of(CycleFacilitator.cycle_id, cycle.id),
        select(Reflection.id).where(Reflection.cycle_id == cycle.id).exists(),
    ).subquery()
    rows = db.session.execute(
        select(counted, Action.id, Action.title, Action.owner_id, Action.due_on, Action.status)
        .select_from(counted)
        .outerjoin(
            Action,
            # A dropped action needs no owner or date: the team decided not to do it.
            (Action.cycle_id == cycle.id) & (Action.status != ActionStatus.dropped),
        )
        .order_by(Action.created_at, Action.id)
    ).all()
    evidence, notes, action_count, cited_notes, facilitators, has_reflection = rows[0][:6]
    actions = [row[7:] for row in rows if row[6] is not None]
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
            for title, owner_id, due_on, status in actions
        ),
        has_reflection=bool(has_reflection),
    )
    return facts, Counts(evidence, notes, action_count)
