"""Slowing down password guessing without letting others lock a person out.

Only failures count, in three ways:
- per account *and browser*: every browser gets a signed device cookie (on its first visit to
  the sign-in page), so someone failing on purpose, even on the same school network (a whole
  school may share one address), never uses up another browser's tries;
- per account: failures from anywhere reach an account-wide limit, which only browsers that
  never signed in to that account feel (OWASP's "device cookies"): a browser that did is
  counted on its own, and a teacher's usual laptop is never locked out;
- per address: a broad ceiling across every account, for someone trying many accounts at once.
A request without a genuine device cookie (a script) is counted by account and address.
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from flask import Flask, after_this_request, current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer

from api.extensions import client_address, limiter

TOO_MANY = "Too many tries. Please wait a few minutes and try again."
KNOWN_BROWSER_COOKIE = "eaa_known_browser"
KNOWN_BROWSER_DAYS = 365
#: accounts remembered per browser: enough for a classroom's shared laptop
KNOWN_BROWSER_ACCOUNTS = 30
#: the cookie goes only to the sign-in endpoints (and the CSRF token the sign-in page reads)
DEVICE_COOKIE_PATH = "/api/v1/auth"
DEVICE_COOKIE_ENDPOINTS = frozenset({"auth.get_csrf", "auth.sign_in"})


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
    """This account on this browser; without a genuine device cookie, on this address."""
    device = _known_browser().get("id")
    if device:
        return f"{_login()}|browser|{device}"
    return f"{_login()}|{client_address()}"


def _new_device_cookie() -> str:
    return _serializer().dumps({"id": secrets.token_urlsafe(12), "accounts": []})


def _set_device_cookie(response, value: str) -> None:
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        value,
        max_age=KNOWN_BROWSER_DAYS * 24 * 60 * 60,
        path=DEVICE_COOKIE_PATH,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def _give_every_browser_a_device_cookie(response):
    """The sign-in page's first request (and any sign-in attempt) leaves a browser without a
    genuine device cookie with one, so its tries are its own from the first."""
    if request.endpoint not in DEVICE_COOKIE_ENDPOINTS or _known_browser().get("id"):
        return response
    if any(
        header.startswith(f"{KNOWN_BROWSER_COOKIE}=")
        for header in response.headers.getlist("Set-Cookie")
    ):
        return response  # a sign-in just set it
    _set_device_cookie(response, _new_device_cookie())
    return response


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
            _set_device_cookie(response, value)
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
    per_address = limiter.limit(
        lambda: current_app.config["SIGN_IN_ADDRESS_LIMITS"],
        key_func=lambda: f"address|{client_address()}",
        scope="sign-in-address",
        deduct_when=_failed,
        exempt_when=_signed_in_here_before,
        error_message=TOO_MANY,
    )
    return per_address(per_account(per_client(_remember_browser(view))))


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


def init_app(app: Flask) -> None:
    app.after_request(_give_every_browser_a_device_cookie)
