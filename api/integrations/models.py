"""An organization's integration clients (OAuth2 client credentials) and the tokens they get."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError, TokenMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, CreatedMixin, IdMixin, utcnow
from api.organizations.models import Organization
from api.users.models import User

GRANT_TYPE = "client_credentials"
AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def digest(secret: str) -> str:
    """Secrets and tokens are long and random, so a plain sha256 is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


class IntegrationClient(IdMixin, CreatedMixin, Base):
    """A machine (an LMS) acting for its organization, within the scopes an admin gave it."""

    __tablename__ = "integration_clients"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    #: the public half of the credentials, sent with every token request
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    #: sha256 of the secret; the secret itself is shown once, when the client is created
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OAuthClient(ClientMixin):
    """What Authlib's grant and revocation endpoint ask of a client, over our row."""

    def __init__(self, row: IntegrationClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """All the client's scopes when none are asked for; the asked ones when it holds them."""
        allowed = self.row.scopes
        if not scope:
            return " ".join(allowed)
        asked = list(dict.fromkeys(scope.split()))
        missing = [name for name in asked if name not in allowed]
        if missing:
            raise InvalidScopeError(
                description=f"This client may not ask for: {', '.join(missing)}."
            )
        return " ".join(asked)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self.row.secret_hash, digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE


class IntegrationToken(IdMixin, CreatedMixin, Base, TokenMixin):
    """A short-lived access token issued to a client; stored hashed, revocable."""

    __tablename__ = "integration_tokens"

    client_id: Mapped[str] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
    #: sha256 of the access token
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    client: Mapped[IntegrationClient] = relationship()

    def check_client(self, client: OAuthClient) -> bool:
        return self.client_id == client.row.id

    def get_scope(self) -> str:
        return " ".join(self.scopes)

    def get_expires_in(self) -> int:
        return max(0, int((self.expires_at - self.created_at).total_seconds()))

    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_user(self) -> None:
        return None

    def get_client(self) -> OAuthClient:
        return OAuthClient(self.client)
