from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from api.actor import ALL_SCOPES
from api.auth.service import MAX_TOKEN_DAYS
from api.schemas import Schema, Text
from api.users.schemas import UserSchema


class SignInSchema(Schema):
    login = Text(254, required=True, metadata={"description": "Email or username"})
    password = Text(1024, required=True, load_only=True)


class CsrfSchema(Schema):
    csrf_token = ma.fields.String(dump_only=True)


class MyOrganizationSchema(Schema):
    id = ma.fields.String(attribute="Organization.id", dump_only=True)
    name = ma.fields.String(attribute="Organization.name", dump_only=True)
    is_admin = ma.fields.Boolean(dump_only=True)


class MeSchema(UserSchema):
    organizations = ma.fields.List(ma.fields.Nested(MyOrganizationSchema), dump_only=True)
    csrf_token = ma.fields.String(dump_only=True)
    pending_changes = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"description": "Fields waiting for you to open an emailed link"},
    )


class MeUpdateSchema(Schema):
    display_name = Text(120)
    email = Text(
        254, metadata={"description": "Used once you open the link we send to the new address"}
    )
    current_password = Text(
        1024, load_only=True, metadata={"description": "Needed to change your email"}
    )


class IdentityConfirmSchema(Schema):
    token = Text(200, required=True, load_only=True, metadata={"description": "From the link"})


class IdentityConfirmedSchema(Schema):
    field = ma.fields.String(dump_only=True, metadata={"description": "email or display_name"})
    status = ma.fields.String(
        dump_only=True, metadata={"description": "changed, or waiting_for_new_address"}
    )


class SessionStateSchema(Schema):
    signed_in = ma.fields.Boolean(dump_only=True)
    user = ma.fields.Nested(MeSchema, dump_only=True, allow_none=True)
    csrf_token = ma.fields.String(dump_only=True)


class TokenCreateSchema(Schema):
    name = Text(100, required=True)
    scopes = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(ALL_SCOPES)),
        required=True,
        validate=validate.Length(min=1),
    )
    expires_in_days = ma.fields.Integer(
        load_default=90, validate=validate.Range(min=1, max=MAX_TOKEN_DAYS)
    )


class TokenSchema(Schema):
    id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    prefix = ma.fields.String(dump_only=True)
    scopes = ma.fields.List(ma.fields.String(), dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    expires_at = ma.fields.DateTime(dump_only=True)
    revoked_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class TokenCreatedSchema(TokenSchema):
    token = ma.fields.String(
        dump_only=True, metadata={"description": "The secret. Shown this once only."}
    )


class PasswordChangeSchema(Schema):
    current_password = Text(1024, required=True, load_only=True)
    new_password = Text(1024, required=True, load_only=True)


class PasswordResetRequestSchema(Schema):
    login = Text(254, required=True, metadata={"description": "Email or username"})


class PasswordResetSchema(Schema):
    token = Text(200, required=True, load_only=True, metadata={"description": "From the link"})
    password = Text(1024, required=True, load_only=True, metadata={"description": "The new one"})


class PasswordResetRequestedSchema(Schema):
    message = ma.fields.String(dump_only=True)
    expires_in_minutes = ma.fields.Integer(
        dump_only=True, metadata={"description": "How long an emailed link works"}
    )
