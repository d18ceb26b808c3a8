from __future__ import annotations

import marshmallow as ma

from api.notifications.models import EmailMode, EmailStatus
from api.schemas import Schema


class NotificationSchema(Schema):
    id = ma.fields.String(dump_only=True)
    kind = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    link = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    read_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    email_status = ma.fields.Enum(EmailStatus, by_value=True, dump_only=True)


class DeliveryProblemSchema(NotificationSchema):
    user_id = ma.fields.String(dump_only=True)
    email_attempts = ma.fields.Integer(dump_only=True)
    email_reason = ma.fields.String(dump_only=True)


class FailedTaskSchema(Schema):
    id = ma.fields.String(dump_only=True)
    task = ma.fields.String(dump_only=True)
    attempts = ma.fields.Integer(dump_only=True)
    error = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class NotificationQueryArgsSchema(Schema):
    unread = ma.fields.Boolean()


class UnreadCountSchema(Schema):
    count = ma.fields.Integer(dump_only=True)


class PreferencesSchema(Schema):
    email_enabled = ma.fields.Boolean()
    email_mode = ma.fields.Enum(
        EmailMode, by_value=True, metadata={"description": "immediate, or one daily digest"}
    )
