"""Signing in with a password, changing it, signing out everywhere, and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from api.access import person_standing_columns, standing_of
from api.actor import ALL_SCOPES, Actor
from api.auth import identity, sessions
from api.auth.models import ApiToken, PasswordReset
from api.db import utcnow
from api.errors import NotFound, Unauthorized, Unprocessable
from api.extensions import db
from api.passwords import check_new_password, hash_password, needs_rehash, verify_password
from api.transactions import transaction, transactional
from api.users.models import User

TOKEN_PREFIX = "eaa_"
MAX_TOKEN_DAYS = 366

SIGN_IN_FAILED = "That didn't work. Check your email or username and your password."


def find_user_by_login(login: str) -> User | None:
    login = login.strip().lower()
    column = User.email if "@" in login else User.username
    return db.session.scalar(select(User).where(column == login))


@transactional
def authenticate(login: str, password: str) -> User:
    """Return the active user with this login and password; raises Unauthorized otherwise."""
    user = find_user_by_login(login)
    ok = verify_password(user.password_hash if user else None, password)
    if not user or not ok or not user.is_active:
        raise Unauthorized(SIGN_IN_FAILED)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    return user


def end_every_session(user: User) -> None:
    """Move the person's session version on: every session cookie they hold stops working.
    The caller commits."""
    user.session_version += 1
    sessions.end_all(user.id)


def revoke_every_token(user: User) -> None:
    """Turn off every personal access token the person holds; the caller commits."""
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def set_password(user: User, password: str, *, field: str = "password") -> None:
    """Set a new password (checked by the one rule), end every session and every outstanding
    reset link; the caller commits. Raises Unprocessable, naming `field`, for a password that
    breaks the rule."""
    check_new_password(password, field)
    user.password_hash = hash_password(password)
    end_every_session(user)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


@transactional
def change_password(actor: Actor, current_password: str, new_password: str) -> User:
    """Change the actor's password after checking the current one; other sessions end.

    Raises Unauthorized for a token (only a person who signed in may), Unprocessable for a
    wrong current password or a new one that breaks the rule.
    """
    if actor.scopes is not None or actor.user is None:
        raise Unauthorized("Sign in with your password to change it.")
    user = actor.user
    if not verify_password(user.password_hash, current_password):
        raise Unprocessable(
            "That is not your current password.",
            errors={"current_password": ["That isn't your current password. Try again."]},
        )
    set_password(user, new_password, field="new_password")
    identity.audit_everywhere(actor, user.id, "identity.password_changed", {"by": "person"})
    return user


@transactional
def sign_out_everywhere(actor: Actor) -> None:
    """End every session of the actor, on every device (this one included)."""
    if actor.user is None:
        raise Unauthorized("Please sign in first.")
    end_every_session(actor.user)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transactional
def create_token(actor: Actor, *, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """Create a token for the actor; returns the row and the secret (shown once, never stored)."""
    if actor.scopes is not None:
        # A token cannot mint tokens: that would let a narrow token widen itself.
        raise Unauthorized("Sign in with your password to create tokens.")
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise Unprocessable("Unknown scope.", errors={"scopes": [f"Unknown: {', '.join(unknown)}"]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.id,
        name=name.strip(),
        token_hash=_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        scopes=sorted(set(scopes)),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    return token, secret


def list_tokens(actor: Actor):
    return (
        select(ApiToken)
        .where(ApiToken.user_id == actor.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )


@transactional
def revoke_token(actor: Actor, token_id: str) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound("We couldn't find that token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()


#: Every request with a token runs this, so it is built once (SQLAlchemy then skips building
#: and keying it each time): the person as an object, the token's few columns as a row.
_TOKEN_COLUMNS = (
    User,
    ApiToken.id,
    ApiToken.scopes,
    ApiToken.expires_at,
    ApiToken.revoked_at,
    ApiToken.last_used_at,
)
_TOKEN_BY_DIGEST = (
    select(*_TOKEN_COLUMNS)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)
#: The same with the person's teams and organizations, for reads (see api.access.team_access).
_TOKEN_AND_STANDING_BY_DIGEST = (
    select(*_TOKEN_COLUMNS, *person_standing_columns(User.id))
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def actor_for_bearer(secret: str, *, with_standing: bool = False) -> Actor:
    """The actor a bearer token speaks for; raises Unauthorized when unknown, expired or revoked.

    with_standing reads the person's teams in the same statement (for a request that changes
    no memberships, so what it read stays true while the request lasts).
    """
    query = _TOKEN_AND_STANDING_BY_DIGEST if with_standing else _TOKEN_BY_DIGEST
    row = db.session.execute(query, {"digest": _digest(secret)}).first()
    now = utcnow()
    if row is None:
        raise Unauthorized("This token is not valid. It may have expired or been revoked.")
    user, token_id, scopes, expires_at, revoked_at, last_used_at = row[:6]
    if revoked_at is not None or expires_at <= now or not user.is_active:
        raise Unauthorized("This token is not valid. It may have expired or been revoked.")
    # Write last-used at most once a minute: a read otherwise commits nothing here.
    if last_used_at is None or now - last_used_at > timedelta(minutes=1):
        with transaction():
            db.session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
    return Actor(
        user=user,
        scopes=frozenset(scopes),
        standing=standing_of(*row[6:]) if with_standing else None,
    )
