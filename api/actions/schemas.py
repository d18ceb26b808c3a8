from __future__ import annotations

import marshmallow as ma

from api.actions.models import ActionStatus
from api.schemas import Schema, Text, UpdatedSince
from api.users.schemas import UserSummarySchema

TITLE_MAX = 300
CRITERIA_MAX = 2000


class ActionSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True, metadata={"description": "What the team will do"})
    owner = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    due_on = ma.fields.Date(dump_only=True, allow_none=True)
    success_criteria = ma.fields.String(dump_only=True)
    status = ma.fields.Enum(ActionStatus, by_value=True, dump_only=True)
    carried_from_id = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The unfinished action of an earlier cycle this one continues"},
    )
    created_by_id = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"description": "Who planned it"}
    )
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(
        dump_only=True, metadata={"description": "Its last change: send it back in If-Match"}
    )


class ActionCreateSchema(Schema):
    title = Text(
        TITLE_MAX,
        required=True,
        single_line=True,
        metadata={"description": "What the team will do (one line)"},
    )
    owner_id = Text(
        64, allow_none=True, metadata={"description": "A member of the team (students too)"}
    )
    due_on = ma.fields.Date(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    success_criteria = Text(CRITERIA_MAX, allow_blank=True, load_default="")
    status = ma.fields.Enum(ActionStatus, by_value=True, load_default=ActionStatus.planned)

    @ma.validates("title")
    def not_only_spaces_title(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Say what you will do.")


class ActionUpdateSchema(Schema):
    title = Text(TITLE_MAX, single_line=True)
    owner_id = Text(64, allow_none=True)
    due_on = ma.fields.Date(allow_none=True)
    success_criteria = Text(CRITERIA_MAX, allow_blank=True)
    status = ma.fields.Enum(ActionStatus, by_value=True)

    @ma.validates("title")
    def not_only_spaces_title(self, value, **kwargs):
        if value is not None and not value.strip():
            raise ma.ValidationError("Say what you will do.")


class ActionQueryArgsSchema(Schema):
    status = ma.fields.Enum(ActionStatus, by_value=True)
    owner_id = Text(64, metadata={"description": "A person's id, or `me` for your own actions"})
    updated_since = UpdatedSince("actions planned or changed")


class TeamActionQueryArgsSchema(ActionQueryArgsSchema):
    open = ma.fields.Boolean(
        metadata={
            "description": "Only actions still to do (planned, in progress), or only done "
            "and dropped ones"
        }
    )
    cycle_id = Text(64)
