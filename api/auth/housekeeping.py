"""Clearing out tokens nobody can use any more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_

from api.auth.models import ApiToken
from api.db import utcnow
from api.extensions import db

#: how long a dead token stays listed, so its owner can see what happened to it
KEEP_DEAD_TOKENS = timedelta(days=30)


def delete_stale_tokens() -> int:
    """Delete tokens revoked or expired more than KEEP_DEAD_TOKENS ago; returns how many."""
    cutoff = utcnow() - KEEP_DEAD_TOKENS
    result = db.session.execute(
        delete(ApiToken).where(or_(ApiToken.revoked_at < cutoff, ApiToken.expires_at < cutoff))
    )
    db.session.commit()
    return result.rowcount or 0
