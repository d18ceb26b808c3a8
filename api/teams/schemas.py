from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text, UpdatedSince
from api.teams.models import Role
from api.users.schemas import UserSummarySchema

ROLES = [role.value for role in Role]


class TeamSchema(Schema):
    id = ma.fields.String(dump_only=True)
    organization_id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    description = ma.fields.String(dump_only=True)
    stall_days = ma.fields.Integer(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(
        dump_only=True,
        metadata={"description": "Last change to the team or to who is on it (joined, left, role)"},
    )
    my_role = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "teacher, student, coach or admin: how you see this team"},
    )
    member_count = ma.fields.Integer(dump_only=True)
    archived = ma.fields.Boolean(dump_only=True)


class TeamCreateSchema(Schema):
    name = Text(200, required=True)
    description = Text(2000, allow_blank=True, load_default="")
    stall_days = ma.fields.Integer(
        load_default=10,
        validate=ma.validate.Range(min=1, max=365),
        metadata={"description": "A cycle with no activity for this many school days is stalled"},
    )


class TeamUpdateSchema(Schema):
    name = Text(200)
    description = Text(2000, allow_blank=True)
    archived = ma.fields.Boolean(
        metadata={"description": "true archives the team (org admins), false brings it back"}
    )
    stall_days = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=365),
        metadata={"description": "A cycle with no activity for this many school days is stalled"},
    )


class TeamQueryArgsSchema(Schema):
    organization_id = ma.fields.String()
    archived = ma.fields.Boolean(
        load_default=False, metadata={"description": "true lists archived teams instead"}
    )
    updated_since = UpdatedSince("teams changed (renamed, archived, someone joined or left)")


#: a team's members come in one page of this many by default (a whole class and its teachers),
#: on their own route and as the `members` part of a team, cycle or puzzle
ROSTER_PAGE_SIZE = 100


class MembershipSchema(Schema):
    id = ma.fields.String(dump_only=True)
    role = ma.fields.Enum(Role, by_value=True, dump_only=True)
    user = ma.fields.Nested(UserSummarySchema, dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


class MembershipCreateSchema(Schema):
    user_id = Text(64, required=True)
    role = ma.fields.Enum(Role, by_value=True, required=True)


class MembershipUpdateSchema(Schema):
    role = ma.fields.Enum(Role, by_value=True, required=True)


class MembershipQueryArgsSchema(Schema):
    role = ma.fields.Enum(Role, by_value=True)
    updated_since = UpdatedSince("members who joined, changed role or changed their details")


class CoachAssignmentSchema(Schema):
    id = ma.fields.String(dump_only=True)
    user = ma.fields.Nested(UserSummarySchema, dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class CoachAssignmentCreateSchema(Schema):
    user_id = Text(64, required=True)
