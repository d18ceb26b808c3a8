"""Celery tasks: thin wrappers that call services by id."""

from __future__ import annotations

from celery import shared_task

from api.auth import housekeeping


@shared_task(name="worker.tasks.clean_up_old_tokens")
def clean_up_old_tokens() -> int:
    return housekeeping.delete_stale_tokens()
