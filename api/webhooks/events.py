"""What each webhook event carries: one schema per event type, in the OpenAPI document's
components (`<Name>Event`), and the builders the services emit them with.

Events carry ids and labels, never what people wrote (texts, files, answers).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from api.schemas import Schema
from api.webhooks.models import EventType

ID = {"description": "An id in this API"}


class CycleTransitionedData(Schema):
    cycle_id = ma.fields.String(required=True, metadata=ID)
    team_id = ma.fields.String(required=True)
    puzzle_id = ma.fields.String(required=True)
    number = ma.fields.Integer(required=True)
    transition = ma.fields.String(required=True)
    from_state = ma.fields.String(required=True)
    to_state = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True, metadata={"description": "The cycle's new ETag"})
    actor_id = ma.fields.String(required=True, allow_none=True)


class CycleClosedData(Schema):
    cycle_id = ma.fields.String(required=True)
    team_id = ma.fields.String(required=True)
    puzzle_id = ma.fields.String(required=True)
    number = ma.fields.Integer(required=True)
    state = ma.fields.String(
        required=True, metadata={"description": "The state it ended in: closed or abandoned"}
    )
    actor_id = ma.fields.String(required=True, allow_none=True)


class EvidenceAddedData(Schema):
    evidence_id = ma.fields.String(required=True)
    cycle_id = ma.fields.String(required=True)
    team_id = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    student_voice = ma.fields.Boolean(required=True)
    has_file = ma.fields.Boolean(required=True)
    added_by_id = ma.fields.String(required=True, allow_none=True)


class ActionData(Schema):
    action_id = ma.fields.String(required=True)
    cycle_id = ma.fields.String(required=True)
    team_id = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    owner_id = ma.fields.String(required=True, allow_none=True)
    due_on = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "YYYY-MM-DD", "format": "date"}
    )
    status = ma.fields.String(required=True)


class SurveyReleasedData(Schema):
    survey_id = ma.fields.String(required=True)
    team_id = ma.fields.String(required=True)
    period = ma.fields.String(required=True)
    response_count = ma.fields.Integer(required=True)


class PersonDeactivatedData(Schema):
    user_id = ma.fields.String(required=True)
    source = ma.fields.String(required=True, metadata={"description": "Whose id: canvas, …"})
    external_id = ma.fields.String(required=True, metadata={"description": "Your id for them"})
    signs_in_elsewhere = ma.fields.Boolean(
        required=True,
        metadata={"description": "true when they still belong to another organization"},
    )


class PingData(Schema):
    webhook_id = ma.fields.String(required=True)


DATA_SCHEMAS: dict[EventType, type[Schema]] = {
    EventType.cycle_transitioned: CycleTransitionedData,
    EventType.cycle_closed: CycleClosedData,
    EventType.evidence_added: EvidenceAddedData,
    EventType.action_created: ActionData,
    EventType.action_completed: ActionData,
    EventType.action_overdue: ActionData,
    EventType.survey_released: SurveyReleasedData,
    EventType.person_deactivated: PersonDeactivatedData,
    EventType.ping: PingData,
}


def schema_name(event_type: EventType) -> str:
    """cycle.transitioned → CycleTransitionedEvent"""
    words = event_type.value.replace(".", "_").split("_")
    return "".join(word.capitalize() for word in words) + "Event"


def _event_schema(event_type: EventType) -> type[ma.Schema]:
    data_schema = DATA_SCHEMAS[event_type]
    return Schema.from_dict(
        {
            "type": ma.fields.String(required=True, validate=ma.validate.OneOf([event_type.value])),
            "timestamp": ma.fields.DateTime(required=True),
            "data": ma.fields.Nested(data_schema, required=True),
        },
        name=schema_name(event_type),
    )


def document(spec) -> None:
    """Add every event's body to the OpenAPI document's components (apispec's public API)."""
    for event_type in EventType:
        spec.components.schema(schema_name(event_type), schema=_event_schema(event_type))


def action_data(action) -> dict[str, Any]:
    """What action.created, action.completed and action.overdue carry."""
    return {
        "action_id": action.id,
        "cycle_id": action.cycle_id,
        "team_id": action.team_id,
        "title": action.title,
        "owner_id": action.owner_id,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status.value,
    }
