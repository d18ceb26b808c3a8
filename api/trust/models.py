"""Trust survey rounds, who may answer and who has, the sealed answers of an open round and the
counts of a closed one; targets, cadences, reflection sessions and commitments.

Anonymity is a property of the tables, not only of the API (docs/privacy.md, "Trust survey
anonymity"): while a round is open each answer is held sealed (encrypted, padded to one size)
in a row that says nothing readable; when the round closes the sealed answers are opened in one
transaction, counted, and deleted. What stays is counts per statement and score — no row per
person at all — and the comments, written sorted by their text. Who was eligible and who
answered live in their own tables and never say what anyone answered.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    LargeBinary,
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


class ResultGroup(enum.StrEnum):
    """Whose answers a count holds: everyone's, or one group's (kept only when both groups
    reached the round's threshold)."""

    everyone = "everyone"
    student = "student"
    adult = "adult"


class TrustSurvey(IdMixin, CreatedMixin, Base):
    """One round of the self-assessment: scheduled, open, then closed for good."""

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
    #: when the round opened and its eligible members were written down (None: not yet)
    opened_at: Mapped[datetime | None]
    #: how many members could answer: the team's members when the round opened
    eligible_count: Mapped[int | None]
    #: when the round closed (a teacher, or its closing date on beat) and was counted
    closed_at: Mapped[datetime | None]
    #: answers counted at closing; None while open (then only receipts are counted)
    response_count: Mapped[int | None]
    #: whether the counts were kept: at least min_responses answers when it closed
    results_released: Mapped[bool] = mapped_column(default=False)
    #: students' and adults' answers apart: only when each group reached min_responses
    student_count: Mapped[int | None]
    adult_count: Mapped[int | None]
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship()


class TrustEligibility(Base):
    """Who may answer a round: the team's members when it opened, with the group they were in
    (a later join, or a role changed mid-round, changes nothing)."""

    __tablename__ = "trust_eligibility"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role_group: Mapped[RoleGroup] = mapped_column(_enum(RoleGroup, "trust_role_group"))


class TrustReceipt(Base):
    """Who has answered a round: stops a second answer, and says nothing about the answer."""

    __tablename__ = "trust_receipts"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TrustSealedAnswer(IdMixin, Base):
    """One person's answers to an open round, sealed (api/trust/sealing.py): encrypted with a
    key the database does not hold and padded to one size. Its row order, transaction id and
    id may point at the receipt written beside it; what it holds cannot be read without the
    key, and it is deleted when the round closes."""

    __tablename__ = "trust_sealed_answers"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), index=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class TrustResultCount(Base):
    """A closed round's answers, counted: how many gave `score` to `item`, per group. Written
    in one transaction at closing; nothing in it is one person's."""

    __tablename__ = "trust_result_counts"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_from_1_to_5"),)

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[ResultGroup] = mapped_column(
        "result_group", _enum(ResultGroup, "trust_result_group"), primary_key=True
    )
    #: an item key from api.trust.questions
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int]


class TrustComment(IdMixin, Base):
    """A comment from a closed round's answers; written at closing in the order of its text."""

    __tablename__ = "trust_comments"

    survey_id: Mapped[str] = mapped_column(
        ForeignKey("trust_surveys.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(String(2000))


class TrustCadence(Base):
    """How often a team's rounds open by themselves (every quarter unless the team says)."""

    __tablename__ = "trust_cadences"
    __table_args__ = (
        CheckConstraint("every_months BETWEEN 1 AND 12", name="every_1_to_12_months"),
        CheckConstraint("open_days BETWEEN 1 AND 60", name="open_1_to_60_days"),
    )

    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    every_months: Mapped[int] = mapped_column(default=3)
    #: how many days each round stays open
    open_days: Mapped[int] = mapped_column(default=14)
    #: the day the next round opens (local to the school)
    next_opens_on: Mapped[date] = mapped_column(index=True)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


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
    #: the seed's timings: 5, 10, 10 and 5 minutes
    individual_minutes: Mapped[int] = mapped_column(default=5)
    small_group_minutes: Mapped[int] = mapped_column(default=10)
    whole_team_minutes: Mapped[int] = mapped_column(default=10)
    commitment_minutes: Mapped[int] = mapped_column(default=5)
    #: the shared task it reflects on: a cycle of this team
    cycle_id: Mapped[str | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"))
    facilitator_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
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
