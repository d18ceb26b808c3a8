"""Server-side sessions: each signed-in browser is a row; the cookie holds only its secret.

Signing out deletes the row, so a copy of the cookie stops working at once; the person's
session version (moved on by a sign-out everywhere or a new password) ends every row too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from api.access import person_standing_columns, standing_of
from api.actor import Standing
from api.auth.models import UserSession
from api.db import rows_changed, utcnow
from api.extensions import db
from api.transactions import transaction
from api.users.models import User

#: how often a session's last_seen_at is written (reads stay cheap)
SEEN_EVERY = timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(user: User) -> str:
    """A new session row for the person; returns the secret for the cookie. Adds, flushes."""
    secret = secrets.token_urlsafe(32)
    lifetime = timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"])
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_digest(secret),
            version=user.session_version,
            expires_at=utcnow() + lifetime,
            last_seen_at=utcnow(),
        )
    )
    db.session.flush()
    return secret


def end(secret: str | None) -> None:
    """Delete this session's row (signing out of one browser). Adds, does not commit."""
    if secret:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(secret)))


def end_all(user_id: str) -> None:
    """Delete every session row of the person. Adds, does not commit."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


_SESSION_BY_DIGEST = (
    select(UserSession)
    .options(joinedload(UserSession.user))
    .where(UserSession.token_hash == bindparam("digest"))
)
#: The same with the person's teams and organizations, for reads (see api.access.team_access).
_SESSION_AND_STANDING_BY_DIGEST = (
    select(UserSession, *person_standing_columns(UserSession.user_id))
    .options(joinedload(UserSession.user))
    .where(UserSession.token_hash == bindparam("digest"))
)


def user_for(
    secret: str | None, user_id: str | None, *, with_standing: bool = False
) -> tuple[User, Standing | None] | None:
    """The person this cookie's session is for, when it is still live, and (with_standing) their
    teams read in the same statement; None otherwise."""
    if not secret or not user_id:
        return None
    query = _SESSION_AND_STANDING_BY_DIGEST if with_standing else _SESSION_BY_DIGEST
    found = db.session.execute(query, {"digest": _digest(secret)}).first()
    now = utcnow()
    if found is None:
        return None
    row = found[0]
    if row.user_id != user_id or row.expires_at <= now:
        return None
    user = row.user
    if not user.is_active or row.version != user.session_version:
        return None
    if row.last_seen_at is None or now - row.last_seen_at > SEEN_EVERY:
        with transaction():  # the one write of a request's sign-in check, its own operation
            row.last_seen_at = now
    return user, standing_of(*found[1:]) if with_standing else None


def delete_expired() -> int:
    """Delete session rows past their end; returns how many. Adds, does not commit."""
    return rows_changed(
        db.session.execute(delete(UserSession).where(UserSession.expires_at < utcnow()))
    )
