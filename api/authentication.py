"""Per-request authentication: who is calling, may they, and is the browser's request genuine.

Above the domains: it reads people's sessions and tokens (api.auth) and integration clients'
tokens (api.integrations); only the app factory imports it. Starting and ending a browser's
session is api/auth/cookie.py."""

from __future__ import annotations

import hmac

from flask import Flask, current_app, g, request, session

from api import http_conventions
from api.actor import READ, WRITE, Actor
from api.auth import sessions, sign_in_limits
from api.auth.cookie import CSRF_HEADER
from api.auth.service import actor_for_bearer
from api.blueprint import PEOPLE, Access, access_of
from api.errors import Forbidden, Unauthorized
from api.http_conventions import bearer_challenge
from api.integrations import service as integrations
from api.integrations.oauth import ACCESS_TOKEN_PREFIX

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _load_actor(access: Access) -> None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret:
            raise Unauthorized(
                "Use an Authorization header of the form 'Bearer <token>'.",
                headers={"WWW-Authenticate": bearer_challenge("invalid_request")},
            )
        g.actor = _token_actor(secret)
        if g.actor.is_client:
            # An organization's integration client: its scopes and rate limit, not a person's.
            integrations.limit_client(g.actor.client_id or "")
            needed = access.client_scope
            if needed is None and not access.public:
                raise Forbidden("Integration clients can't use this endpoint; it is for people.")
        else:
            needed = READ if request.method in SAFE_METHODS else WRITE
        if needed and not g.actor.has_scope(needed):
            raise Forbidden(
                f"This token needs the '{needed}' scope for this request.",
                headers={
                    "WWW-Authenticate": bearer_challenge(
                        "insufficient_scope",
                        f"This request needs the '{needed}' scope.",
                        scope=needed,
                    )
                },
            )
        return
    user_id = session.get("uid")
    if user_id:
        # A session signed out of, or from before a sign-out everywhere or a new password, is
        # over: copies of its cookie included.
        # A read changes no one's teams, so their standing is read once, with the session.
        live = sessions.user_for(
            session.get("sid"), user_id, with_standing=request.method in SAFE_METHODS
        )
        if live is None or session.get("ver") != live[0].session_version:
            session.clear()
        else:
            g.actor = Actor(user=live[0], standing=live[1])
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent, expected):
            raise Forbidden(
                "This request is missing its security token. Reload the page and try again."
            )


def _token_actor(secret: str) -> Actor:
    """The person or integration client a bearer token speaks for (RFC 6750 invalid_token)."""
    try:
        if secret.startswith(ACCESS_TOKEN_PREFIX):
            return integrations.actor_for_access_token(secret)
        # A read changes no one's teams, so their standing is read once, with the token.
        return actor_for_bearer(secret, with_standing=request.method in SAFE_METHODS)
    except Unauthorized as error:
        challenge = bearer_challenge("invalid_token", error.detail)
        raise Unauthorized(error.detail, headers={"WWW-Authenticate": challenge}) from None


def _authenticate() -> None:
    # Each request proves who it is afresh (an app context, and g, can outlive one request).
    g.pop("actor", None)
    if not request.path.startswith("/api/v1"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return  # no such route or method: 404 or 405, whoever asks
    access = access_of(view) or PEOPLE
    if access.own_credentials:
        return
    _load_actor(access)
    if g.get("actor") is None and not access.public:
        raise Unauthorized("Please sign in first.")


def init_app(app: Flask) -> None:
    http_conventions.init_app(app)  # first: it forgets the last request's rate limit
    app.before_request(_authenticate)
    sign_in_limits.init_app(app)
