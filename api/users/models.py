"""People: a user signs in with an email or a username (students may have no email)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow


class User(IdMixin, CreatedMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email IS NOT NULL OR username IS NOT NULL", name="has_login"),
    )

    #: stored lower-case, so sign-in is case-insensitive
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    #: argon2id hash; None means the user cannot sign in with a password (e.g. LMS-only)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    last_sign_in_at: Mapped[datetime | None]
    #: stored in each session at sign-in; bumping it signs this person out everywhere
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: the last change to what lists show of the person (name, email, username, active, has a
    #: password), not to sign-ins: what `updated_since` on people lists compares
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    external_ids: Mapped[list[ExternalIdentity]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def login(self) -> str:
        return self.email or self.username or ""


#: what people lists show of a person; changing any of them moves updated_at
LISTED_FIELDS = ("display_name", "email", "username", "is_active", "password_hash")


@event.listens_for(Session, "before_flush")
def _listed_changes_touch_the_person(session: Session, flush_context, instances) -> None:
    now = utcnow()
    for user in session.dirty:
        if isinstance(user, User) and any(
            inspect(user).attrs[field].history.has_changes() for field in LISTED_FIELDS
        ):
            user.updated_at = now


class ExternalIdentity(IdMixin, CreatedMixin, Base):
    """The id an integration (an LMS) uses for this person, unique per org and source."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("organization_id", "source", "external_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))

    user: Mapped[User] = relationship(back_populates="external_ids")


class IdentityChange(IdMixin, CreatedMixin, Base):
    """A change to a person's email or name that waits for an emailed link to be opened.

    An email is used for sign-in and resets only once its owner opened a link sent to it; a
    change asked for by one of several organizations the person belongs to waits for the
    person to agree first (a link to their current address).
    """

    __tablename__ = "identity_changes"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: "email" or "display_name"
    field: Mapped[str] = mapped_column(String(20))
    new_value: Mapped[str] = mapped_column(String(254))
    #: the organization whose admin or client asked; None when the person asked
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    requested_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: what the current link proves: "person" (they agree) or "address" (the new email is theirs)
    step: Mapped[str] = mapped_column(String(20))
    #: sha256 of the secret in the link of the current step
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    #: set when a newer change of the same field replaces it, or the person declines it
    cancelled_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
