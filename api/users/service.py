"""Creating accounts and keeping their logins unique."""

from __future__ import annotations

from sqlalchemy import select

from api.auth.passwords import check_new_password, hash_password
from api.extensions import db
from api.problems import Conflict, Unprocessable
from api.users.models import User


def normalise_login(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


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
