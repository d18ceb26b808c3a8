"""A person's identity (email, name) is owned once: who may change it, and how a change waits.

The rules, in order:
- the person changes their own name at once; their email only once they open a link sent to
  the new address (until then sign-in and resets use the old one);
- an admin or integration client of an organization that owns the person alone (they belong to
  no other) changes the name at once and the email through the same link to the new address;
- where the person also belongs to another organization, a change asked for by one of them
  waits for the person to agree, by a link to their current address (then, for an email, the
  new address is proved as above);
- an integration client (roster scopes) never changes the email of a person who holds a
  password: that person manages their own sign-in.
Every change, asked for or done, is written to the audit log of each organization the person
belongs to.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, update

from api.access import organization_ids_of
from api.actor import Actor
from api.audit import service as audit
from api.auth.models import PasswordReset
from api.db import utcnow
from api.errors import Conflict, Unauthorized, Unprocessable
from api.extensions import db
from api.mail import OutgoingEmail, one_line, send_after_response
from api.passwords import verify_password
from api.public_url import public_url
from api.transactions import on_commit, transactional
from api.users.models import IdentityChange, User
from api.users.service import check_email

EMAIL, NAME = "email", "display_name"
PERSON_AGREES, ADDRESS_PROVED = "person", "address"
LINK_HOURS = 72
LINK_NOT_VALID = "This link has expired or has already been used."
FIELD_WORDS = {EMAIL: "email address", NAME: "name"}
_HOLD_EMAILS = "eaa.identity.hold_emails"


@contextmanager
def emails_held() -> Iterator[None]:
    """For a dry run: changes are worked out (and rolled back by the caller) but no link is
    emailed."""
    info = db.session().info
    info[_HOLD_EMAILS] = True
    try:
        yield
    finally:
        info.pop(_HOLD_EMAILS, None)


@dataclass
class IdentityOutcome:
    """What a request to change someone's identity did, field by field."""

    changed: list[str] = field(default_factory=list)
    #: fields waiting for an emailed link to be opened
    pending: list[str] = field(default_factory=list)
    #: field → why it was left as it is (a roster sync reports these, it does not fail)
    kept: dict[str, str] = field(default_factory=dict)


def owned_alone_by(user_id: str, organization_id: str) -> bool:
    """True when the organization is the only one the person belongs to."""
    return organization_ids_of(user_id) == [organization_id]


def audit_everywhere(
    actor: Actor | None, user_id: str, action: str, details: dict, also: str | None = None
) -> None:
    """The same audit event in each organization the person belongs to (and `also`, the one
    that asked): every organization concerned can read what happened to its people."""
    for organization_id in sorted({*organization_ids_of(user_id), *([also] if also else [])}):
        audit.record(
            actor, organization_id, action, subject_type="user", subject_id=user_id, details=details
        )


def _by(actor: Actor, organization_id: str | None) -> str:
    if organization_id is None:
        return "person"
    return "client" if actor.is_client else "admin"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_email_free(user: User, email: str) -> None:
    if db.session.scalar(select(User.id).where(User.email == email, User.id != user.id)):
        raise Conflict(
            "Someone else already uses that email.", errors={"email": ["Already in use."]}
        )


def change_identity(
    actor: Actor,
    user: User,
    *,
    organization_id: str | None,
    display_name: str | None = None,
    email: str | None = None,
) -> IdentityOutcome:
    """Change (or ask to change) a person's name and email by the rules above; adds, does not
    commit. `organization_id` is the organization whose admin or client asks (the caller has
    checked they manage it and the person belongs to it), None when the person asks.

    Raises Conflict for an email someone else uses.
    """
    outcome = IdentityOutcome()
    by_person = organization_id is None
    alone = by_person or owned_alone_by(user.id, organization_id or "")
    by = _by(actor, organization_id)
    if display_name is not None and display_name != user.display_name:
        if alone:
            user.display_name = display_name
            outcome.changed.append(NAME)
            audit_everywhere(actor, user.id, "identity.name_changed", {"by": by}, organization_id)
        elif _ask(actor, user, NAME, display_name, organization_id, outcome):
            outcome.pending.append(NAME)
    if email is not None and email != user.email:
        check_email_free(user, email)
        if actor.is_client and user.password_hash is not None:
            outcome.kept[EMAIL] = (
                "This person signs in with a password, so only they can change their email."
            )
        elif _ask(actor, user, EMAIL, email, organization_id, outcome, agreed=alone):
            outcome.pending.append(EMAIL)
    return outcome


def _open_change(user: User, name: str) -> IdentityChange | None:
    return db.session.scalar(
        select(IdentityChange).where(
            IdentityChange.user_id == user.id,
            IdentityChange.field == name,
            IdentityChange.completed_at.is_(None),
            IdentityChange.cancelled_at.is_(None),
            IdentityChange.expires_at > utcnow(),
        )
    )


