"""Signing in with a password, and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from api.auth.actor import ALL_SCOPES, Actor
from api.auth.models import ApiToken
from api.auth.passwords import hash_password, needs_rehash, verify_password
from api.db import utcnow
from api.extensions import db
from api.problems import NotFound, Unauthorized, Unprocessable
from api.users.models import User

TOKEN_PREFIX = "eaa_"
MAX_TOKEN_DAYS = 366

SIGN_IN_FAILED = "That didn't work. Check your email or username and your password."


def find_user_by_login(login: str) -> User | None:
    login = login.strip().lower()
    column = User.email if "@" in login else User.username
    return db.session.scalar(select(User).where(column == login))


def authenticate(login: str, password: str) -> User:
    """Return the active user with this login and password; raises Unauthorized otherwise."""
    user = find_user_by_login(login)
    ok = verify_password(user.password_hash if user else None, password)
    if not user or not ok or not user.is_active:
        raise Unauthorized(SIGN_IN_FAILED)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.session.commit()
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


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
    db.session.commit()
    return token, secret


def list_tokens(actor: Actor):
    return (
        select(ApiToken)
        .where(ApiToken.user_id == actor.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )


def revoke_token(actor: Actor, token_id: str) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound("We couldn't find that token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def actor_for_bearer(secret: str) -> Actor:
    """The actor a bearer token speaks for; raises Unauthorized when unknown, expired or revoked."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise Unauthorized("This token is not valid. It may have expired or been revoked.")
    if not token.user.is_active:
        raise Unauthorized("This token is not valid. It may have expired or been revoked.")
    # Write last-used at most once a minute: reads stay cheap under load.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return Actor(user=token.user, scopes=frozenset(token.scopes))
