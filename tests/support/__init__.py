"""What tests share: import from here, never from another test module or conftest.

client (ApiClient, PASSWORD), databases (uses_postgres, scratch_postgres_database), waiting
(wait_for), mail (a real SMTP inbox: fixtures smtp_server, smtp_down), worker (a real Celery
worker process: fixtures world, inbox), actions (add_action_due_tomorrow: what a reminder scan
picks up). Fixtures here are registered by tests/conftest.py.
"""
