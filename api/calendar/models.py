"""An organization's terms and non-school days (holidays, breaks)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, CreatedMixin, IdMixin


class Term(IdMixin, CreatedMixin, Base):
    """A stretch of the school year; once an organization has terms, school days are in them."""

    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("organization_id", "external_source", "external_id"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_terms_organization_dates", "organization_id", "starts_on", "ends_on"),
    )

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    #: first and last day of the term, both inclusive
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    #: where an imported term came from ("ical", or an LMS's source name) and its id there
    external_source: Mapped[str | None] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(255))


class NonSchoolDay(IdMixin, CreatedMixin, Base):
    """A holiday or a break: one day or several (both ends inclusive)."""

    __tablename__ = "non_school_days"
    __table_args__ = (
        UniqueConstraint("organization_id", "external_source", "external_id"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_non_school_days_organization_dates", "organization_id", "starts_on", "ends_on"),
    )

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    #: "ical" with the event's UID for imported days, so a second import updates, not doubles
    external_source: Mapped[str | None] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(255))


class CalendarFeed(IdMixin, CreatedMixin, Base):
    """A person's secret calendar-feed address: only its hash is kept, so a leaked database
    can't subscribe to anyone's due dates; resetting replaces it."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: sha256 of the secret in the feed's URL
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
