from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text
from api.users.schemas import UserSummarySchema


class ActivityEntrySchema(Schema):
    id = ma.fields.String(dump_only=True)
    verb = ma.fields.String(
        dump_only=True, metadata={"description": "What happened, e.g. note.added, action.status"}
    )
    summary = ma.fields.String(
        dump_only=True, metadata={"description": "A sentence to show after the actor's name"}
    )
    actor = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    cycle_id = ma.fields.String(dump_only=True, allow_none=True)
    subject_id = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The id of what it is about"}
    )
    created_at = ma.fields.DateTime(dump_only=True)


class ActivityQueryArgsSchema(Schema):
    cycle_id = Text(64, metadata={"description": "Only what happened in this cycle"})
