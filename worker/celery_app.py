"""The Celery app, bound to the Flask app the Flask way: every task runs in its app context.

Broker: Redis when REDIS_URL is set, otherwise an embedded SQLite broker under instance/ so
`make run` needs nothing but Python.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

from api.app import create_app
from api.config import INSTANCE, Config
from api.extensions import db
from worker.schedule import BEAT_SCHEDULE


def broker_url(config: type[Config] = Config) -> str:
    if config.REDIS_URL:
        return config.REDIS_URL
    INSTANCE.mkdir(parents=True, exist_ok=True)
    return f"sqla+sqlite:///{INSTANCE / 'broker.sqlite'}"


def create_celery(flask_app: Flask | None = None) -> Celery:
    flask_app = flask_app or create_app()

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with flask_app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    # A task never leaks its session (or an open transaction) to the next one.
                    db.session.remove()

    celery = Celery(flask_app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=broker_url(),
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        # A task is acknowledged only when done: a killed worker's task runs again elsewhere.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        beat_schedule=BEAT_SCHEDULE,
        beat_schedule_filename=str(INSTANCE / "celerybeat-schedule"),
        timezone="UTC",
    )
    celery.set_default()
    flask_app.extensions["celery"] = celery
    import worker.tasks  # noqa: F401  (registers the tasks)

    return celery
