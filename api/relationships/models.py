"""Private by design: every row about a student belongs to one teacher's relationship with them.

A `Relationship` links exactly one teacher, one student and the class (team) they share; its
stage changes, notes, Two-by-Ten plans and repair records link only to it. No column anywhere
points a coach, an admin or a team at them, and every link cascades: erase the teacher, the
student or the class and all of it goes. Feedback tallies belong to the teacher whose lesson it
was; a coach's observation tally also names its observer, and is read by those two only.
Cards belong to their writer.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.teams.models import Team
from api.users.models import User


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    return Enum(kind, name=name, native_enum=False, length=20)


class Stage(enum.StrEnum):
    """Establish → Maintain → Restore, with pre-establish for a start from old patterns."""

    pre_establish = "pre_establish"
    establish = "establish"
    maintain = "maintain"
    restore = "restore"


class Relationship(IdMixin, CreatedMixin, Base):
    """One teacher's private view of one student in one class."""

    __tablename__ = "relationships"
    __table_args__ = (UniqueConstraint("team_id", "teacher_id", "student_id"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "relationship_stage"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    team: Mapped[Team] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])


class StageChange(IdMixin, Base):
    """The stage's history: append-only, like a cycle's events."""

    __tablename__ = "relationship_stage_changes"

    relationship_id: Mapped[str] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    #: None for the first stage the teacher chose
    from_stage: Mapped[Stage | None] = mapped_column(_enum(Stage, "relationship_stage"))
    to_stage: Mapped[Stage] = mapped_column(_enum(Stage, "relationship_stage"))
    #: what moved it: "started", "teacher", "repair_opened", "repair_done", "two_by_ten"
    source: Mapped[str] = mapped_column(String(20), default="teacher")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoteKind(enum.StrEnum):
    """Strengths-based on purpose: there is no kind for incidents or labels."""

    interest = "interest"
    strength = "strength"
    what_helps = "what_helps"
    connection = "connection"


class RelationshipNote(IdMixin, CreatedMixin, Base):
    __tablename__ = "relationship_notes"

    relationship_id: Mapped[str] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind, "relationship_note_kind"))
    body: Mapped[str] = mapped_column(String(1000))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanStatus(enum.StrEnum):
    active = "active"
    completed = "completed"
    stopped = "stopped"


class TwoByTen(IdMixin, CreatedMixin, Base):
    """Two minutes a day, ten school days in a row, with one student."""

    __tablename__ = "two_by_tens"
    __table_args__ = (
        # One running plan per relationship; finished ones stay as history.
        Index(
            "ix_two_by_tens_one_active",
            "relationship_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
    )

    relationship_id: Mapped[str] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    #: the first school day of the current streak (moves forward on a restart)
    streak_starts_on: Mapped[date]
    #: the teacher's local time for the daily reminder
    reminder_at: Mapped[time]
    status: Mapped[PlanStatus] = mapped_column(
        _enum(PlanStatus, "two_by_ten_status"), default=PlanStatus.active
    )
    restarts: Mapped[int] = mapped_column(SmallInteger, default=0)
    #: the closing reflection: what the ten days taught the teacher
    reflection: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]

    days: Mapped[list[TwoByTenDay]] = relationship(
        cascade="all, delete-orphan", order_by="TwoByTenDay.day"
    )
    relation: Mapped[Relationship] = relationship()


class DayOutcome(enum.StrEnum):
    done = "done"
    #: a school day without a conversation that the teacher chose to carry on past
    missed = "missed"


class TwoByTenDay(Base):
    __tablename__ = "two_by_ten_days"

    plan_id: Mapped[str] = mapped_column(
        ForeignKey("two_by_tens.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    outcome: Mapped[DayOutcome] = mapped_column(_enum(DayOutcome, "two_by_ten_outcome"))
    #: what the teacher learned (interests, strengths); optional
    note: Mapped[str | None] = mapped_column(String(1000))


class RepairStatus(enum.StrEnum):
    open = "open"
    done = "done"


class Repair(IdMixin, CreatedMixin, Base):
    """Restoring after harm: what happened, empathy, a real chance to repair, a follow-up."""

    __tablename__ = "repairs"

    relationship_id: Mapped[str] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    what_happened: Mapped[str] = mapped_column(String(2000))
    empathy_statement: Mapped[str] = mapped_column(String(1000), default="")
    repair_offered: Mapped[str] = mapped_column(String(1000), default="")
    student_response: Mapped[str] = mapped_column(String(1000), default="")
    follow_up_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[RepairStatus] = mapped_column(
        _enum(RepairStatus, "repair_status"), default=RepairStatus.open
    )
    done_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    relation: Mapped[Relationship] = relationship()


class FeedbackTally(IdMixin, CreatedMixin, Base):
    """Positive and corrective feedback counted in one lesson, by its teacher or an observer."""

    __tablename__ = "feedback_tallies"
    __table_args__ = (
        CheckConstraint("positive >= 0 AND corrective >= 0", name="counts_not_negative"),
        Index("ix_feedback_tallies_teacher_day", "teacher_id", "lesson_on"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    #: whose lesson it was; the tally is theirs
    teacher_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: a coach who observed the lesson and counted; None for the teacher's own tally
    observer_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: one student the teacher is focusing on; None for the whole class period
    focus_student_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    lesson_on: Mapped[date]
    #: the teacher's word for the lesson, e.g. "Period 3"
    label: Mapped[str] = mapped_column(String(60), default="")
    positive: Mapped[int] = mapped_column(default=0)
    corrective: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StudentCard(Base):
    """ "Get to know me": seen by the student and their teachers."""

    __tablename__ = "student_cards"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    interests: Mapped[str] = mapped_column(String(1000), default="")
    helps_me_learn: Mapped[str] = mapped_column(String(1000), default="")
    want_teacher_to_know: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class TeacherCard(Base):
    """ "About me": seen by the teacher's students."""

    __tablename__ = "teacher_cards"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    about_me: Mapped[str] = mapped_column(String(1000), default="")
    interests: Mapped[str] = mapped_column(String(1000), default="")
    ask_me_about: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
