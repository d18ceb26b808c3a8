"""Clearing out tokens and password-reset links nobody can use any more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_

from api.auth.models import ApiToken, PasswordReset
from api.auth.sessions import delete_expired as ended_sessions
from api.db import rows_changed, utcnow
from api.extensions import db
from api.transactions import transactional
from api.users.models import IdentityChange

#: how long a dead token stays listed, so its owner can see what happened to it
KEEP_DEAD_TOKENS = timedelta(days=30)


@transactional
def delete_stale_tokens() -> int:
    """Delete tokens revoked or expired more than KEEP_DEAD_TOKENS ago, password-reset and
    identity-change links expired a day ago (used or not), and ended sessions; returns how many
    rows went."""
    cutoff = utcnow() - KEEP_DEAD_TOKENS
    tokens = db.session.execute(
        delete(ApiToken).where(or_(ApiToken.revoked_at < cutoff, ApiToken.expires_at < cutoff))
    )
    resets = db.session.execute(
        delete(PasswordReset).where(PasswordReset.expires_at < utcnow() - timedelta(days=1))
    )
    changes = db.session.execute(
        delete(IdentityChange).where(IdentityChange.expires_at < utcnow() - timedelta(days=1))
    )
    return rows_changed(tokens) + rows_changed(resets) + rows_changed(changes) + ended_sessions()
