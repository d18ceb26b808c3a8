"""The module `celery -A worker.app` loads: one Flask app, one Celery app."""

from worker.celery_app import create_celery

celery = create_celery()
