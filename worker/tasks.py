"""Celery tasks: thin wrappers that call services by id.

Transient database trouble is retried with backoff; a task that still fails after its last try
is written to failed_tasks (worker/failures.py), where organization admins see it.
"""

from __future__ import annotations

import logging
import os
import time

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerUnavailable
from sqlalchemy.exc import OperationalError

from api import idempotency
from api.auth import housekeeping
from api.evidence.storage import current_storage
from api.notifications import delivery, reminders
from api.privacy import files, retention
from api.pulse import service as pulses
from api.trust import schedules as trust_schedules
from api.webhooks import delivery as webhook_delivery

log = logging.getLogger(__name__)
RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


def _pause_for_fault_tests() -> None:
    # Fault-injection tests kill a worker while a scan is in progress; production sets nothing.
    pause = float(os.environ.get("EAA_SCAN_PAUSE_SECONDS", "0") or 0)
    if pause:
        log.warning("reminder scan pausing %.0f s (EAA_SCAN_PAUSE_SECONDS)", pause)
        time.sleep(pause)


@shared_task(name="worker.tasks.scan_reminders", **RETRY)
def scan_reminders() -> int:
    """Make the reminders that are due; each new one is emailed by its own task."""
    log.info("reminder scan started")
    created = reminders.scan(before_commit=_pause_for_fault_tests)
    for queued, notification_id in enumerate(created):
        try:
            deliver_notification.delay(notification_id)
        except BrokerUnavailable:
            # The reminders are saved and pending: the minute's email sweep sends the rest.
            log.warning(
                "broker unreachable: %d reminder emails left to the sweep", len(created) - queued
            )
            break
    log.info("reminder scan made %d notifications", len(created))
    return len(created)


@shared_task(name="worker.tasks.deliver_notification", **RETRY)
def deliver_notification(notification_id: str) -> str | None:
    status = delivery.deliver(notification_id)
    return status.value if status else None


@shared_task(name="worker.tasks.deliver_due_emails", **RETRY)
def deliver_due_emails() -> int:
    return delivery.deliver_due()


@shared_task(name="worker.tasks.send_daily_digests", **RETRY)
def send_daily_digests() -> int:
    return delivery.send_daily_digests()


@shared_task(name="worker.tasks.clean_up_old_tokens", **RETRY)
def clean_up_old_tokens() -> int:
    return housekeeping.delete_stale_tokens()


@shared_task(name="worker.tasks.forget_idempotency_keys", **RETRY)
def forget_idempotency_keys() -> int:
    """Delete Idempotency-Key records past their 24 hours."""
    return idempotency.forget_expired()


@shared_task(name="worker.tasks.deliver_webhooks", **RETRY)
def deliver_webhooks() -> int:
    """Send the webhooks that are due (new ones, and retries whose backoff has passed)."""
    return webhook_delivery.deliver_due()


@shared_task(name="worker.tasks.delete_expired_cycles", **RETRY)
def delete_expired_cycles() -> int:
    """Delete cycles that ended longer ago than their organization keeps them."""
    return retention.delete_expired_cycles(storage=current_storage())


@shared_task(name="worker.tasks.finish_file_deletions", **RETRY)
def finish_file_deletions() -> int:
    """Delete stored files still queued after their rows went (the store had refused)."""
    return files.finish_file_deletions(current_storage()).deleted


@shared_task(name="worker.tasks.run_trust_rounds", **RETRY)
def run_trust_rounds() -> dict[str, int]:
    """Open the trust survey rounds that are due (cadences too) and close and count the ones
    whose last day has passed."""
    return trust_schedules.run_rounds()


@shared_task(name="worker.tasks.run_class_pulses", **RETRY)
def run_class_pulses() -> dict[str, int]:
    """Close the class pulses whose last day has passed (counting them) and open the next round
    of repeating ones."""
    return pulses.run_pulses()