def _ask(
    actor: Actor,
    user: User,
    name: str,
    value: str,
    organization_id: str | None,
    outcome: IdentityOutcome,
    *,
    agreed: bool = False,
) -> bool:
    """Start a change that waits for a link (or find the same one already waiting): True when
    it waits, False when it can't be asked for (why goes in outcome.kept)."""
    step = ADDRESS_PROVED if agreed else PERSON_AGREES
    if step == PERSON_AGREES and not user.email:
        outcome.kept[name] = (
            "This person also belongs to another organization and has no email to confirm "
            "the change; they can change it themselves."
        )
        return False
    waiting = _open_change(user, name)
    if waiting is not None and waiting.new_value == value:
        return True  # already asked (a roster sync sends the same again): no second email
    if waiting is not None:
        waiting.cancelled_at = utcnow()
    change = IdentityChange(
        user_id=user.id,
        field=name,
        new_value=value,
        organization_id=organization_id,
        requested_by_id=actor.id,
        step=step,
        token_hash="",
        expires_at=utcnow() + timedelta(hours=LINK_HOURS),
    )
    db.session.add(change)
    _send_link(change, user)
    db.session.flush()
    audit_everywhere(
        actor,
        user.id,
        "identity.change_requested",
        {"field": name, "by": _by(actor, organization_id), "change_id": change.id, "step": step},
        organization_id,
    )
    return True


def _send_link(change: IdentityChange, user: User) -> None:
    """A new secret for the change's current step, emailed where that step is proved."""
    secret = secrets.token_urlsafe(32)
    change.token_hash = _digest(secret)
    base = public_url()
    # In the #fragment: browsers never send it to the server, so it stays out of access logs.
    link = f"{base}/confirm-change#token={secret}"
    words = FIELD_WORDS[change.field]
    greeting = f"Hello {one_line(user.display_name)},\n\n"
    ending = f"\n\n{link}\n\nThe link works once, within {LINK_HOURS} hours."
    if change.step == ADDRESS_PROVED:
        to = change.new_value
        subject = "Confirm your new email address"
        body = (
            f"{greeting}Your Inquiry cycles account will use this email address once you "
            f"confirm it here:{ending}\n\nIf you didn't expect this, ignore this email: "
            "nothing changes."
        )
    else:
        to = user.email or ""
        subject = f"Confirm a change to your {words}"
        shown = one_line(change.new_value)
        body = (
            f"{greeting}An organization you belong to asked to change your {words} in "
            f"Inquiry cycles to “{shown}”. It changes only if you agree here:{ending}\n\n"
            "If you don't agree, ignore this email: nothing changes."
        )
    if not db.session().info.get(_HOLD_EMAILS):
        email = OutgoingEmail(to=to, subject=subject, body=body)
        on_commit(lambda: send_after_response(email))


@transactional
def confirm_change(secret: str) -> dict:
    """Open an emailed link: the person agrees, or proves the new address. Returns what
    happened ({"field", "status": "changed" | "waiting_for_new_address"}).

    Raises Unprocessable for an unknown, used or expired link, Conflict when the new email
    has been taken meanwhile.
    """
    now = utcnow()
    change = db.session.scalar(
        select(IdentityChange).where(IdentityChange.token_hash == _digest(secret or ""))
    )
    if change is None or change.completed_at or change.cancelled_at or change.expires_at <= now:
        raise Unprocessable(LINK_NOT_VALID)
    user = change.user
    if change.field == EMAIL and change.step == PERSON_AGREES:
        change.step = ADDRESS_PROVED
        _send_link(change, user)
        details = {"field": EMAIL, "change_id": change.id, "step": ADDRESS_PROVED}
        audit_everywhere(Actor(user=user), user.id, "identity.change_agreed", details)
        return {"field": EMAIL, "status": "waiting_for_new_address"}
    # Claimed in one statement that checks it is still open: of two racing clicks, one wins.
    claimed = db.session.scalar(
        update(IdentityChange)
        .where(IdentityChange.id == change.id, IdentityChange.completed_at.is_(None))
        .values(completed_at=now)
        .returning(IdentityChange.id)
    )
    if claimed is None:
        raise Unprocessable(LINK_NOT_VALID)
    if change.field == EMAIL:
        check_email_free(user, change.new_value)
        user.email = change.new_value
        # Links sent to the old address stop working: the account now answers to the new one.
        db.session.execute(
            update(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        action = "identity.email_changed"
    else:
        user.display_name = change.new_value
        action = "identity.name_changed"
    audit_everywhere(Actor(user=user), user.id, action, {"by": "link", "change_id": change.id})
    return {"field": change.field, "status": "changed"}


def pending_fields(user_id: str) -> list[str]:
    """Fields of the person with a change waiting for a link."""
    return sorted(
        set(
            db.session.scalars(
                select(IdentityChange.field).where(
                    IdentityChange.user_id == user_id,
                    IdentityChange.completed_at.is_(None),
                    IdentityChange.cancelled_at.is_(None),
                    IdentityChange.expires_at > utcnow(),
                )
            )
        )
    )


@transactional
def change_my_identity(
    actor: Actor,
    *,
    display_name: str | None = None,
    email: str | None = None,
    current_password: str | None = None,
) -> IdentityOutcome:
    """The person changes their own name (at once) or email (once they open the link sent to
    the new address). A new email needs their current password, when they have one.

    Raises Unauthorized for a token or a client, Unprocessable for a wrong password or an
    email that doesn't look right, Conflict for an email someone else uses.
    """
    if actor.user is None or actor.scopes is not None:
        raise Unauthorized("Sign in with your password to change your name or email.")
    user = actor.user
    email = check_email(email)
    new_email = email is not None and email != user.email
    if new_email and not _password_matches(user, current_password):
        raise Unprocessable(
            "That is not your current password.",
            errors={"current_password": ["Give your current password to change your email."]},
        )
    name = (display_name or "").strip() or None
    return change_identity(actor, user, organization_id=None, display_name=name, email=email)


def _password_matches(user: User, password: str | None) -> bool:
    """True for a person without a password (they sign in through their LMS) or the right one."""
    return user.password_hash is None or verify_password(user.password_hash, password or "")
