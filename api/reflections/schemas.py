from __future__ import annotations

import marshmallow as ma

from api.reflections.models import ReflectionDecision
from api.schemas import Schema, Text
from api.users.schemas import UserSummarySchema

REFLECTION_TEXT_MAX = 5000


class ReflectionSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    what_happened = ma.fields.String(dump_only=True)
    impact_evidence = ma.fields.String(dump_only=True)
    decision = ma.fields.Enum(ReflectionDecision, by_value=True, dump_only=True)
    author = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class ReflectionWriteSchema(Schema):
    what_happened = Text(REFLECTION_TEXT_MAX, required=True)
    impact_evidence = Text(
        REFLECTION_TEXT_MAX,
        allow_blank=True,
        load_default="",
        metadata={"description": "What shows the impact on students' learning"},
    )
    decision = ma.fields.Enum(
        ReflectionDecision,
        by_value=True,
        required=True,
        metadata={"description": "Start a next cycle of the puzzle, or call it resolved"},
    )

    @ma.validates("what_happened")
    def not_only_spaces_what_happened(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Say what happened.")
