"""My students: a teacher's private stage, its history and strengths-based notes for each
student of a class they teach (see api/relationships/access.py for who reaches them)."""

from __future__ import annotations

from sqlalchemy import func, select

from api.access import teaching
from api.actor import Actor
from api.errors import NotFound
from api.extensions import db
from api.relationships.access import (
    find_relationship,
    move_stage,
    own_relationship,
    relationship_for,
    student_of,
)
from api.relationships.material import STAGE_LABELS, STRATEGIES
from api.relationships.models import (
    NoteKind,
    PlanStatus,
    Relationship,
    RelationshipNote,
    Repair,
    RepairStatus,
    Stage,
    StageChange,
    StudentCard,
    TwoByTen,
)
from api.relationships.two_by_ten import SUMMARY_LOAD, plan_summaries
from api.teams.models import Membership, Role
from api.transactions import transactional
from api.users.models import User

NOTE_NOT_FOUND = "We couldn't find that note."


def my_students(actor: Actor, team_id: str) -> list[dict]:
    """The class's students, each with the actor's stage (None before they choose one), their
    running Two-by-Ten, whether a repair is open and whether the student wrote a card."""
    teaching(actor, team_id)
    students = db.session.execute(
        select(User.id, User.display_name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team_id, Membership.role == Role.student)
        .order_by(User.display_name, User.id)
    ).all()
    relations = {
        relation.student_id: relation
        for relation in db.session.scalars(
            select(Relationship).where(
                Relationship.team_id == team_id, Relationship.teacher_id == actor.id
            )
        )
    }
    relation_ids = [relation.id for relation in relations.values()]
    plans = {
        plan.relationship_id: plan
        for plan in db.session.scalars(
            select(TwoByTen)
            .where(TwoByTen.relationship_id.in_(relation_ids), TwoByTen.status == PlanStatus.active)
            .options(*SUMMARY_LOAD)
        ).unique()
    }
    summaries = dict(zip(plans, plan_summaries(list(plans.values())), strict=True))
    open_repairs = set(
        db.session.scalars(
            select(Repair.relationship_id).where(
                Repair.relationship_id.in_(relation_ids), Repair.status == RepairStatus.open
            )
        )
    )
    note_counts = dict(
        db.session.execute(
            select(RelationshipNote.relationship_id, func.count())
            .where(RelationshipNote.relationship_id.in_(relation_ids))
            .group_by(RelationshipNote.relationship_id)
        ).all()
    )
    with_cards = set(
        db.session.scalars(
            select(StudentCard.user_id).where(StudentCard.user_id.in_([s.id for s in students]))
        )
    )
    result = []
    for student_id, name in students:
        relation = relations.get(student_id)
        summary = summaries.get(relation.id) if relation else None
        result.append(
            {
                "student": {"id": student_id, "display_name": name},
                "relationship_id": relation.id if relation else None,
                "stage": relation.stage if relation else None,
                "stage_label": STAGE_LABELS[relation.stage] if relation else "No stage yet",
                "two_by_ten": summary,
                "open_repair": bool(relation and relation.id in open_repairs),
                "note_count": note_counts.get(relation.id, 0) if relation else 0,
                "has_card": student_id in with_cards,
            }
        )
    return result


def student_detail(actor: Actor, team_id: str, student_id: str) -> dict:
    """One student as the actor sees them: stage, history, notes, the strategies for the
    stage, Two-by-Ten plans and repairs. Raises NotFound, Forbidden (not a teacher here)."""
    relation = find_relationship(actor, team_id, student_id)
    student = student_of(team_id, student_id)
    card = db.session.get(StudentCard, student_id)
    base = {
        "team_id": team_id,
        "student": {"id": student.id, "display_name": student.display_name},
        "card": card,
    }
    if relation is None:
        return {
            **base,
            "relationship_id": None,
            "stage": None,
            "strategies": list(STRATEGIES[Stage.establish]),
            "history": [],
            "notes": [],
            "two_by_tens": [],
            "repairs": [],
        }
    history = db.session.scalars(
        select(StageChange)
        .where(StageChange.relationship_id == relation.id)
        .order_by(StageChange.changed_at.desc(), StageChange.id)
    )
    notes = db.session.scalars(
        select(RelationshipNote)
        .where(RelationshipNote.relationship_id == relation.id)
        .order_by(RelationshipNote.created_at.desc(), RelationshipNote.id)
    )
    plans = db.session.scalars(
        select(TwoByTen)
        .where(TwoByTen.relationship_id == relation.id)
        .options(*SUMMARY_LOAD)
        .order_by(TwoByTen.created_at.desc(), TwoByTen.id)
    ).unique()
    repairs = db.session.scalars(
        select(Repair)
        .where(Repair.relationship_id == relation.id)
        .order_by(Repair.created_at.desc(), Repair.id)
    )
    return {
        **base,
        "relationship_id": relation.id,
        "stage": relation.stage,
        "strategies": list(STRATEGIES[relation.stage]),
        "history": list(history),
        "notes": list(notes),
        "two_by_tens": plan_summaries(list(plans)),
        "repairs": list(repairs),
    }


@transactional
def set_stage(actor: Actor, team_id: str, student_id: str, stage: Stage) -> dict:
    """Move the actor's stage with a student; the change goes into its history."""
    relation = relationship_for(actor, team_id, student_id)
    move_stage(relation, stage, "teacher")
    return student_detail(actor, team_id, student_id)


@transactional
def add_note(actor: Actor, team_id: str, student_id: str, *, kind: NoteKind, body: str):
    """Write a strengths-based note about a student (only the actor will read it)."""
    relation = relationship_for(actor, team_id, student_id)
    note = RelationshipNote(relationship_id=relation.id, kind=kind, body=body.strip())
    db.session.add(note)
    db.session.flush()
    return note


def _own_note(actor: Actor, note_id: str) -> RelationshipNote:
    note = db.session.get(RelationshipNote, note_id)
    if note is None:
        raise NotFound(NOTE_NOT_FOUND)
    try:
        own_relationship(actor, note.relationship_id)
    except NotFound:
        raise NotFound(NOTE_NOT_FOUND) from None
    return note


@transactional
def update_note(actor: Actor, note_id: str, changes: dict) -> RelationshipNote:
    note = _own_note(actor, note_id)
    if "body" in changes:
        note.body = changes["body"].strip()
    if "kind" in changes:
        note.kind = changes["kind"]
    return note


@transactional
def delete_note(actor: Actor, note_id: str) -> None:
    db.session.delete(_own_note(actor, note_id))
