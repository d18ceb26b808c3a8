"""Slowing down password guessing: failed sign-ins are limited per account and client.

Only failures count, and the tighter limit is per account *and* address, so a stranger cannot
lock a teacher out by failing on purpose from elsewhere for more than a short while.
"""

from __future__ import annotations

from flask import current_app, request

from api.extensions import client_address, limiter

TOO_MANY = "Too many tries. Please wait a few minutes and try again."


def _login() -> str:
    body = request.get_json(silent=True)
    login = body.get("login") if isinstance(body, dict) else ""
    return str(login or "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code == 401


def limit_sign_in(view):
    per_client = limiter.limit(
        lambda: current_app.config["SIGN_IN_LIMITS"],
        key_func=lambda: f"{_login()}|{client_address()}",
        scope="sign-in",
        deduct_when=_failed,
        error_message=TOO_MANY,
    )
    per_account = limiter.limit(
        lambda: current_app.config["SIGN_IN_ACCOUNT_LIMITS"],
        key_func=lambda: f"account|{_login()}",
        scope="sign-in-account",
        deduct_when=_failed,
        error_message=TOO_MANY,
    )
    return per_account(per_client(view))
