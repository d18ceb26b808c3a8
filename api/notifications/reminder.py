"""What a reminder is, before it becomes a notification."""

from __future__ import annotations

from dataclasses import dataclass

#: an overdue reminder is made once, when the date passes; this far back the scan still looks,
#: so a scan that did not run for a few days is made up for, and older items cost nothing.
CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str
    user_id: str
    organization_id: str | None
    dedupe_key: str
    title: str
    body: str = ""
    link: str = ""
    subject_type: str | None = None
    subject_id: str | None = None
