"""Integration clients of an organization: creating and revoking them, and letting their
access tokens act for the organization within their scopes and rate limit."""

from __future__ import annotations

import secrets
import time

from flask import current_app
from limits import parse
from limits.errors import StorageError
from sqlalchemy import Select, select, update

from api.access import require_org_admin
from api.actor import CLIENT_SCOPES, Actor
from api.audit import service as audit
from api.db import utcnow
from api.errors import Conflict, Forbidden, NotFound, ServiceError, Unauthorized, Unprocessable
from api.extensions import db, limiter
from api.http_conventions import remember_rate_limit
from api.integrations.models import IntegrationClient, IntegrationToken, digest
from api.transactions import transactional

CLIENT_ID_PREFIX = "eaa-client-"
SECRET_PREFIX = "eaacs_"
CLIENT_NOT_FOUND = "We couldn't find that integration client."
TOKEN_NOT_VALID = "This token is not valid. It may have expired or been revoked."


class TooManyRequests(ServiceError):
    status = 429


def _require_person_admin(actor: Actor, organization_id: str) -> None:
    require_org_admin(actor, organization_id)
    if actor.scopes is not None:
        # A token cannot mint credentials: that would let a narrow token widen itself.
        raise Forbidden("Sign in with your password to manage integration clients.")


def _checked_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(CLIENT_SCOPES))
    if unknown:
        raise Unprocessable(
            "Unknown scope.",
            errors={"scopes": [f"Unknown: {', '.join(unknown)}. Use {', '.join(CLIENT_SCOPES)}."]},
        )
    return [scope for scope in CLIENT_SCOPES if scope in scopes]


@transactional
def create_client(
    actor: Actor, organization_id: str, *, name: str, scopes: list[str]
) -> tuple[IntegrationClient, str]:
    """Org admins add a client; returns it and its secret (shown once, stored hashed)."""
    _require_person_admin(actor, organization_id)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    client = IntegrationClient(
        organization_id=organization_id,
        name=name.strip(),
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(12),
        secret_hash=digest(secret),
        scopes=_checked_scopes(scopes),
        created_by_id=actor.id,
    )
    db.session.add(client)
    db.session.flush()
    audit.record(
        actor,
        organization_id,
        "integration_client.created",
        subject_type="integration_client",
        subject_id=client.id,
        details={"client_id": client.client_id, "scopes": client.scopes},
    )
    return client, secret


def clients(actor: Actor, organization_id: str, *, active: bool | None = None) -> Select:
    """The organization's clients, newest first."""
    _require_person_admin(actor, organization_id)
    query = (
        select(IntegrationClient)
        .where(IntegrationClient.organization_id == organization_id)
        .order_by(IntegrationClient.created_at.desc(), IntegrationClient.id)
    )
    if active is not None:
        revoked = IntegrationClient.revoked_at
        query = query.where(revoked.is_(None) if active else revoked.is_not(None))
    return query


def get_client(actor: Actor, organization_id: str, client_id: str) -> IntegrationClient:
    _require_person_admin(actor, organization_id)
    client = db.session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    )
    if client is None or client.organization_id != organization_id:
        raise NotFound(CLIENT_NOT_FOUND)
    return client


@transactional
def revoke_client(actor: Actor, organization_id: str, client_id: str) -> None:
    """Revoke a client and every token it holds; its next request is refused."""
    client = get_client(actor, organization_id, client_id)
    now = utcnow()
    if client.revoked_at is None:
        client.revoked_at = now
    db.session.execute(
        update(IntegrationToken)
        .where(IntegrationToken.client_id == client.id, IntegrationToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    audit.record(
        actor,
        organization_id,
        "integration_client.revoked",
        subject_type="integration_client",
        subject_id=client.id,
        details={"client_id": client.client_id},
    )


@transactional
def rotate_secret(
    actor: Actor, organization_id: str, client_id: str
) -> tuple[IntegrationClient, str]:
    """Give a client a new secret (shown once); the old one and every token it got stop
    working at once, since whoever saw the old secret may hold those too.

    Raises Conflict for a revoked client.
    """
    client = get_client(actor, organization_id, client_id)
    if client.revoked_at is not None:
        raise Conflict("This client is revoked. Create a new one instead.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    client.secret_hash = digest(secret)
    db.session.execute(
        update(IntegrationToken)
        .where(IntegrationToken.client_id == client.id, IntegrationToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    audit.record(
        actor,
        organization_id,
        "integration_client.secret_rotated",
        subject_type="integration_client",
        subject_id=client.id,
        details={"client_id": client.client_id},
    )
    return client, secret


def actor_for_access_token(secret: str) -> Actor:
    """The client an access token speaks for; Unauthorized when unknown, expired or revoked."""
    row = db.session.execute(
        select(IntegrationToken, IntegrationClient)
        .join(IntegrationClient, IntegrationClient.id == IntegrationToken.client_id)
        .where(IntegrationToken.token_hash == digest(secret))
    ).first()
    if row is None:
        raise Unauthorized(TOKEN_NOT_VALID)
    token, client = row
    if token.revoked_at is not None or token.expires_at <= utcnow() or not client.is_active:
        raise Unauthorized(TOKEN_NOT_VALID)
    return Actor(
        scopes=frozenset(token.scopes),
        client_id=client.id,
        organization_id=client.organization_id,
    )


def limit_client(client_id: str) -> None:
    """Count a request against the client's own limit: a school shares one address."""
    rate = parse(current_app.config["INTEGRATION_CLIENT_RATE_LIMIT"])
    try:
        allowed = limiter.limiter.hit(rate, "integration-client", client_id)
        reset_at, remaining = limiter.limiter.get_window_stats(
            rate, "integration-client", client_id
        )
    except StorageError:
        return  # Redis is down: serve the client; this limit is about fairness, not safety
    remember_rate_limit(rate.amount, remaining, reset_at)
    if not allowed:
        wait = max(1, int(reset_at - time.time()))
        raise TooManyRequests(
            "This client has made too many requests. Please slow down and try again shortly.",
            headers={"Retry-After": str(wait)},
        )
