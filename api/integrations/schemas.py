from __future__ import annotations

import marshmallow as ma

from api.actor import CLIENT_SCOPES
from api.schemas import Schema, Text

SCOPES_HELP = "Any of: " + ", ".join(CLIENT_SCOPES)


class IntegrationClientSchema(Schema):
    client_id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    scopes = ma.fields.List(ma.fields.String(), dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    revoked_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = ma.fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "When it last got a token"}
    )


class IntegrationClientCreatedSchema(IntegrationClientSchema):
    client_secret = ma.fields.String(
        dump_only=True, metadata={"description": "Shown only now: store it safely"}
    )


class IntegrationClientCreateSchema(Schema):
    name = Text(100, required=True, metadata={"description": "e.g. 'Canvas roster sync'"})
    scopes = ma.fields.List(
        Text(40),
        required=True,
        validate=ma.validate.Length(min=1, max=len(CLIENT_SCOPES)),
        metadata={"description": SCOPES_HELP},
    )


class IntegrationClientQueryArgsSchema(Schema):
    active = ma.fields.Boolean(metadata={"description": "true: not revoked; false: revoked"})


class AccessTokenSchema(ma.Schema):
    """RFC 6749 §5.1 access token response."""

    access_token = ma.fields.String()
    token_type = ma.fields.String(metadata={"description": "Always Bearer"})
    expires_in = ma.fields.Integer(metadata={"description": "Seconds until it expires"})
    scope = ma.fields.String(metadata={"description": "Space-separated scopes it holds"})


class OAuthErrorSchema(ma.Schema):
    """RFC 6749 §5.2 error response."""

    error = ma.fields.String(
        metadata={"description": "invalid_request, invalid_client, invalid_scope, …"}
    )
    error_description = ma.fields.String()


TOKEN_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["grant_type"],
                "properties": {
                    "grant_type": {"type": "string", "enum": ["client_credentials"]},
                    "scope": {
                        "type": "string",
                        "description": "Optional, space-separated: narrow the token. "
                        + SCOPES_HELP,
                    },
                    "client_id": {
                        "type": "string",
                        "description": "With client_secret, instead of HTTP Basic",
                    },
                    "client_secret": {"type": "string"},
                },
            }
        }
    },
}

REVOKE_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["token"],
                "properties": {
                    "token": {"type": "string", "description": "The access token to revoke"},
                    "token_type_hint": {"type": "string", "enum": ["access_token"]},
                    "client_id": {"type": "string"},
                    "client_secret": {"type": "string"},
                },
            }
        }
    },
}
