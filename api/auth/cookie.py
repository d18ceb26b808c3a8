"""The browser's session cookie: starting, keeping and ending a signed-in session (a row on the
server, api/auth/sessions.py; the cookie holds its secret), and its anti-forgery token.
Who a request speaks for is read in api/authentication.py."""

from __future__ import annotations

import secrets

from flask import g, session

from api.actor import Actor
from api.auth import sessions
from api.transactions import transaction
from api.users.models import User

CSRF_HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    """The session's anti-forgery token, created on first use."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def begin_session(user: User) -> None:
    """Start a fresh session: nothing planted before sign-in survives it (session fixation).
    The session is a row on the server; the cookie holds its secret. Commits."""
    session.clear()
    session.permanent = True
    with transaction():
        secret = sessions.start(user)
    session["uid"] = user.id
    session["sid"] = secret
    session["ver"] = user.session_version
    g.actor = Actor(user=user)


def keep_session(user: User) -> None:
    """Keep this browser signed in after every session of the person ended (a new password):
    a new session row for it, the same anti-forgery token. Commits."""
    if session.get("uid") == user.id:
        with transaction():
            session["sid"] = sessions.start(user)
        session["ver"] = user.session_version


def end_session() -> None:
    """Sign out of this browser: its session row goes, so copies of the cookie stop too."""
    with transaction():
        sessions.end(session.get("sid"))
    session.clear()
    g.pop("actor", None)
