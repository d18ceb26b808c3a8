from __future__ import annotations

import marshmallow as ma

from api.actions.models import ActionStatus
from api.schemas import Schema


class TeamRefSchema(Schema):
    id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)


class _Item(Schema):
    id = ma.fields.String(dump_only=True)
    team = ma.fields.Nested(TeamRefSchema, dump_only=True)
    link = ma.fields.String(dump_only=True, metadata={"description": "Where it is in the app"})


class MyActionSchema(_Item):
    title = ma.fields.String(dump_only=True)
    due_on = ma.fields.Date(dump_only=True, allow_none=True)
    overdue = ma.fields.Boolean(dump_only=True)
    status = ma.fields.Enum(ActionStatus, by_value=True, dump_only=True)
    success_criteria = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    cycle_number = ma.fields.Integer(dump_only=True)
    puzzle_question = ma.fields.String(dump_only=True)


class MyCycleSchema(_Item):
    number = ma.fields.Integer(dump_only=True)
    state = ma.fields.String(dump_only=True)
    state_label = ma.fields.String(dump_only=True)
    puzzle_question = ma.fields.String(dump_only=True)
    my_roles = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"description": "facilitator, recorder…"}
    )
    due_dates = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Date(), dump_only=True)
    phase_due_on = ma.fields.Date(dump_only=True, allow_none=True)
    phase_overdue = ma.fields.Boolean(dump_only=True)


class MySurveySchema(_Item):
    period = ma.fields.String(dump_only=True)
    closes_on = ma.fields.Date(dump_only=True)


class MyCommitmentSchema(_Item):
    body = ma.fields.String(dump_only=True)
    follow_up_on = ma.fields.Date(dump_only=True)


class MyWorkSchema(Schema):
    actions = ma.fields.List(ma.fields.Nested(MyActionSchema), dump_only=True)
    cycles = ma.fields.List(ma.fields.Nested(MyCycleSchema), dump_only=True)
    surveys = ma.fields.List(
        ma.fields.Nested(MySurveySchema),
        dump_only=True,
        metadata={"description": "Open surveys you have not answered"},
    )
    commitments = ma.fields.List(ma.fields.Nested(MyCommitmentSchema), dump_only=True)
