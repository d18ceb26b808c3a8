from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text
from api.users.schemas import UserSummarySchema

COMMENT_MAX = 2000


class CommentSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    parent_id = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The comment this answers"}
    )
    evidence_id = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The evidence it is about"}
    )
    note_id = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The note it is about"}
    )
    author = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)
    edited_at = ma.fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "When its author changed it"}
    )


class CommentCreateSchema(Schema):
    body = Text(COMMENT_MAX, required=True)
    parent_id = Text(64, allow_none=True, metadata={"description": "Reply to this comment"})
    evidence_id = Text(
        64, allow_none=True, metadata={"description": "About this evidence of the cycle"}
    )
    note_id = Text(64, allow_none=True, metadata={"description": "About this note of the cycle"})

    @ma.validates("body")
    def not_only_spaces_body(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Write something first.")


class CommentUpdateSchema(Schema):
    body = Text(COMMENT_MAX, required=True)

    @ma.validates("body")
    def not_only_spaces_body(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Write something first.")
