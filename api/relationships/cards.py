"""Getting to know each other: a student's "get to know me" card, read by the student and the
teachers of their classes; a teacher's "about me" card, read by the students they teach."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from api.access import team_access
from api.actor import Actor
from api.errors import Forbidden, NotFound
from api.extensions import db
from api.relationships.models import StudentCard, TeacherCard
from api.teams.models import Membership, Role
from api.transactions import transactional
from api.users.models import User

STUDENT_FIELDS = ("interests", "helps_me_learn", "want_teacher_to_know")
TEACHER_FIELDS = ("about_me", "interests", "ask_me_about")


def _has_role_somewhere(actor: Actor, role: Role) -> bool:
    return (
        actor.id is not None
        and db.session.scalar(
            select(Membership.id)
            .where(Membership.user_id == actor.id, Membership.role == role)
            .limit(1)
        )
        is not None
    )


def _person(actor: Actor) -> str:
    if actor.is_client or actor.id is None:
        raise NotFound("We couldn't find that.")
    return actor.id


def my_student_card(actor: Actor) -> StudentCard | None:
    return db.session.get(StudentCard, _person(actor))


@transactional
def save_student_card(actor: Actor, values: dict) -> StudentCard:
    """Write your own get-to-know-me card (students). Raises Forbidden for anyone who is not
    a student in a class."""
    user_id = _person(actor)
    if not _has_role_somewhere(actor, Role.student):
        raise Forbidden("Get-to-know-me cards are for students.")
    card = db.session.get(StudentCard, user_id) or StudentCard(user_id=user_id)
    for field in STUDENT_FIELDS:
        if field in values:
            setattr(card, field, values[field].strip())
    db.session.add(card)
    db.session.flush()
    return card


def my_teacher_card(actor: Actor) -> TeacherCard | None:
    return db.session.get(TeacherCard, _person(actor))


@transactional
def save_teacher_card(actor: Actor, values: dict) -> TeacherCard:
    """Write your own about-me card (teachers)."""
    user_id = _person(actor)
    if not _has_role_somewhere(actor, Role.teacher):
        raise Forbidden("About-me cards are for teachers.")
    card = db.session.get(TeacherCard, user_id) or TeacherCard(user_id=user_id)
    for field in TEACHER_FIELDS:
        if field in values:
            setattr(card, field, values[field].strip())
    db.session.add(card)
    db.session.flush()
    return card


def _members(team_id: str, role: Role, card_type):
    member = aliased(Membership)
    return db.session.execute(
        select(User.id, User.display_name, card_type)
        .join(member, member.user_id == User.id)
        .outerjoin(card_type, card_type.user_id == User.id)
        .where(member.team_id == team_id, member.role == role)
        .order_by(User.display_name, User.id)
    ).all()


def class_student_cards(actor: Actor, team_id: str) -> list[dict]:
    """The class's students with their cards (None where they have not written one), for the
    class's teachers only."""
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    if not team_access(actor, team_id).is_teacher:
        raise Forbidden("Students' cards are for their teachers.")
    return [
        {"person": {"id": user_id, "display_name": name}, "card": card}
        for user_id, name, card in _members(team_id, Role.student, StudentCard)
    ]


def class_teacher_cards(actor: Actor, team_id: str) -> list[dict]:
    """The class's teachers with their about-me cards, for the class's members."""
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    if not team_access(actor, team_id).is_member:
        raise Forbidden("Teachers' cards are for the people in their classes.")
    return [
        {"person": {"id": user_id, "display_name": name}, "card": card}
        for user_id, name, card in _members(team_id, Role.teacher, TeacherCard)
    ]
