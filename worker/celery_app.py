"""The Celery app, bound to the Flask app the Flask way: every task runs in its app context.

Broker: Redis when REDIS_URL is set, otherwise an embedded SQLite broker under instance/ so
`make run` needs nothing but Python.
"""

from __future__ import annotations

import os

from celery import Celery, Task
from flask import Flask

from api.app import create_app
from api.config import INSTANCE, Config
from api.extensions import db
from worker.failures import record_failed_task
from worker.schedule import BEAT_SCHEDULE


def broker_url(config: type[Config] = Config) -> str:
    if os.environ.get("CELERY_BROKER_URL"):
        return os.environ["CELERY_BROKER_URL"]
    if config.REDIS_URL:
        return config.REDIS_URL
    INSTANCE.mkdir(parents=True, exist_ok=True)
    return f"sqla+sqlite:///{INSTANCE / 'broker.sqlite'}"


def transport_options(url: str) -> dict:
    if not url.startswith("redis"):
        return {}  # the SQLite broker takes no such options
    # How long an unacknowledged task (its worker died) waits before another worker takes it.
    timeout = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
    options: dict = {"visibility_timeout": timeout}
    if timeout < 60:
        # A short timeout is only useful if abandoned tasks are also looked for often.
        options |= {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}
    return options


def create_celery(flask_app: Flask | None = None) -> Celery:
    flask_app = flask_app or create_app()

    class FlaskTask(Task):
        """Runs inside the Flask app context; a task that fails for good is recorded."""

        def __call__(self, *args, **kwargs):
            with flask_app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    # A task never leaks its session (or an open transaction) to the next one.
                    db.session.remove()

        def on_failure(self, exc, task_id, args, kwargs, einfo):
            with flask_app.app_context():
                record_failed_task(self.name, args, kwargs, self.request.retries + 1, exc)

    celery = Celery(flask_app.import_name, task_cls=FlaskTask)
    url = broker_url()
    celery.conf.update(
        broker_url=url,
        task_ignore_result=True,
        task_default_queue=os.environ.get("CELERY_QUEUE", "celery"),
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        # A task is acknowledged only when done: a killed worker's task runs again elsewhere.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(url),
        beat_schedule=BEAT_SCHEDULE,
        beat_schedule_filename=str(INSTANCE / "celerybeat-schedule"),
        timezone="UTC",
    )
    celery.set_default()
    flask_app.extensions["celery"] = celery
    import worker.tasks  # noqa: F401  (registers the tasks)

    return celery
