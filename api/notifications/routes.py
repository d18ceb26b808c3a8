"""Your notifications and email settings; delivery problems for admins."""

from __future__ import annotations

from api.actor import current_actor
from api.blueprint import Blueprint
from api.notifications import service
from api.notifications.schemas import (
    DeliveryProblemSchema,
    FailedTaskSchema,
    NotificationQueryArgsSchema,
    NotificationSchema,
    PreferencesSchema,
    UnreadCountSchema,
)
from api.pagination import page_of

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1",
    description="Notifications, reminders and email settings",
)


@blp.route("/me/notifications", methods=["GET"])
@blp.arguments(NotificationQueryArgsSchema, location="query")
@blp.response(200, NotificationSchema(many=True))
@blp.paginate()
def list_notifications(args, pagination_parameters):
    """List your notifications, newest first; filter unread."""
    query = service.my_notifications(current_actor(), unread=args.get("unread"))
    return service.with_current_links(page_of(query, pagination_parameters))


@blp.route("/me/notifications/unread-count", methods=["GET"])
@blp.response(200, UnreadCountSchema)
def unread_count():
    """How many of your notifications are unread (for the bell)."""
    return {"count": service.unread_count(current_actor())}


@blp.route("/me/notifications/<notification_id>/read", methods=["POST"])
@blp.response(200, NotificationSchema)
def mark_read(notification_id):
    """Mark one of your notifications as read."""
    return service.mark_read(current_actor(), notification_id)


@blp.route("/me/notifications/read-all", methods=["POST"])
@blp.response(200, UnreadCountSchema)
def mark_all_read():
    """Mark all your notifications as read; returns the new unread count (0)."""
    service.mark_all_read(current_actor())
    return {"count": 0}


@blp.route("/me/notification-preferences", methods=["GET"])
@blp.response(200, PreferencesSchema)
def get_preferences():
    """Your email settings: on or off, immediately or as a daily digest."""
    return service.preferences(current_actor())


@blp.route("/me/notification-preferences", methods=["PUT"])
@blp.arguments(PreferencesSchema)
@blp.response(200, PreferencesSchema)
def update_preferences(data):
    """Change your email settings."""
    return service.update_preferences(current_actor(), **data)


@blp.route("/organizations/<organization_id>/delivery-problems", methods=["GET"])
@blp.response(200, DeliveryProblemSchema(many=True))
@blp.paginate()
def delivery_problems(organization_id, pagination_parameters):
    """Emails that failed or were skipped, with the reason (admins)."""
    query = service.delivery_problems(current_actor(), organization_id)
    return page_of(query, pagination_parameters)


@blp.route("/organizations/<organization_id>/failed-tasks", methods=["GET"])
@blp.response(200, FailedTaskSchema(many=True))
@blp.paginate()
def failed_tasks(organization_id, pagination_parameters):
    """Background work that kept failing and was given up (admins)."""
    return page_of(service.failed_tasks(current_actor(), organization_id), pagination_parameters)
