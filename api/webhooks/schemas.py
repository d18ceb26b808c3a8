from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text
from api.webhooks.models import DeliveryStatus, EventType

EVENT_TYPES_HELP = "Events to send: " + ", ".join(event.value for event in EventType)


class WebhookSchema(Schema):
    id = ma.fields.String(dump_only=True)
    organization_id = ma.fields.String(dump_only=True)
    url = ma.fields.String(dump_only=True)
    description = ma.fields.String(dump_only=True)
    event_types = ma.fields.List(ma.fields.String(), dump_only=True)
    active = ma.fields.Boolean(dump_only=True)
    disabled_reason = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Why it was turned off, e.g. the receiver answered 410 Gone"},
    )
    disabled_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)


class WebhookWithSecretSchema(WebhookSchema):
    secret = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "Signing secret (whsec_…) for verifying the webhook-signature header. "
            "Shown only when the webhook is created or its secret is rotated."
        },
    )


class WebhookCreateSchema(Schema):
    url = Text(2000, required=True, metadata={"description": "https:// address that receives"})
    event_types = ma.fields.List(
        ma.fields.Enum(EventType, by_value=True),
        required=True,
        validate=ma.validate.Length(min=1, max=len(EventType)),
        metadata={"description": EVENT_TYPES_HELP},
    )
    description = Text(200, allow_blank=True, load_default="")


class WebhookUpdateSchema(Schema):
    url = Text(2000)
    event_types = ma.fields.List(
        ma.fields.Enum(EventType, by_value=True),
        validate=ma.validate.Length(min=1, max=len(EventType)),
        metadata={"description": EVENT_TYPES_HELP},
    )
    description = Text(200, allow_blank=True)
    active = ma.fields.Boolean(
        metadata={"description": "false pauses deliveries; true turns a disabled webhook back on"}
    )


class WebhookQueryArgsSchema(Schema):
    event_type = ma.fields.Enum(EventType, by_value=True)
    active = ma.fields.Boolean()


class WebhookDeliverySchema(Schema):
    id = ma.fields.String(dump_only=True)
    webhook_id = ma.fields.String(dump_only=True, attribute="subscription_id")
    event_id = ma.fields.String(
        dump_only=True, metadata={"description": "The webhook-id header; the same on every retry"}
    )
    event_type = ma.fields.String(dump_only=True)
    payload = ma.fields.Dict(dump_only=True)
    status = ma.fields.Enum(DeliveryStatus, by_value=True, dump_only=True)
    attempts = ma.fields.Integer(dump_only=True)
    next_attempt_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    last_attempt_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    last_response_code = ma.fields.Integer(dump_only=True, allow_none=True)
    last_error = ma.fields.String(dump_only=True, allow_none=True)
    delivered_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    redelivery_of_id = ma.fields.String(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)


class WebhookDeliveryQueryArgsSchema(Schema):
    status = ma.fields.Enum(DeliveryStatus, by_value=True)
    event_type = ma.fields.Enum(EventType, by_value=True)
