from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text


class AuditActorSchema(Schema):
    kind = ma.fields.String(
        dump_only=True, metadata={"description": "person, client (an integration) or system"}
    )
    id = ma.fields.String(dump_only=True, allow_none=True)
    display_name = ma.fields.String(dump_only=True)


class AuditEventSchema(Schema):
    id = ma.fields.String(dump_only=True)
    action = ma.fields.String(
        dump_only=True, metadata={"description": "What was done, e.g. person.provisioned"}
    )
    actor = ma.fields.Nested(AuditActorSchema, dump_only=True)
    subject_type = ma.fields.String(dump_only=True, allow_none=True)
    subject_id = ma.fields.String(dump_only=True, allow_none=True)
    details = ma.fields.Dict(
        dump_only=True, metadata={"description": "Ids, flags and counts; never names or answers"}
    )
    created_at = ma.fields.DateTime(dump_only=True)


class AuditQueryArgsSchema(Schema):
    action = Text(
        60,
        metadata={"description": "Only this action, or a family ending in a dot, e.g. privacy."},
    )
    actor_id = Text(64, metadata={"description": "Only what this person did"})
    subject_id = Text(64, metadata={"description": "Only what was done to this person or thing"})
    since = ma.fields.Date(metadata={"description": "From this day (UTC), included"})
    until = ma.fields.Date(metadata={"description": "Up to this day (UTC), included"})

    @ma.validates_schema
    def _in_order(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ma.ValidationError("Pick an end on or after the start.", field_name="until")
