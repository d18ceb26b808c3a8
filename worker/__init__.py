"""The Celery worker and beat: reminders, email and webhooks. Thin: tasks call api services."""
