from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, words
from api.users.schemas import UserSummarySchema


class RespectAgreementSchema(Schema):
    team_id = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    review_on = ma.fields.Date(dump_only=True)
    review_due = ma.fields.Boolean(dump_only=True)
    reviewed_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    updated_at = ma.fields.DateTime(dump_only=True)
    endorsements = ma.fields.List(ma.fields.Nested(UserSummarySchema), dump_only=True)
    endorsed_by_me = ma.fields.Boolean(dump_only=True)
    member_count = ma.fields.Integer(dump_only=True)
    can_edit = ma.fields.Boolean(dump_only=True)


class RespectAgreementSaveSchema(Schema):
    body = words(
        4000, required=True, metadata={"description": "The agreement, in the team's words"}
    )
    review_on = ma.fields.Date(metadata={"description": "By default the end of the term"})
