"""A person's part of the privacy export: relationships they keep as a teacher, tallies, cards,
and agreements they endorsed.

A teacher's stages, notes, Two-by-Tens, repairs and tallies are theirs alone: they are in the
export only when the teacher exports their own data (an admin's export of the teacher counts
them), and never in a student's export, whoever makes it (docs/privacy.md, "Teacher–student
relationships").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from api.agreements.models import AgreementEndorsement, RespectAgreement
from api.extensions import db
from api.pulse.models import ClassPulse, PulseReceipt
from api.relationships.models import (
    FeedbackTally,
    Relationship,
    RelationshipNote,
    Repair,
    StageChange,
    StudentCard,
    TeacherCard,
    TwoByTen,
)
from api.users.models import User

KEPT_BY_TEACHERS_NOTE = (
    "What a teacher keeps about their relationship with a student (stage, notes, Two-by-Ten, "
    "repairs, lesson tallies) is the teacher's own and is not part of a student's export. It is "
    "erased with the student."
)
TEACHERS_OWN_NOTE = (
    "A teacher's relationship records are theirs alone: they are exported only when the teacher "
    "asks for their own data. Here they are counted."
)

PULSE_NOTE = (
    "Class pulse answers are anonymous: they are sealed while the pulse is open and only counted "
    "when it closes, with no link to a person, so they cannot be found or exported. This list "
    "only says which pulses were answered."
)


def _plain(row: Any, *fields: str) -> dict[str, Any]:
    return {field: getattr(row, field) for field in fields}


def _relationship(relation: Relationship, names: dict[str, str]) -> dict:
    history = db.session.scalars(
        select(StageChange)
        .where(StageChange.relationship_id == relation.id)
        .order_by(StageChange.changed_at)
    )
    notes = db.session.scalars(
        select(RelationshipNote)
        .where(RelationshipNote.relationship_id == relation.id)
        .order_by(RelationshipNote.created_at)
    )
    plans = db.session.scalars(
        select(TwoByTen)
        .where(TwoByTen.relationship_id == relation.id)
        .order_by(TwoByTen.created_at)
    )
    repairs = db.session.scalars(
        select(Repair).where(Repair.relationship_id == relation.id).order_by(Repair.created_at)
    )
    return {
        **_plain(relation, "id", "team_id", "stage", "created_at"),
        "teacher": names.get(relation.teacher_id),
        "student": names.get(relation.student_id),
        "stage_history": [
            _plain(change, "from_stage", "to_stage", "source", "changed_at") for change in history
        ],
        "notes": [_plain(note, "kind", "body", "created_at") for note in notes],
        "two_by_tens": [
            {
                **_plain(plan, "status", "streak_starts_on", "restarts", "reflection", "closed_at"),
                "reminder_at": plan.reminder_at.isoformat(timespec="minutes"),
                "days": [_plain(day, "day", "outcome", "note") for day in plan.days],
            }
            for plan in plans
        ],
        "repairs": [
            _plain(
                repair,
                "what_happened",
                "empathy_statement",
                "repair_offered",
                "student_response",
                "follow_up_on",
                "status",
                "created_at",
                "done_at",
            )
            for repair in repairs
        ],
    }


def _teachers_own(
    relations: list[Relationship],
    tallies: list[FeedbackTally],
    names: dict[str, str],
    user: User,
    *,
    for_themselves: bool,
) -> dict:
    if not for_themselves:
        return {
            "about_teachers_own_records": TEACHERS_OWN_NOTE,
            "relationships_kept_as_teacher": len(relations),
            "feedback_tallies_kept": len(tallies),
        }
    return {
        "as_teacher": [_relationship(relation, names) for relation in relations],
        "feedback_tallies": [
            {
                **_plain(tally, "team_id", "lesson_on", "label", "positive", "corrective"),
                "role": "observer" if tally.observer_id == user.id else "teacher",
            }
            for tally in tallies
        ],
    }


def relationships_section(user: User, teams, *, for_themselves: bool) -> dict:
    """The person's relationship records within the organization's teams (a select of their
    ids): in full as a teacher exporting themselves, counted when someone else exports them."""
    relations = list(
        db.session.scalars(
            select(Relationship)
            .where(Relationship.team_id.in_(teams), Relationship.teacher_id == user.id)
            .order_by(Relationship.created_at)
        )
    )
    people = {relation.student_id for relation in relations} | {user.id}
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(people))).all()
    )
    tallies = db.session.scalars(
        select(FeedbackTally)
        .where(
            FeedbackTally.team_id.in_(teams),
            or_(FeedbackTally.teacher_id == user.id, FeedbackTally.observer_id == user.id),
        )
        .order_by(FeedbackTally.lesson_on)
    )
    student_card = db.session.get(StudentCard, user.id)
    teacher_card = db.session.get(TeacherCard, user.id)
    endorsed = db.session.scalars(
        select(RespectAgreement.team_id)
        .join(AgreementEndorsement, AgreementEndorsement.agreement_id == RespectAgreement.id)
        .where(AgreementEndorsement.user_id == user.id, RespectAgreement.team_id.in_(teams))
    )
    answered = db.session.execute(
        select(ClassPulse.id, ClassPulse.team_id, ClassPulse.opens_on)
        .join(PulseReceipt, PulseReceipt.pulse_id == ClassPulse.id)
        .where(PulseReceipt.user_id == user.id, ClassPulse.team_id.in_(teams))
    ).all()
    opened = db.session.scalars(
        select(ClassPulse)
        .where(ClassPulse.teacher_id == user.id, ClassPulse.team_id.in_(teams))
        .order_by(ClassPulse.opens_on)
    )
    return {
        "about_class_pulse_answers": PULSE_NOTE,
        "class_pulses_answered": [
            {"pulse_id": pulse_id, "team_id": team_id, "opens_on": opens_on}
            for pulse_id, team_id, opens_on in answered
        ],
        "class_pulses_opened": [
            _plain(
                pulse,
                "id",
                "team_id",
                "opens_on",
                "closes_on",
                "eligible_count",
                "response_count",
                "results_released",
            )
            for pulse in opened
        ],
        "about_what_teachers_keep": KEPT_BY_TEACHERS_NOTE,
        **_teachers_own(relations, list(tallies), names, user, for_themselves=for_themselves),
        "get_to_know_me_card": student_card
        and _plain(student_card, "interests", "helps_me_learn", "want_teacher_to_know"),
        "about_me_card": teacher_card
        and _plain(teacher_card, "about_me", "interests", "ask_me_about"),
        "respect_agreements_endorsed": [{"team_id": team_id} for team_id in endorsed],
    }
