from __future__ import annotations

import marshmallow as ma

from api.puzzles.models import PuzzleStatus
from api.schemas import Schema, Text


class StarterSchema(Schema):
    key = ma.fields.String(dump_only=True)
    question = ma.fields.String(dump_only=True)
    context = ma.fields.String(dump_only=True)
    focus_area = ma.fields.String(dump_only=True)


class CurrentCycleSchema(Schema):
    id = ma.fields.String(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    workflow = ma.fields.String(dump_only=True)
    state = ma.fields.String(dump_only=True)
    state_label = ma.fields.String(dump_only=True)


class PuzzleSchema(Schema):
    id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)
    question = ma.fields.String(dump_only=True)
    context = ma.fields.String(dump_only=True)
    focus_area = ma.fields.String(dump_only=True)
    status = ma.fields.Enum(PuzzleStatus, by_value=True, dump_only=True)
    starter_key = ma.fields.String(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)
    cycle_count = ma.fields.Integer(dump_only=True)
    current_cycle = ma.fields.Nested(CurrentCycleSchema, dump_only=True, allow_none=True)


class PuzzleCreateSchema(Schema):
    starter_key = Text(64, metadata={"description": "Adopt a starter; other fields override it"})
    question = Text(500)
    context = Text(5000, allow_blank=True)
    focus_area = Text(200, allow_blank=True)

    @ma.validates_schema
    def question_or_starter(self, data, **kwargs):
        if not data.get("starter_key") and not data.get("question"):
            raise ma.ValidationError(
                "Write the puzzle as a question, or adopt a starter.", "question"
            )


class PuzzleUpdateSchema(Schema):
    question = Text(500)
    context = Text(5000, allow_blank=True)
    focus_area = Text(200, allow_blank=True)
    status = ma.fields.Enum(PuzzleStatus, by_value=True)


class PuzzleQueryArgsSchema(Schema):
    status = ma.fields.Enum(PuzzleStatus, by_value=True)
