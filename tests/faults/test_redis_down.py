"""Redis goes away and comes back: a redis-server of the test's own, killed with SIGKILL (no
persistence, so it comes back empty) and started again on the same port.

The API keeps serving: rate limits fall back to this process's memory (sign-in stays guarded)
and the health check answers 200 "degraded" so a load balancer keeps the instance. Reminders
whose email could not be queued while Redis was down are emailed once it is back — once only.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest
import redis
from flask import Flask
from kombu.exceptions import OperationalError as BrokerUnavailable
from sqlalchemy import func, select

from api.extensions import db
from api.integrations.service import limit_client
from api.notifications.models import EmailStatus, FailedTask, Notification
from tests.support.client import ApiClient
from tests.support.waiting import wait_for
from tests.support.worker import beat_for, start_worker, stop_worker, worker_env


def health(client) -> tuple[int, dict]:
    response = client.get("/api/v1/health")
    return response.status_code, response.get_json()


def failed_sign_in(client: ApiClient, login: str) -> int:
    response = client.post("/api/v1/auth/session", json={"login": login, "password": "wrong"})
    assert response.mimetype in ("application/json", "application/problem+json")
    return response.status_code


@pytest.fixture()
def redis_backed_app(make_fault_app, redis_server, tmp_path) -> Flask:
    app = make_fault_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'api.sqlite'}",
        REDIS_URL=redis_server.url,
        RATELIMIT_STORAGE_URI=redis_server.url,
        SIGN_IN_LIMITS="3 per 15 minutes",
    )
    with app.app_context():
        db.create_all()
    return app


def test_api_keeps_serving_while_redis_is_down_and_health_says_degraded(
    redis_backed_app, redis_server
):
    client = ApiClient(redis_backed_app)
    login = f"nobody-{uuid.uuid4().hex[:8]}@school.example"
    assert health(client) == (200, {"status": "ok", "database": "ok", "redis": "ok"})
    assert failed_sign_in(client, login) == 401
    limits_in_redis = redis.Redis.from_url(redis_server.url).keys("LIMITS*")
    assert limits_in_redis, "the rate limits should live in this Redis while it is up"

    redis_server.kill()

    with redis_backed_app.test_request_context():
        limit_client("an-integration-client")  # counting a machine's requests must not fail
    assert health(client) == (200, {"status": "degraded", "database": "ok", "redis": "unreachable"})
    # Sign-in still answers, and is still limited: the limits moved to this process's memory.
    assert [failed_sign_in(client, login) for _ in range(3)] == [401, 401, 401]
    assert failed_sign_in(client, login) == 429
    assert failed_sign_in(client, f"someone-else-{login}") == 401

    redis_server.start()

    wait_for(lambda: health(client)[1].get("redis") == "ok", 20, "health to see Redis again")
    assert health(client) == (200, {"status": "ok", "database": "ok", "redis": "ok"})


class SupervisedWorker:
    """A real worker process, started again if it exits, as compose's restart policy does.

    (When Redis vanishes while a task is unacknowledged, kombu 5.7's Redis transport can crash
    the worker with "Unrecoverable error: AttributeError ... 'hostname'" on reconnect.)"""

    def __init__(self, env: dict, folder: Path) -> None:
        self.env, self.folder = env, folder
        self.logs: list[Path] = []
        self.stopped = False
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        log = self.folder / f"worker{len(self.logs) + 1}.log"
        self.logs.append(log)
        return start_worker(self.env, log, pause=3)

    def log(self) -> str:
        if not self.stopped and self.process.poll() is not None:
            self.process = self._start()
        return "".join(log.read_text() for log in self.logs)

    def stop(self) -> None:
        self.stopped = True
        stop_worker(self.process)


def test_reminder_whose_email_could_not_be_queued_is_emailed_once_when_redis_is_back(
    world, inbox, redis_server, tmp_path
):
    """Redis dies while a real worker is in the middle of the reminder scan: the notification is
    committed, queuing its email fails, and Redis comes back empty. Beat's next firings (the
    minute's email sweep, the next scan) send exactly one email and make no second reminder."""
    target, database_url, teacher_id = world
    received, smtp_port = inbox
    env = worker_env(
        database_url,
        redis_server.url,
        REDIS_URL=redis_server.url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
    )
    queue = env["CELERY_QUEUE"]
    celery = beat_for(target, env)

    def notifications(*, pending: bool = False) -> int:
        query = select(func.count(Notification.id)).where(Notification.user_id == teacher_id)
        if pending:
            query = query.where(Notification.email_status == EmailStatus.pending)
        with target.app_context():
            count = db.session.scalar(query)
            db.session.remove()
            return count

    def failed_scans() -> int:
        with target.app_context():
            count = db.session.scalar(
                select(func.count(FailedTask.id)).where(
                    FailedTask.task == "worker.tasks.scan_reminders"
                )
            )
            db.session.remove()
            return count

    failed_before = failed_scans()
    worker = SupervisedWorker(env, tmp_path)
    try:
        celery.send_task("worker.tasks.scan_reminders", queue=queue)
        wait_for(lambda: "reminder scan pausing" in worker.log(), 60, "the scan to start")
        redis_server.kill()

        wait_for(
            lambda: "left to the sweep" in worker.log(),
            30,
            "the scan to commit its reminder and fail to queue its email",
        )
        assert notifications() == 1
        with pytest.raises(BrokerUnavailable):  # beat firing while Redis is down: lost
            celery.send_task("worker.tasks.deliver_due_emails", queue=queue)
        assert received.messages == []

        redis_server.start()
        celery.send_task("worker.tasks.deliver_due_emails", queue=queue)
        celery.send_task("worker.tasks.scan_reminders", queue=queue)
        wait_for(
            lambda: worker.log().count("reminder scan made") >= 2,
            60,
            "the next scan after Redis came back",
        )
        wait_for(lambda: notifications(pending=True) == 0, 30, "every reminder to be emailed")
    finally:
        worker.stop()
    worker_output = worker.log()
    assert notifications() == 1, worker_output
    assert len(received.messages) == 1, worker_output
    assert "Bring exit tickets" in received.messages[0]["subject"]
    assert failed_scans() == failed_before, "nothing was lost, so no failed task for admins"
