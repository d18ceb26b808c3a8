"""The OAuth2 authorization server for integration clients, built from Authlib's parts.

RFC 6749 client credentials at the token endpoint (HTTP Basic or form credentials), RFC 7009
revocation. Authlib answers errors the RFC way: JSON `{error, error_description}`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidClientError, InvalidRequestError
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from flask import current_app, request
from sqlalchemy import select

from api.actor import CLIENT_SCOPES
from api.db import utcnow
from api.extensions import db
from api.integrations.models import (
    AUTH_METHODS,
    IntegrationClient,
    IntegrationToken,
    OAuthClient,
    digest,
)
from api.transactions import transaction

#: access tokens of integration clients start so; personal access tokens start with "eaa_"
ACCESS_TOKEN_PREFIX = "eaac_"


def token_seconds() -> int:
    return int(current_app.config["INTEGRATION_TOKEN_SECONDS"])


def _expires_in(client, grant_type) -> int:
    return token_seconds()


def _new_access_token(**_context) -> str:
    return ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = list(AUTH_METHODS)
    SUPPORTED_TOKEN_TYPES = ("access_token",)

    def query_token(self, token_string: str, token_type_hint: str | None):
        return db.session.scalar(
            select(IntegrationToken).where(IntegrationToken.token_hash == digest(token_string))
        )

    def revoke_token(self, token: IntegrationToken, request) -> None:
        with transaction():
            if token.revoked_at is None:
                token.revoked_at = utcnow()


class OAuthServer(AuthorizationServer):
    def query_client(self, client_id: str) -> OAuthClient | None:
        """Only clients that are still active can authenticate."""
        row = db.session.scalar(
            select(IntegrationClient).where(
                IntegrationClient.client_id == client_id, IntegrationClient.revoked_at.is_(None)
            )
        )
        return OAuthClient(row) if row else None

    def save_token(self, token: dict, oauth_request) -> None:
        client: IntegrationClient = oauth_request.client.row
        now = utcnow()
        with transaction():
            db.session.add(
                IntegrationToken(
                    client_id=client.id,
                    token_hash=digest(token["access_token"]),
                    scopes=token.get("scope", "").split(),
                    created_at=now,
                    expires_at=now + timedelta(seconds=token["expires_in"]),
                )
            )
            client.last_used_at = now

    def send_signal(self, name, *args, **kwargs) -> None:
        """No Flask signals: nothing here listens to them."""


server = OAuthServer()
server.scopes_supported = list(CLIENT_SCOPES)
server.register_token_generator(
    "default",
    BearerTokenGenerator(_new_access_token, expires_generator=_expires_in),
)
server.register_grant(ClientCredentialsGrant)
server.register_endpoint(Revocation)


def _credentials_sent() -> bool:
    auth = request.authorization
    return bool((auth and auth.type == "basic") or request.form.get("client_id"))


def _unknown_caller():
    # Client authentication comes first: a caller with no credentials learns nothing more.
    error = InvalidClientError(
        status_code=401, description="Send the client's credentials (HTTP Basic or client_id)."
    )
    return server.handle_error_response(None, error)


FORM = "application/x-www-form-urlencoded"


def _malformed() -> str | None:
    """Why the request is not an RFC 6749 token request at all (invalid_request), if it isn't."""
    if request.mimetype and request.mimetype != FORM:
        return f"Send the token request as {FORM}, not {request.mimetype}."
    if not request.form.get("grant_type"):
        return "Say which grant you want: grant_type=client_credentials."
    return None


def token_response():
    """Answer a token request (RFC 6749 §4.4)."""
    reason = _malformed()
    if reason:
        return server.handle_error_response(None, InvalidRequestError(description=reason))
    if not _credentials_sent():
        return _unknown_caller()
    return server.create_token_response()


def revocation_response():
    """Answer a revocation request (RFC 7009)."""
    if not _credentials_sent():
        return _unknown_caller()
    return server.create_endpoint_response(Revocation.ENDPOINT_NAME)
