"""Personal access tokens for machines and password-reset links: secrets stored hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin
from api.users.models import User


class ApiToken(IdMixin, CreatedMixin, Base):
    __tablename__ = "api_tokens"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: sha256 of the secret; the secret itself is random and shown only once
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the first characters, so people can tell their tokens apart
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PasswordReset(IdMixin, CreatedMixin, Base):
    """A link emailed to reset a password: single use, expiring, stored only as a hash."""

    __tablename__ = "password_resets"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: sha256 of the secret in the emailed link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    #: set when the link is used, or when a newer password makes it pointless
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class UserSession(IdMixin, CreatedMixin, Base):
    """A signed-in browser, held on the server: signing out deletes it, so a copy of the
    cookie stops working at once. The cookie carries only its secret (and the CSRF token)."""

    __tablename__ = "user_sessions"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: sha256 of the secret in the cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the person's session version when it began; a sign-out everywhere moves that on
    version: Mapped[int]
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
