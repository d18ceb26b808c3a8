"""Who reaches a relationship: its teacher, while they teach the student in that class.

Everyone else — the student, another teacher, a coach, an admin, an LMS — is told it does not
exist, so ids reveal nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from api.access import teaching
from api.actor import Actor
from api.errors import NotFound
from api.extensions import db
from api.relationships.models import Relationship, Stage, StageChange
from api.teams.models import Membership, Role
from api.users.models import User

STUDENT_NOT_FOUND = "That student isn't in this class."
NOT_FOUND = "We couldn't find that."


def student_of(team_id: str, student_id: str) -> User:
    """The student, when they are a student of the class; NotFound otherwise."""
    student = db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.team_id == team_id,
            Membership.user_id == student_id,
            Membership.role == Role.student,
        )
    )
    if student is None:
        raise NotFound(STUDENT_NOT_FOUND)
    return student


def find_relationship(actor: Actor, team_id: str, student_id: str) -> Relationship | None:
    """The actor's relationship with a student of a class they teach, if they have begun one."""
    teaching(actor, team_id)
    student_of(team_id, student_id)
    return db.session.scalar(
        select(Relationship).where(
            Relationship.team_id == team_id,
            Relationship.teacher_id == actor.id,
            Relationship.student_id == student_id,
        )
    )


def relationship_for(actor: Actor, team_id: str, student_id: str) -> Relationship:
    """The actor's relationship with the student, begun (at establish) when there is none."""
    found = find_relationship(actor, team_id, student_id)
    if found is not None:
        return found
    found = Relationship(
        team_id=team_id, teacher_id=actor.id, student_id=student_id, stage=Stage.establish
    )
    db.session.add(found)
    db.session.flush()
    db.session.add(
        StageChange(relationship_id=found.id, to_stage=Stage.establish, source="started")
    )
    return found


def own_relationship(actor: Actor, relationship_id: str) -> Relationship:
    """A relationship of the actor's, while they still teach that student in that class."""
    found = db.session.get(Relationship, relationship_id)
    if found is None or actor.id is None or found.teacher_id != actor.id:
        raise NotFound(NOT_FOUND)
    still_teaching = db.session.scalar(
        select(Membership.id).where(
            Membership.team_id == found.team_id,
            Membership.user_id == actor.id,
            Membership.role == Role.teacher,
        )
    )
    if not still_teaching:
        raise NotFound(NOT_FOUND)
    try:
        student_of(found.team_id, found.student_id)
    except NotFound:
        raise NotFound(NOT_FOUND) from None
    return found


def move_stage(relation: Relationship, stage: Stage, source: str) -> None:
    """Change the stage and write its history line (nothing when it is already there)."""
    if relation.stage is stage:
        return
    db.session.add(
        StageChange(
            relationship_id=relation.id, from_stage=relation.stage, to_stage=stage, source=source
        )
    )
    relation.stage = stage
