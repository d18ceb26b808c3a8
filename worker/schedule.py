"""What beat sends, and how often. Every task is safe to run twice (dedupe keys, row locks)."""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "scan-reminders": {"task": "worker.tasks.scan_reminders", "schedule": 15 * 60.0},
    "deliver-due-emails": {"task": "worker.tasks.deliver_due_emails", "schedule": 60.0},
    "deliver-webhooks": {"task": "worker.tasks.deliver_webhooks", "schedule": 30.0},
    # Hourly: each person's digest goes out when it is 7:00 where their school is.
    "send-daily-digests": {
        "task": "worker.tasks.send_daily_digests",
        "schedule": crontab(minute=0),
    },
    "clean-up-old-tokens": {
        "task": "worker.tasks.clean_up_old_tokens",
        "schedule": crontab(minute=17, hour=3),
    },
}
