"""What the workflow engine needs to know about cycles, read in as few queries as possible."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import distinct, func, select

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


def _count_by_cycle(column, cycle_ids: list[str]) -> dict[str, int]:
    rows = db.session.execute(
        select(column, func.count()).where(column.in_(cycle_ids)).group_by(column)
    )
    return {cycle_id: count for cycle_id, count in rows}


def counts_for(cycle_ids: Iterable[str]) -> dict[str, Counts]:
    """Evidence, note and action counts for many cycles in three grouped queries."""
    ids = list(cycle_ids)
    if not ids:
        return {}
    evidence = _count_by_cycle(Evidence.cycle_id, ids)
    notes = _count_by_cycle(AnalysisNote.cycle_id, ids)
    actions = _count_by_cycle(Action.cycle_id, ids)
    return {
        cycle_id: Counts(
            evidence.get(cycle_id, 0), notes.get(cycle_id, 0), actions.get(cycle_id, 0)
        )
        for cycle_id in ids
    }


def cycle_facts(cycle: Cycle) -> CycleFacts:
    counts = counts_for([cycle.id])[cycle.id]
    cited_notes = db.session.scalar(
        select(func.count(distinct(AnalysisNote.id)))
        .join(NoteEvidence, NoteEvidence.note_id == AnalysisNote.id)
        .where(AnalysisNote.cycle_id == cycle.id)
    )
    facilitators = db.session.scalar(
        select(func.count(CycleFacilitator.id)).where(CycleFacilitator.cycle_id == cycle.id)
    )
    actions = db.session.execute(
        select(Action.title, Action.owner_id, Action.due_on, Action.status)
        # A dropped action needs no owner or date: the team decided not to do it.
        .where(Action.cycle_id == cycle.id, Action.status != ActionStatus.dropped)
        .order_by(Action.created_at, Action.id)
    ).all()
    has_reflection = (
        db.session.scalar(select(Reflection.id).where(Reflection.cycle_id == cycle.id)) is not None
    )
    return CycleFacts(
        state=cycle.state,
        has_puzzle=cycle.puzzle_id is not None,
        facilitator_count=int(facilitators or 0),
        evidence_count=counts.evidence,
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
        has_reflection=has_reflection,
    )
