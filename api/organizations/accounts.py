"""What an admin does for a person's account: invite them (a set-password link by email), set
a password for someone without email, turn the account off and on again.

Only for people the organization has alone: someone who also belongs to another organization
manages their own sign-in, and one school must not lock them out of another.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from api.access import require_org_admin
from api.actor import Actor
from api.audit import service as audit
from api.auth.models import PasswordReset
from api.auth.service import end_every_session, revoke_every_token, set_password
from api.db import utcnow
from api.errors import Conflict, NotFound, ServiceError, Unprocessable
from api.extensions import db
from api.mail import TRANSIENT_MAIL_ERRORS, send_email
from api.organizations.models import Organization, OrgMembership
from api.public_url import public_url
from api.transactions import transactional
from api.users.models import User

#: an invitation waits longer than a forgotten-password link: people read school mail weekly
INVITATION_DAYS = 7


class MailUnavailable(ServiceError):
    status = 503


@dataclass(frozen=True)
class Invitation:
    to: str
    subject: str
    body: str


def _membership(organization_id: str, user_id: str) -> OrgMembership:
    membership = db.session.scalar(
        select(OrgMembership).where(
            OrgMembership.organization_id == organization_id, OrgMembership.user_id == user_id
        )
    )
    if membership is None:
        raise NotFound("We couldn't find that person in this organization.")
    return membership


def _person(actor: Actor, organization_id: str, user_id: str) -> tuple[Organization, User]:
    """The organization (the actor administers it) and its person, owned by it alone."""
    organization = require_org_admin(actor, organization_id)
    user = _membership(organization_id, user_id).user
    others = db.session.scalar(
        select(func.count(OrgMembership.id)).where(
            OrgMembership.user_id == user_id, OrgMembership.organization_id != organization_id
        )
    )
    if others:
        raise Conflict(
            "This person also belongs to another organization, so they manage their own "
            "sign-in. You can take them out of this one instead."
        )
    return organization, user


@transactional
def _make_invitation(actor: Actor, organization_id: str, user_id: str) -> Invitation:
    organization, user = _person(actor, organization_id, user_id)
    if not user.email:
        raise Unprocessable(
            "This person has no email address.",
            errors={"email": ["Set a password for them instead, and tell them in person."]},
        )
    if not user.is_active:
        raise Conflict("This account is turned off. Turn it back on first.")
    secret = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hashlib.sha256(secret.encode()).hexdigest(),
            expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
        )
    )
    first_time = user.password_hash is None
    audit.record(
        actor,
        organization_id,
        "person.invited" if first_time else "person.password_reset_sent",
        subject_type="user",
        subject_id=user.id,
    )
    # In the #fragment: browsers never send it to the server, so it stays out of access logs.
    link = f"{public_url()}/reset-password#token={secret}"
    sender = actor.user.display_name if actor.user else organization.name
    if first_time:
        subject = f"Your account at {organization.name}"
        opening = (
            f"{sender} has made you an account at {organization.name} in Inquiry cycles. "
            "Choose your password here to sign in:"
        )
    else:
        subject = "Choose a new password"
        opening = f"{sender} at {organization.name} sent you a link to choose a new password:"
    body = (
        f"Hello {user.display_name},\n\n{opening}\n\n{link}\n\n"
        f"The link works once, within {INVITATION_DAYS} days. "
        f"You sign in with this email address, {user.email}."
    )
    return Invitation(to=user.email, subject=" ".join(subject.split()), body=body)


def send_invitation(actor: Actor, organization_id: str, user_id: str) -> str:
    """Email the person a link to choose a password: an invitation when they have none yet,
    a reset otherwise. Returns the address it went to.

    Raises NotFound, Forbidden, Conflict (another organization's person, or turned off),
    Unprocessable (no email), MailUnavailable (the mail server did not take it; try again).
    """
    invitation = _make_invitation(actor, organization_id, user_id)
    try:
        send_email(invitation.to, invitation.subject, invitation.body)
    except TRANSIENT_MAIL_ERRORS:
        raise MailUnavailable(
            "We couldn't send the email just now. Please try again in a few minutes."
        ) from None
    return invitation.to


@transactional
def set_password_for(actor: Actor, organization_id: str, user_id: str, password: str) -> User:
    """Give a person (a student without email, say) a new password; their sessions and tokens
    end. Raises Unprocessable for a password that breaks the rule."""
    _, user = _person(actor, organization_id, user_id)
    set_password(user, password)
    revoke_every_token(user)
    audit.record(
        actor, organization_id, "person.password_set", subject_type="user", subject_id=user.id
    )
    return user


@transactional
def set_active(actor: Actor, organization_id: str, user_id: str, active: bool) -> tuple[User, bool]:
    """Turn an account off (no sign-in, sessions and tokens end; their work stays) or on;
    returns the person and whether they are an admin. Raises Conflict for yourself or an
    admin (take the rights away first)."""
    _, user = _person(actor, organization_id, user_id)
    is_admin = _membership(organization_id, user_id).is_admin
    if not active and user.id == actor.id:
        raise Conflict("You can't turn off your own account.")
    if not active and is_admin:
        raise Conflict("Take away their admin rights first.")
    if user.is_active == active:
        return user, is_admin
    user.is_active = active
    if not active:
        end_every_session(user)
        revoke_every_token(user)
    audit.record(
        actor,
        organization_id,
        "person.reactivated" if active else "person.deactivated",
        subject_type="user",
        subject_id=user.id,
    )
    return user, is_admin
