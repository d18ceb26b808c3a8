from __future__ import annotations

import marshmallow as ma

from api.cycles.schemas import CountsSchema
from api.schemas import Schema


class DashboardCycleSchema(Schema):
    id = ma.fields.String(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    puzzle_question = ma.fields.String(dump_only=True)
    state = ma.fields.String(dump_only=True)
    state_label = ma.fields.String(dump_only=True)
    days_in_phase = ma.fields.Integer(dump_only=True)
    phase_due_on = ma.fields.Date(dump_only=True, allow_none=True)
    phase_overdue = ma.fields.Boolean(dump_only=True)
    overdue_actions = ma.fields.Integer(dump_only=True)
    stalled = ma.fields.Boolean(dump_only=True)
    facilitated_by_student = ma.fields.Boolean(dump_only=True)
    counts = ma.fields.Nested(CountsSchema, dump_only=True)


class DashboardTrustComponentSchema(Schema):
    component = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    mean = ma.fields.Float(dump_only=True)
    change = ma.fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Change in the mean since the previous released period"},
    )


class DashboardTrustSchema(Schema):
    survey_id = ma.fields.String(dump_only=True)
    period = ma.fields.String(dump_only=True)
    eligible_count = ma.fields.Integer(dump_only=True, allow_none=True)
    response_count = ma.fields.Integer(dump_only=True)
    previous_period = ma.fields.String(dump_only=True, allow_none=True)
    components = ma.fields.List(ma.fields.Nested(DashboardTrustComponentSchema), dump_only=True)


class DashboardTeamSchema(Schema):
    id = ma.fields.String(attribute="team.id", dump_only=True)
    name = ma.fields.String(attribute="team.name", dump_only=True)
    cycles = ma.fields.List(ma.fields.Nested(DashboardCycleSchema), dump_only=True)
    stalled_count = ma.fields.Integer(dump_only=True)
    overdue_count = ma.fields.Integer(dump_only=True)
    student_facilitated_share = ma.fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Share of the team's cycles with a student facilitator (0-1)"},
    )
    trust = ma.fields.Nested(
        DashboardTrustSchema,
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Latest closed trust round with results (at least 3 answers) and change"
        },
    )


class DashboardQueryArgsSchema(Schema):
    sort = ma.fields.String(
        load_default="name", validate=ma.validate.OneOf(["name", "stalled", "overdue"])
    )
    stalled = ma.fields.Boolean()
    overdue = ma.fields.Boolean()
