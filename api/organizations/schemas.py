from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text, UpdatedSince
from api.users.schemas import UserSchema

#: a month at least, so a slip of the keyboard can't empty the archive overnight
MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


class OrganizationSchema(Schema):
    id = ma.fields.String(attribute="Organization.id", dump_only=True)
    name = ma.fields.String(attribute="Organization.name", dump_only=True)
    time_zone = ma.fields.String(attribute="Organization.time_zone", dump_only=True)
    closed_cycle_retention_days = ma.fields.Integer(
        attribute="Organization.closed_cycle_retention_days", dump_only=True, allow_none=True
    )
    created_at = ma.fields.DateTime(attribute="Organization.created_at", dump_only=True)
    is_admin = ma.fields.Boolean(dump_only=True, metadata={"description": "You administer it"})


class OrganizationUpdateSchema(Schema):
    name = Text(200)
    time_zone = Text(64)
    closed_cycle_retention_days = ma.fields.Integer(
        allow_none=True,
        validate=ma.validate.Range(min=MIN_RETENTION_DAYS, max=MAX_RETENTION_DAYS),
        metadata={
            "description": "Delete closed and abandoned cycles, with their evidence files, this "
            "many days after they ended; null keeps them forever"
        },
    )


class PersonSchema(Schema):
    id = ma.fields.String(attribute="User.id", dump_only=True)
    display_name = ma.fields.String(attribute="User.display_name", dump_only=True)
    email = ma.fields.String(attribute="User.email", dump_only=True, allow_none=True)
    username = ma.fields.String(attribute="User.username", dump_only=True, allow_none=True)
    is_admin = ma.fields.Boolean(dump_only=True)
    pending_changes = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"description": "Fields waiting for the person to open an emailed link"},
    )
    is_active = ma.fields.Boolean(
        attribute="User.is_active",
        dump_only=True,
        metadata={"description": "False once an admin turned the account off"},
    )
    has_password = ma.fields.Function(
        lambda row: (
            row["User"].password_hash is not None
            if isinstance(row, dict)
            else row.User.password_hash is not None
        ),
        dump_only=True,
        metadata={"description": "False until the person chose a password (invited)"},
    )


class PersonCreateSchema(Schema):
    display_name = Text(120, required=True)
    email = ma.fields.Email(validate=ma.validate.Length(max=254), allow_none=True)
    username = ma.fields.String(
        allow_none=True,
        validate=[
            ma.validate.Length(min=2, max=64),
            ma.validate.Regexp(
                r"^[A-Za-z0-9._-]+$", error="Use letters, numbers, dots, dashes or underscores."
            ),
        ],
    )
    password = ma.fields.String(load_only=True, validate=ma.validate.Length(max=1024))
    is_admin = ma.fields.Boolean(load_default=False)


class PersonUpdateSchema(Schema):
    display_name = Text(
        120,
        metadata={
            "description": "At once when only this organization has the person; otherwise "
            "they confirm it by email first"
        },
    )
    email = ma.fields.Email(
        validate=ma.validate.Length(max=254),
        metadata={"description": "Used once the person opens a link sent to the new address"},
    )
    is_admin = ma.fields.Boolean()


class PeopleQueryArgsSchema(Schema):
    q = Text(100, metadata={"description": "Part of a name, email or username"})
    updated_since = UpdatedSince("people who joined or whose name, email or account changed")


__all__ = ["UserSchema"]
