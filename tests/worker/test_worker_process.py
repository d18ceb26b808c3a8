"""A real Celery worker process is killed in the middle of the reminder scan; another worker
takes over. Exactly one notification and one email come out of it.

On the services pass the broker is the real Redis (the killed worker's unacknowledged task is
delivered again); on the embedded default it is the SQLite broker, where beat's next firing
makes up for the lost task.
"""

from __future__ import annotations

import os
import signal
import time

from sqlalchemy import func, select

from api.extensions import db
from api.notifications.models import Notification
from tests.support.waiting import wait_for
from tests.support.worker import beat_for, start_worker, stop_worker, worker_env


def test_worker_killed_mid_scan_loses_nothing_and_doubles_nothing(world, inbox, tmp_path):
    target, database_url, teacher_id = world
    received, smtp_port = inbox
    broker = os.environ.get("REDIS_URL") or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    env = worker_env(
        database_url,
        broker,
        CELERY_VISIBILITY_TIMEOUT="3",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
    )
    queue = env["CELERY_QUEUE"]
    celery = beat_for(target, env)

    def notifications() -> int:
        with target.app_context():
            count = db.session.scalar(
                select(func.count(Notification.id)).where(Notification.user_id == teacher_id)
            )
            db.session.remove()
            return count

    first_log = tmp_path / "worker1.log"
    first = start_worker(env, first_log, pause=60)
    try:
        celery.send_task("worker.tasks.scan_reminders", queue=queue)
        wait_for(
            lambda: "reminder scan pausing" in first_log.read_text(),
            60,
            "the first worker to start the scan",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert notifications() == 0, "the killed scan must not have committed anything"

    second_log = tmp_path / "worker2.log"
    second = start_worker(env, second_log)
    try:
        if not os.environ.get("REDIS_URL"):
            # The SQLite broker has no redelivery: beat's next firing does the work.
            celery.send_task("worker.tasks.scan_reminders", queue=queue)
        # Beat firing again while the first scan is redelivered must not double anything.
        celery.send_task("worker.tasks.scan_reminders", queue=queue)
        wait_for(lambda: len(received.messages) >= 1, 90, "the reminder email")
        if os.environ.get("REDIS_URL"):
            wait_for(
                lambda: second_log.read_text().count("reminder scan started") >= 2,
                90,
                "the killed worker's scan to be delivered again",
            )
        time.sleep(3)  # room for a duplicate to show up, if there were one
    finally:
        stop_worker(second)
    worker_output = second_log.read_text()
    assert notifications() == 1, worker_output
    assert len(received.messages) == 1
    assert "Bring exit tickets" in received.messages[0]["subject"]
    if os.environ.get("REDIS_URL"):
        assert worker_output.count("reminder scan started") >= 2, worker_output
