"""Local time for an organization: its zone (UTC when the name is unusable) and quiet hours."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
UTC_ZONE = ZoneInfo("UTC")


def zone(name: str | None) -> ZoneInfo:
    """The zone by name; a name that does not exist falls back to UTC rather than failing."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r, using UTC", name)
        return UTC_ZONE


def local_today(now: datetime, zone_name: str | None) -> date:
    return now.astimezone(zone(zone_name)).date()


def in_quiet_hours(now: datetime, zone_name: str | None, start: int, end: int) -> bool:
    hour = now.astimezone(zone(zone_name)).hour
    if start == end:
        return False
    return start <= hour or hour < end if start > end else start <= hour < end


def end_of_quiet_hours(now: datetime, zone_name: str | None, end: int) -> datetime:
    """The next moment quiet hours end, as UTC."""
    local = now.astimezone(zone(zone_name))
    candidate = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(UTC_ZONE)
