"""The organization's audit log, for its admins."""

from __future__ import annotations

from api.actor import current_actor
from api.audit import service
from api.audit.schemas import AuditEventSchema, AuditQueryArgsSchema
from api.blueprint import Blueprint
from api.pagination import page_of

blp = Blueprint(
    "audit",
    __name__,
    url_prefix="/api/v1/organizations",
    description="The audit log of admin actions and privacy requests",
)


@blp.route("/<organization_id>/audit-events", methods=["GET"])
@blp.arguments(AuditQueryArgsSchema, location="query")
@blp.response(200, AuditEventSchema(many=True))
@blp.paginate()
def list_audit_events(args, organization_id, pagination_parameters):
    """List the organization's audit events, newest first; filter by action, who did it, what
    it was done to, and dates (admins)."""
    query = service.organization_events(current_actor(), organization_id, **args)
    return [service.describe_event(event) for event in page_of(query, pagination_parameters)]
