"""Class pulses, private to the teacher who opens one and anonymous to the students answering.

The trust survey's rules and mechanism (api/trust/sealing.py): who may answer is fixed when the
pulse opens; an answer is sealed while the pulse is open (no person, no time, unreadable
without the app's key) beside a receipt that only stops a second answer; closing opens, counts
and deletes every sealed answer in one transaction, keeping counts per statement and score —
and only when at least five answered. Nothing links a count to a person, a time or an order.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.teams.models import Team

MIN_RESPONSES = 5
EVERY_DAYS = 14


class ClassPulse(IdMixin, CreatedMixin, Base):
    """One round of a teacher's pulse with one class."""

    __tablename__ = "class_pulses"
    __table_args__ = (
        UniqueConstraint("team_id", "teacher_id", "opens_on"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    #: the teacher asking; the results are theirs alone
    teacher_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opens_on: Mapped[date]
    #: the last local day answers are taken (inclusive)
    closes_on: Mapped[date] = mapped_column(index=True)
    #: a new round opens this many days after this one opened; None: no next round
    repeat_every_days: Mapped[int | None] = mapped_column(SmallInteger)
    closed_at: Mapped[datetime | None]
    #: students who could answer, fixed when it opened
    eligible_count: Mapped[int] = mapped_column(default=0)
    #: set when it closes: how many answered, and whether that reached MIN_RESPONSES
    response_count: Mapped[int | None]
    results_released: Mapped[bool] = mapped_column(default=False)

    team: Mapped[Team] = relationship()


class PulseEligibility(Base):
    __tablename__ = "class_pulse_eligibility"

    pulse_id: Mapped[str] = mapped_column(
        ForeignKey("class_pulses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PulseReceipt(Base):
    """Who has answered: stops a second answer, says nothing about the answer."""

    __tablename__ = "class_pulse_receipts"

    pulse_id: Mapped[str] = mapped_column(
        ForeignKey("class_pulses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PulseSealedAnswer(IdMixin, Base):
    """One student's answers while the pulse is open, sealed; deleted when it closes."""

    __tablename__ = "class_pulse_sealed_answers"

    pulse_id: Mapped[str] = mapped_column(
        ForeignKey("class_pulses.id", ondelete="CASCADE"), index=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class PulseResultCount(Base):
    """How many answered `score` to `item` in a closed pulse that reached MIN_RESPONSES."""

    __tablename__ = "class_pulse_result_counts"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_from_1_to_5"),)

    pulse_id: Mapped[str] = mapped_column(
        ForeignKey("class_pulses.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int]
