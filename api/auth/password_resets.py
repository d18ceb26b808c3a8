"""Choosing a new password through a link sent by email: single use, expiring, stored hashed.

Asking for a link answers the same whether or not the account exists, and the email goes out
after the answer has been sent, so neither the answer nor its timing tells who has an account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from api.actor import Actor
from api.auth.identity import audit_everywhere
from api.auth.models import PasswordReset
from api.auth.service import find_user_by_login, revoke_every_token, set_password
from api.db import utcnow
from api.errors import Unprocessable
from api.extensions import db
from api.mail import OutgoingEmail
from api.passwords import check_new_password
from api.public_url import public_url
from api.transactions import transactional

LINK_SENT = (
    "If an account with an email address matches, we've emailed it a link to choose a new password."
)
LINK_NOT_VALID = "This link has expired or has already been used. Please ask for a new one."


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transactional
def request_reset(login: str) -> OutgoingEmail | None:
    """Make a reset link for the active account with this login and an email address.

    Returns the email to send, or None when there is no one to send it to; callers answer
    the same either way.
    """
    user = find_user_by_login(login)
    if user is None or not user.is_active or not user.email:
        return None
    secret = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_digest(secret),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    # In the #fragment: browsers never send it to the server, so it stays out of access logs.
    link = f"{public_url()}/reset-password#token={secret}"
    body = (
        f"Hello {user.display_name},\n\n"
        "Someone asked to reset the password of your Inquiry cycles account. "
        "If it was you, choose a new password here:\n\n"
        f"{link}\n\n"
        f"The link works once, within {minutes} minutes.\n\n"
        "If it wasn't you, you can ignore this email: your password stays as it is."
    )
    return OutgoingEmail(to=user.email, subject="Choose a new password", body=body)


@transactional
def complete_reset(secret: str, password: str) -> None:
    """Set a new password with a reset link's secret; the link is used up, every session of
    the person ends and their access tokens are turned off (a reset is how someone takes their
    account back: whoever else was in it, by cookie or token, is out). Raises Unprocessable for
    a password that breaks the rule (the link still works) or a link that is unknown, expired
    or used."""
    check_new_password(password)
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _digest(secret))
    )
    now = utcnow()
    if reset is None or reset.expires_at <= now or not reset.user.is_active:
        raise Unprocessable(LINK_NOT_VALID)
    # Used up in one statement that checks it is unused: of two requests racing with the same
    # link, one wins.
    claimed = db.session.scalar(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .returning(PasswordReset.id)
    )
    if claimed is None:
        raise Unprocessable(LINK_NOT_VALID)
    set_password(reset.user, password)
    revoke_every_token(reset.user)
    audit_everywhere(
        Actor(user=reset.user), reset.user.id, "identity.password_reset", {"by": "link"}
    )
