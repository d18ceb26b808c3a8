from __future__ import annotations

import marshmallow as ma

from api.pulse.models import EVERY_DAYS
from api.schemas import Schema
from api.users.schemas import UserSummarySchema

STATUSES = ["scheduled", "open", "closed"]


class PulseQuestionSchema(Schema):
    key = ma.fields.String(dump_only=True)
    prompt = ma.fields.String(dump_only=True)


class PulseScaleSchema(Schema):
    score = ma.fields.Integer(dump_only=True)
    label = ma.fields.String(dump_only=True)


class PulseCatalogueSchema(Schema):
    items = ma.fields.List(ma.fields.Nested(PulseQuestionSchema), dump_only=True)
    scale = ma.fields.List(ma.fields.Nested(PulseScaleSchema), dump_only=True)


class ClassPulseSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    teacher = ma.fields.Nested(UserSummarySchema, dump_only=True)
    opens_on = ma.fields.Date(dump_only=True)
    closes_on = ma.fields.Date(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": STATUSES})
    min_responses = ma.fields.Integer(dump_only=True)
    i_have_answered = ma.fields.Boolean(dump_only=True)
    can_answer = ma.fields.Boolean(dump_only=True)
    is_mine = ma.fields.Boolean(dump_only=True, metadata={"description": "You opened it"})
    repeat_every_days = ma.fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "Its teacher only"}
    )
    eligible_count = ma.fields.Integer(dump_only=True, metadata={"description": "Its teacher only"})
    response_count = ma.fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "Its teacher only"}
    )
    results_released = ma.fields.Boolean(dump_only=True)


class ClassPulseCreateSchema(Schema):
    closes_on = ma.fields.Date(metadata={"description": "Its last day; five days by default"})
    repeat_every_days = ma.fields.Integer(
        allow_none=True,
        load_default=EVERY_DAYS,
        metadata={"description": "Open the next round this many days later (7–90); null: once"},
    )


class PulseAnswerSchema(Schema):
    answers = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        required=True,
        metadata={"description": "Each statement's key → 1 to 5"},
    )


class PulseReceiptSchema(Schema):
    pulse_id = ma.fields.String(dump_only=True)
    answered = ma.fields.Boolean(dump_only=True)


class PulseItemResultSchema(Schema):
    key = ma.fields.String(dump_only=True)
    prompt = ma.fields.String(dump_only=True)
    mean = ma.fields.Float(dump_only=True, allow_none=True)
    counts = ma.fields.List(
        ma.fields.Integer(),
        dump_only=True,
        metadata={"description": "How many answered 1, 2, 3, 4, 5"},
    )


class PulseTrendPointSchema(Schema):
    pulse_id = ma.fields.String(dump_only=True)
    opens_on = ma.fields.Date(dump_only=True)
    response_count = ma.fields.Integer(dump_only=True)
    means = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), dump_only=True)


class ClassPulseResultsSchema(ClassPulseSchema):
    released = ma.fields.Boolean(dump_only=True)
    withheld_because = ma.fields.String(dump_only=True, allow_none=True)
    items = ma.fields.List(ma.fields.Nested(PulseItemResultSchema), dump_only=True)
    trend = ma.fields.List(ma.fields.Nested(PulseTrendPointSchema), dump_only=True)


class PulseEvidenceSchema(Schema):
    cycle_id = ma.fields.String(required=True)


class PulseEvidenceResultSchema(Schema):
    id = ma.fields.String(dump_only=True)
    cycle_id = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
