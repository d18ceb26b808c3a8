"""Webhooks: an organization's subscriptions, their delivery log, pings and redelivery."""

from __future__ import annotations

from api.actor import WEBHOOKS_MANAGE, current_actor
from api.blueprint import Blueprint, clients
from api.idempotency import idempotent
from api.pagination import page_of
from api.webhooks import service
from api.webhooks.schemas import (
    WebhookCreateSchema,
    WebhookDeliveryQueryArgsSchema,
    WebhookDeliverySchema,
    WebhookQueryArgsSchema,
    WebhookSchema,
    WebhookUpdateSchema,
    WebhookWithSecretSchema,
)

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1",
    description="Signed webhooks (Standard Webhooks) for an organization's integrations",
)

BASE = "/organizations/<organization_id>/webhooks"


@blp.route(BASE, methods=["GET"], access=clients(WEBHOOKS_MANAGE))
@blp.arguments(WebhookQueryArgsSchema, location="query")
@blp.response(200, WebhookSchema(many=True))
@blp.paginate()
def list_webhooks(args, organization_id, pagination_parameters):
    """List the organization's webhooks; filter by event type or active."""
    query = service.subscriptions(current_actor(), organization_id, **args)
    return page_of(query, pagination_parameters)


@blp.route(BASE, methods=["POST"], access=clients(WEBHOOKS_MANAGE))
@idempotent
@blp.arguments(WebhookCreateSchema)
@blp.response(201, WebhookWithSecretSchema)
def create_webhook(data, organization_id):
    """Subscribe a public https URL to events; the response carries the signing secret."""
    return service.create_subscription(current_actor(), organization_id, **data)


@blp.route(f"{BASE}/<webhook_id>", methods=["GET"], access=clients(WEBHOOKS_MANAGE))
@blp.response(200, WebhookSchema)
def get_webhook(organization_id, webhook_id):
    """Get one webhook, with why it was turned off if it was."""
    return service.get_subscription(current_actor(), organization_id, webhook_id)


@blp.route(f"{BASE}/<webhook_id>", methods=["PATCH"], access=clients(WEBHOOKS_MANAGE))
@blp.arguments(WebhookUpdateSchema)
@blp.response(200, WebhookSchema)
def update_webhook(data, organization_id, webhook_id):
    """Change a webhook's URL, events or description, pause it, or turn it back on."""
    return service.update_subscription(current_actor(), organization_id, webhook_id, **data)


@blp.route(f"{BASE}/<webhook_id>", methods=["DELETE"], access=clients(WEBHOOKS_MANAGE))
@blp.response(204)
def delete_webhook(organization_id, webhook_id):
    """Delete a webhook and its delivery log."""
    service.delete_subscription(current_actor(), organization_id, webhook_id)


@blp.route(f"{BASE}/<webhook_id>/secret", methods=["POST"], access=clients(WEBHOOKS_MANAGE))
@blp.response(200, WebhookWithSecretSchema)
def rotate_webhook_secret(organization_id, webhook_id):
    """Replace the webhook's signing secret; the old one stops working at once."""
    return service.rotate_secret(current_actor(), organization_id, webhook_id)


@blp.route(f"{BASE}/<webhook_id>/ping", methods=["POST"], access=clients(WEBHOOKS_MANAGE))
@blp.response(202, WebhookDeliverySchema)
def ping_webhook(organization_id, webhook_id):
    """Queue a signed `ping` event to this webhook, to test your receiver."""
    return service.ping(current_actor(), organization_id, webhook_id)


@blp.route(f"{BASE}/<webhook_id>/deliveries", methods=["GET"], access=clients(WEBHOOKS_MANAGE))
@blp.arguments(WebhookDeliveryQueryArgsSchema, location="query")
@blp.response(200, WebhookDeliverySchema(many=True))
@blp.paginate()
def list_deliveries(args, organization_id, webhook_id, pagination_parameters):
    """The webhook's delivery log, newest first: status, attempts, last response."""
    query = service.deliveries(current_actor(), organization_id, webhook_id, **args)
    return page_of(query, pagination_parameters)


@blp.route(
    f"{BASE}/<webhook_id>/deliveries/<delivery_id>/redeliver",
    methods=["POST"],
    access=clients(WEBHOOKS_MANAGE),
)
@blp.response(202, WebhookDeliverySchema)
def redeliver(organization_id, webhook_id, delivery_id):
    """Send a delivered or failed event again (same webhook-id, so receivers can dedupe)."""
    return service.redeliver(current_actor(), organization_id, webhook_id, delivery_id)
