"""Integration clients (OAuth2 client credentials) for an organization's LMS or SIS."""

from __future__ import annotations

from api.actor import current_actor
from api.blueprint import OWN_CREDENTIALS, Blueprint
from api.idempotency import idempotent
from api.integrations import oauth, service
from api.integrations.schemas import (
    REVOKE_REQUEST_BODY,
    TOKEN_REQUEST_BODY,
    AccessTokenSchema,
    IntegrationClientCreatedSchema,
    IntegrationClientCreateSchema,
    IntegrationClientQueryArgsSchema,
    IntegrationClientSchema,
    OAuthErrorSchema,
)
from api.pagination import page_of

blp = Blueprint(
    "integrations",
    __name__,
    url_prefix="/api/v1",
    description="Integration clients: OAuth2 client credentials for LMSs",
)

OAUTH_ERRORS = "RFC 6749 error: invalid_request, unsupported_grant_type, invalid_scope, …"
#: RFC 6749 §5.2: a client that authenticated with HTTP Basic is challenged the same way
BASIC_CHALLENGE = {
    "WWW-Authenticate": {"description": "Basic, with the OAuth error", "schema": {"type": "string"}}
}


@blp.route("/organizations/<organization_id>/clients", methods=["GET"])
@blp.arguments(IntegrationClientQueryArgsSchema, location="query")
@blp.response(200, IntegrationClientSchema(many=True))
@blp.paginate()
def list_clients(args, organization_id, pagination_parameters):
    """List the organization's integration clients (admins; never their secrets)."""
    query = service.clients(current_actor(), organization_id, active=args.get("active"))
    return page_of(query, pagination_parameters)


@blp.route("/organizations/<organization_id>/clients", methods=["POST"])
@idempotent
@blp.arguments(IntegrationClientCreateSchema)
@blp.response(201, IntegrationClientCreatedSchema)
def create_client(data, organization_id):
    """Create an integration client (admins); its secret is shown once, in this response."""
    client, secret = service.create_client(current_actor(), organization_id, **data)
    client.client_secret = secret
    return client


@blp.route("/organizations/<organization_id>/clients/<client_id>", methods=["GET"])
@blp.response(200, IntegrationClientSchema)
def get_client(organization_id, client_id):
    """Get one integration client (admins)."""
    return service.get_client(current_actor(), organization_id, client_id)


@blp.route("/organizations/<organization_id>/clients/<client_id>", methods=["DELETE"])
@blp.response(204)
def revoke_client(organization_id, client_id):
    """Revoke a client and all its tokens (admins); its next request is refused."""
    service.revoke_client(current_actor(), organization_id, client_id)


@blp.route("/organizations/<organization_id>/clients/<client_id>/secret", methods=["POST"])
@blp.response(200, IntegrationClientCreatedSchema)
def rotate_client_secret(organization_id, client_id):
    """Replace a client's secret (admins); the new one is shown once, the old one and the
    client's tokens stop working at once."""
    client, secret = service.rotate_secret(current_actor(), organization_id, client_id)
    client.client_secret = secret
    return client


@blp.route("/oauth/token", methods=["POST"], access=OWN_CREDENTIALS)
@blp.doc(requestBody=TOKEN_REQUEST_BODY, security=[])
@blp.response(200, AccessTokenSchema)
@blp.alt_response(400, schema=OAuthErrorSchema, description=OAUTH_ERRORS)
@blp.alt_response(
    401,
    schema=OAuthErrorSchema,
    description="invalid_client: check the credentials",
    headers=BASIC_CHALLENGE,
)
def issue_token():
    """Get an access token with the client's credentials (OAuth2 client_credentials grant)."""
    return oauth.token_response()


@blp.route("/oauth/revoke", methods=["POST"], access=OWN_CREDENTIALS)
@blp.doc(requestBody=REVOKE_REQUEST_BODY, security=[])
@blp.response(200)
@blp.alt_response(400, schema=OAuthErrorSchema, description=OAUTH_ERRORS)
@blp.alt_response(
    401,
    schema=OAuthErrorSchema,
    description="invalid_client: check the credentials",
    headers=BASIC_CHALLENGE,
)
def revoke_access_token():
    """Revoke one of the client's access tokens (RFC 7009); unknown tokens answer 200 too."""
    return oauth.revocation_response()
