from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema


class WorkflowStateSchema(Schema):
    name = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    terminal = ma.fields.Boolean(dump_only=True, metadata={"description": "The cycle has ended"})
    due_label = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Words that ask for this state's due date; null: no due date"},
    )
    reflects = ma.fields.Boolean(
        dump_only=True, metadata={"description": "The cycle's reflection is written here"}
    )
    opens_next_cycle = ma.fields.Boolean(
        dump_only=True,
        metadata={"description": "POST /cycles/{id}/next works from here (closing it if open)"},
    )


class WorkflowTransitionSchema(Schema):
    name = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    from_states = ma.fields.List(ma.fields.String(), dump_only=True, data_key="from")
    to = ma.fields.String(dump_only=True)
    roles = ma.fields.List(ma.fields.String(), dump_only=True)
    guards = ma.fields.List(ma.fields.String(), dump_only=True, attribute="guard_names")


class WorkflowSchema(Schema):
    name = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
    initial_state = ma.fields.String(dump_only=True)
    states = ma.fields.List(
        ma.fields.Nested(WorkflowStateSchema),
        dump_only=True,
        metadata={"description": "In order: the open ones are a team board's columns"},
    )
    transitions = ma.fields.List(ma.fields.Nested(WorkflowTransitionSchema), dump_only=True)
    movers = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"description": "Roles that may make at least one move"},
    )
