from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema


class PersonDeletionSchema(Schema):
    user_id = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(
        dump_only=True, metadata={"description": "How their shared work is credited from now on"}
    )
    evidence_deleted = ma.fields.Integer(dump_only=True)
    files_deleted = ma.fields.Integer(dump_only=True)
    files_pending = ma.fields.Integer(
        dump_only=True,
        metadata={"description": "Files the store didn't delete yet; retried automatically"},
    )
    actions_unassigned = ma.fields.Integer(dump_only=True)
