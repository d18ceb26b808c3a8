from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema


class UserSummarySchema(Schema):
    """How a person appears to their teammates."""

    id = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(dump_only=True)


class UserSchema(UserSummarySchema):
    """A person as they or their organization's admins see them."""

    email = ma.fields.String(dump_only=True, allow_none=True)
    username = ma.fields.String(dump_only=True, allow_none=True)
