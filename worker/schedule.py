"""What beat sends, and how often."""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "clean-up-old-tokens": {
        "task": "worker.tasks.clean_up_old_tokens",
        "schedule": crontab(minute=17, hour=3),
    },
}
