"""Creating accounts and keeping their logins unique."""

from __future__ import annotations

import re

from sqlalchemy import select

from api.errors import Conflict, Unprocessable
from api.extensions import db
from api.passwords import check_new_password, hash_password
from api.users.models import User


def normalise_login(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


def check_email(value: str | None) -> str | None:
    """The email, lower-case, or None; raises Unprocessable for one that can't be an address
    (no spaces or line breaks: it goes into email headers)."""
    email = normalise_login(value)
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise Unprocessable("That email doesn't look right.", errors={"email": ["Not an email."]})
    return email


def create_user(
    *,
    display_name: str,
    email: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> User:
    """Add (not commit) a user; raises Unprocessable or Conflict for bad or taken logins."""
    email, username = normalise_login(email), normalise_login(username)
    if not email and not username:
        raise Unprocessable(
            "Give an email or a username.",
            errors={"email": ["Give an email or a username (students may have no email)."]},
        )
    if password is not None:
        check_new_password(password)
    if email and db.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("Someone already uses that email.", errors={"email": ["Already in use."]})
    if username and db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(
            "Someone already uses that username.", errors={"username": ["Already in use."]}
        )
    user = User(
        email=email,
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user
