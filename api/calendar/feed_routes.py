"""Your due dates as a calendar feed (iCalendar) at a secret address you can replace."""

from __future__ import annotations

import marshmallow as ma
from flask import Response

from api.actor import current_actor
from api.blueprint import PUBLIC, Blueprint
from api.calendar import feed
from api.schemas import Schema

blp = Blueprint(
    "calendar_feeds",
    __name__,
    url_prefix="/api/v1",
    description="Your due dates as a calendar feed for Google Calendar or Outlook",
)


class CalendarFeedSchema(Schema):
    active = ma.fields.Boolean(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    url = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The feed's address: only in the answer that made it"},
    )


@blp.route("/me/calendar-feed", methods=["GET"])
@blp.response(200, CalendarFeedSchema)
def get_feed():
    """Whether you have a calendar feed (its address is shown only when made)."""
    return feed.describe(feed.feed_status(current_actor()))


@blp.route("/me/calendar-feed", methods=["POST"])
@blp.response(201, CalendarFeedSchema)
def reset_feed():
    """Make your calendar feed's secret address, or replace it: the old one stops at once."""
    made, url = feed.reset_feed(current_actor())
    return feed.describe(made, url)


@blp.route("/me/calendar-feed", methods=["DELETE"])
@blp.response(204)
def turn_off_feed():
    """Turn your calendar feed off."""
    feed.turn_off_feed(current_actor())


@blp.route("/calendar-feeds/<secret>.ics", methods=["GET"], access=PUBLIC)
@blp.response(200, {"type": "string"}, content_type="text/calendar")
def calendar_feed(secret):
    """A person's due dates as iCalendar, for calendar apps (the secret address is the key)."""
    return Response(
        feed.feed_ics(secret),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store"},
    )
