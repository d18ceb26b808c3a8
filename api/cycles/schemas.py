from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text, UpdatedSince
from api.users.schemas import UserSummarySchema


class CountsSchema(Schema):
    evidence = ma.fields.Integer(dump_only=True)
    notes = ma.fields.Integer(dump_only=True)
    actions = ma.fields.Integer(dump_only=True)


class StateSchema(Schema):
    name = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    terminal = ma.fields.Boolean(dump_only=True)


class TransitionOptionSchema(Schema):
    name = ma.fields.String(dump_only=True)
    to = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    allowed = ma.fields.Boolean(dump_only=True)
    reasons = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"description": "Why the move is blocked, in plain words"},
    )


class CycleSummarySchema(Schema):
    id = ma.fields.String(dump_only=True)
    puzzle_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(dump_only=True)
    workflow = ma.fields.String(dump_only=True)
    state = ma.fields.String(dump_only=True)
    state_label = ma.fields.String(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    facilitators = ma.fields.List(ma.fields.Nested(UserSummarySchema), dump_only=True)
    due_dates = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Date(), dump_only=True)
    state_changed_at = ma.fields.DateTime(dump_only=True)
    last_activity_at = ma.fields.DateTime(dump_only=True)
    puzzle_question = ma.fields.String(dump_only=True)
    counts = ma.fields.Nested(CountsSchema, dump_only=True)


class CycleSchema(CycleSummarySchema):
    recorder = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    timekeeper = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    states = ma.fields.List(ma.fields.Nested(StateSchema), dump_only=True)
    transitions = ma.fields.List(ma.fields.Nested(TransitionOptionSchema), dump_only=True)
    my_roles = ma.fields.List(ma.fields.String(), dump_only=True)
    can_contribute = ma.fields.Boolean(dump_only=True)
    has_reflection = ma.fields.Boolean(
        dump_only=True, metadata={"description": "Whether `GET …/reflection` has one to show"}
    )


class CycleUpdateSchema(Schema):
    title = Text(200, allow_blank=True)
    facilitator_ids = ma.fields.List(Text(64), validate=ma.validate.Length(max=20))
    recorder_id = Text(64, allow_none=True)
    timekeeper_id = Text(64, allow_none=True)
    due_dates = ma.fields.Dict(
        keys=Text(40),
        values=ma.fields.Date(allow_none=True),
        metadata={
            "description": "State → due date (null clears it), for the states of the cycle's "
            "workflow that have a `due_label` (GET /workflows/{name})"
        },
    )


class CycleCreateSchema(CycleUpdateSchema):
    workflow = Text(
        40, metadata={"description": "The workflow to follow (GET /workflows); default eaa"}
    )


class CycleQueryArgsSchema(Schema):
    state = Text(40)
    open = ma.fields.Boolean(metadata={"description": "Only cycles still in progress (or ended)"})
    puzzle_id = Text(64)
    updated_since = UpdatedSince("cycles moved or worked on")


class TransitionRequestSchema(Schema):
    transition = Text(
        60, required=True, metadata={"description": "A transition name, or the state to move to"}
    )
    comment = Text(2000, allow_blank=True, load_default="")


class CycleEventSchema(Schema):
    id = ma.fields.String(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    transition = ma.fields.String(dump_only=True)
    from_state = ma.fields.String(dump_only=True)
    to_state = ma.fields.String(dump_only=True)
    actor = ma.fields.Nested(UserSummarySchema, dump_only=True, allow_none=True)
    comment = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
