"""What beat sends, and how often. Every task is safe to run twice (dedupe keys, row locks)."""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "scan-reminders": {"task": "worker.tasks.scan_reminders", "schedule": 15 * 60.0},
    # Trust survey rounds open, start and close on their days (and cadences open new ones).
    "run-trust-rounds": {"task": "worker.tasks.run_trust_rounds", "schedule": 15 * 60.0},
    "run-class-pulses": {"task": "worker.tasks.run_class_pulses", "schedule": 15 * 60.0},
    "deliver-due-emails": {"task": "worker.tasks.deliver_due_emails", "schedule": 60.0},
    "deliver-webhooks": {"task": "worker.tasks.deliver_webhooks", "schedule": 30.0},
    # Hourly: each person's digest goes out when it is 7:00 where their school is.
    "send-daily-digests": {
        "task": "worker.tasks.send_daily_digests",
        "schedule": crontab(minute=0),
    },
    # Hourly: an Idempotency-Key is kept 24 hours, then its record goes.
    "forget-idempotency-keys": {
        "task": "worker.tasks.forget_idempotency_keys",
        "schedule": crontab(minute=47),
    },
    # Daily: cycles past their organization's retention go, with their evidence files.
    "delete-expired-cycles": {
        "task": "worker.tasks.delete_expired_cycles",
        "schedule": crontab(minute=41, hour=2),
    },
    # Files whose rows were deleted but the store refused at the time.
    "finish-file-deletions": {
        "task": "worker.tasks.finish_file_deletions",
        "schedule": crontab(minute=23),
    },
    "clean-up-old-tokens": {
        "task": "worker.tasks.clean_up_old_tokens",
        "schedule": crontab(minute=17, hour=3),
    },
}
