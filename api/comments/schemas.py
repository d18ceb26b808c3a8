from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text
from api.users.schemas import UserSummarySchema

COMMENT_MAX = 2000


class CommentSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    author = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)


class CommentCreateSchema(Schema):
    body = Text(COMMENT_MAX, required=True)

    @ma.validates("body")
    def not_only_spaces_body(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Write something first.")
