"""A respect agreement belongs to its team; an endorsement is one member's yes to its words."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.users.models import User


class RespectAgreement(IdMixin, CreatedMixin, Base):
    __tablename__ = "respect_agreements"

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    body: Mapped[str] = mapped_column(String(4000))
    #: when the team looks at it again (each term)
    review_on: Mapped[date] = mapped_column(index=True)
    reviewed_at: Mapped[datetime | None]
    updated_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    endorsements: Mapped[list[AgreementEndorsement]] = relationship(cascade="all, delete-orphan")


class AgreementEndorsement(Base):
    """A member agrees to the current words; changing the words asks everyone again."""

    __tablename__ = "agreement_endorsements"

    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("respect_agreements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    endorsed_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
