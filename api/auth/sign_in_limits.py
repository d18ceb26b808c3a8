"""Slowing down password guessing: failed sign-ins are limited per account and client.

Only failures count. The tighter limit is per account *and* client, so a stranger failing on
purpose from elsewhere does not lock a teacher out. Failures from many addresses reach the
account-wide limit, which only browsers that never signed in to that account feel: a browser
that did carries a signed cookie saying so, and is counted on its own, not by its address
(a whole school may share one), nor against the account (OWASP's "device cookies").
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from flask import after_this_request, current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer

from api.extensions import client_address, limiter

TOO_MANY = "Too many tries. Please wait a few minutes and try again."
KNOWN_BROWSER_COOKIE = "eaa_known_browser"
KNOWN_BROWSER_DAYS = 365
#: accounts remembered per browser: enough for a classroom's shared laptop
KNOWN_BROWSER_ACCOUNTS = 30


def _login() -> str:
    body = request.get_json(silent=True)
    login = body.get("login") if isinstance(body, dict) else ""
    return str(login or "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code == 401


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-browser")


def _mark(login: str) -> str:
    # A digest, not the login: the cookie does not tell who signed in on this browser.
    return hashlib.sha256(login.encode()).hexdigest()[:20]


def _known_browser() -> dict:
    """The cookie's {"id", "accounts"}, when it is genuine; {} otherwise."""
    try:
        found = _serializer().loads(request.cookies.get(KNOWN_BROWSER_COOKIE, ""))
    except BadSignature:
        return {}
    return found if isinstance(found, dict) and isinstance(found.get("accounts"), list) else {}


def _signed_in_here_before() -> bool:
    return _mark(_login()) in _known_browser().get("accounts", [])


def _client_key() -> str:
    if _signed_in_here_before():
        return f"{_login()}|browser|{_known_browser().get('id')}"
    return f"{_login()}|{client_address()}"


def _remember_browser(view):
    """After a successful sign-in, this browser is known to the account from now on."""

    @functools.wraps(view)
    def remembering(*args, **kwargs):
        result = view(*args, **kwargs)
        known = _known_browser()
        mark = _mark(_login())
        accounts = [mark] + [other for other in known.get("accounts", []) if other != mark]
        value = _serializer().dumps(
            {
                "id": known.get("id") or secrets.token_urlsafe(12),
                "accounts": accounts[:KNOWN_BROWSER_ACCOUNTS],
            }
        )

        @after_this_request
        def set_cookie(response):
            response.set_cookie(
                KNOWN_BROWSER_COOKIE,
                value,
                max_age=KNOWN_BROWSER_DAYS * 24 * 60 * 60,
                path=request.path,
                secure=current_app.config["SESSION_COOKIE_SECURE"],
                httponly=True,
                samesite="Lax",
            )
            return response

        return result

    return remembering


def limit_sign_in(view):
    per_client = limiter.limit(
        lambda: current_app.config["SIGN_IN_LIMITS"],
        key_func=_client_key,
        scope="sign-in",
        deduct_when=_failed,
        error_message=TOO_MANY,
    )
    per_account = limiter.limit(
        lambda: current_app.config["SIGN_IN_ACCOUNT_LIMITS"],
        key_func=lambda: f"account|{_login()}",
        scope="sign-in-account",
        deduct_when=_failed,
        exempt_when=_signed_in_here_before,
        error_message=TOO_MANY,
    )
    return per_account(per_client(_remember_browser(view)))


def limit_reset_requests(view):
    """Asking for reset links, counted per account and per address whatever the answer: no one
    floods an inbox, and a 429 says nothing about whether the account exists."""
    per_account = limiter.limit(
        lambda: current_app.config["PASSWORD_RESET_LIMITS"],
        key_func=lambda: f"reset|{_login()}",
        scope="password-reset",
        error_message=TOO_MANY,
    )
    per_client = limiter.limit(
        lambda: current_app.config["PASSWORD_RESET_CLIENT_LIMITS"],
        key_func=client_address,
        scope="password-reset-client",
        error_message=TOO_MANY,
    )
    return per_client(per_account(view))


def limit_password_change(view):
    """Wrong current passwords count like failed sign-ins: a borrowed session cannot guess on."""
    return limiter.limit(
        lambda: current_app.config["SIGN_IN_LIMITS"],
        key_func=lambda: f"password|{session.get('uid') or client_address()}",
        scope="password-change",
        deduct_when=lambda response: response.status_code == 422,
        error_message=TOO_MANY,
    )(view)
