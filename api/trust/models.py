"""Trust surveys and their anonymous responses, targets, reflection sessions and commitments.

Anonymity is a property of the tables, not only of the API: a response row has a random id, the
respondent's coarse group and their scores — no user, no time. Who answered lives in a separate
receipt table that holds no link to the response.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.teams.models import Team
from api.trust.questions import Component
from api.users.models import User

MIN_RESPONSES = 3


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    return Enum(kind, name=name, native_enum=False, length=16)


class RoleGroup(enum.StrEnum):
    """Coarse on purpose: results split by it only where each group has enough answers."""

    student = "student"
    adult = "adult"


class TrustSurvey(IdMixin, CreatedMixin, Base):
    __tablename__ = "trust_surveys"
    __table_args__ = (
        UniqueConstraint("team_id", "period"),
        CheckConstraint(f"min_responses >= {MIN_RESPONSES}", name="min_responses_at_least_3"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    #: the team's name for the round, e.g. "Autumn 2026"
    period: Mapped[str] = mapped_column(String(60))
    #: first and last local day answers are taken (inclusive)
    opens_on: Mapped[date] = mapped_column(index=True)
    closes_on: Mapped[date] = mapped_column(index=True)
    #: results are shown once this many people have answered; never below 3
    min_responses: Mapped[int] = mapped_column(default=MIN_RESPONSES)
    #: set when a teacher closes the survey before its closing date
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship()


class TrustResponse(IdMixin, Base):
    """One person's answers, with nothing that says whose or when."""

    __tablename__ = "trust_responses"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), index=True
    )
    role_group: Mapped[RoleGroup] = mapped_column(_enum(RoleGroup, "trust_role_group"))
    comment: Mapped[str | None] = mapped_column(String(2000))

    answers: Mapped[list[TrustAnswer]] = relationship(cascade="all, delete-orphan")


class TrustAnswer(Base):
    __tablename__ = "trust_answers"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_from_1_to_5"),)

    response_id: Mapped[str] = mapped_column(
        ForeignKey("trust_responses.id", ondelete="CASCADE"), primary_key=True
    )
    #: an item key from api.trust.questions
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger)


class TrustReceipt(Base):
    """Who has answered a survey: stops a second answer, and says nothing about the answer."""

    __tablename__ = "trust_receipts"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TargetStatus(enum.StrEnum):
    active = "active"
    met = "met"
    dropped = "dropped"


class TrustTarget(IdMixin, CreatedMixin, Base):
    """What the team will work on, e.g. "how we handle disagreements", tied to a component."""

    __tablename__ = "trust_targets"

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    component: Mapped[Component] = mapped_column(_enum(Component, "trust_component"))
    description: Mapped[str] = mapped_column(String(500))
    review_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[TargetStatus] = mapped_column(
        _enum(TargetStatus, "trust_target_status"), default=TargetStatus.active
    )
    #: the survey whose results prompted it, if any
    survey_id: Mapped[str | None] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()


class SessionStep(enum.StrEnum):
    ready = "ready"
    individual = "individual"
    small_group = "small_group"
    whole_team = "whole_team"
    commitment = "commitment"
    finished = "finished"


class ReflectionSession(IdMixin, CreatedMixin, Base):
    """A facilitated joint-work reflection in four timed steps."""

    __tablename__ = "trust_sessions"

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    step: Mapped[SessionStep] = mapped_column(
        _enum(SessionStep, "trust_session_step"), default=SessionStep.ready
    )
    #: when the current step began: the timer counts down from here
    step_started_at: Mapped[datetime | None]
    individual_minutes: Mapped[int] = mapped_column(default=8)
    small_group_minutes: Mapped[int] = mapped_column(default=12)
    whole_team_minutes: Mapped[int] = mapped_column(default=15)
    commitment_minutes: Mapped[int] = mapped_column(default=10)
    facilitator_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    facilitator: Mapped[User | None] = relationship(foreign_keys=[facilitator_id])


class NoteKind(enum.StrEnum):
    shared_task = "shared_task"
    reliance = "reliance"
    trust_moment = "trust_moment"
    group_sharing = "group_sharing"
    strength = "strength"
    opportunity = "opportunity"


class SessionNote(IdMixin, Base):
    """A note from the session; anonymous notes keep no author (and no note keeps a time)."""

    __tablename__ = "trust_session_notes"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("trust_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind, "trust_note_kind"))
    body: Mapped[str] = mapped_column(String(2000))
    #: None when the note was written anonymously
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship()


class CommitmentStatus(enum.StrEnum):
    open = "open"
    kept = "kept"
    let_go = "let_go"


class Commitment(IdMixin, CreatedMixin, Base):
    """One member's commitment from a session, public to the team, with a follow-up date."""

    __tablename__ = "trust_commitments"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    session_id: Mapped[str] = mapped_column(ForeignKey("trust_sessions.id", ondelete="CASCADE"))
    #: copied from the session so the team's wall needs no join
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(String(1000))
    follow_up_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[CommitmentStatus] = mapped_column(
        _enum(CommitmentStatus, "trust_commitment_status"), default=CommitmentStatus.open
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    session: Mapped[ReflectionSession] = relationship()
