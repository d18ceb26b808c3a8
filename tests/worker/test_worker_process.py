"""A real Celery worker process is killed in the middle of the reminder scan; another worker
takes over. Exactly one notification and one email come out of it.

On the services pass the broker is the real Redis (the killed worker's unacknowledged task is
delivered again); on the embedded default it is the SQLite broker, where beat's next firing
makes up for the lost task.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, func, select

from api.actions.models import Action
from api.app import create_app
from api.config import TestConfig
from api.cycles.models import Cycle
from api.db import utcnow
from api.extensions import db
from api.notifications.models import Notification
from api.organizations.models import Organization
from api.puzzles.models import Puzzle
from api.teams.models import Membership, Role, Team
from api.users.models import User
from api.users.service import create_user
from tests.conftest import uses_postgres
from tests.notifications.conftest import Inbox, free_port
from worker.celery_app import create_celery

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def world(app, tmp_path):
    """Committed data in a database both this test and the worker processes can reach."""
    if uses_postgres():
        target, url = app, app.config["SQLALCHEMY_DATABASE_URI"]
    else:
        url = f"sqlite:///{tmp_path / 'worker.sqlite'}"

        class FileConfig(TestConfig):
            SQLALCHEMY_DATABASE_URI = url

        target = create_app(FileConfig)
        with target.app_context():
            db.create_all()
    with target.app_context():
        org = Organization(name="Worker School", quiet_hours_start=0, quiet_hours_end=0)
        db.session.add(org)
        db.session.flush()
        teacher = create_user(display_name="Wendy Worker", email=f"{uuid.uuid4().hex}@w.example")
        team = Team(organization_id=org.id, name="Worker team")
        db.session.add(team)
        db.session.flush()
        db.session.add(Membership(team_id=team.id, user_id=teacher.id, role=Role.teacher))
        puzzle = Puzzle(team_id=team.id, question="Will it come once?")
        db.session.add(puzzle)
        db.session.flush()
        cycle = Cycle(puzzle_id=puzzle.id, team_id=team.id, number=1, state="action")
        db.session.add(cycle)
        db.session.flush()
        db.session.add(
            Action(
                cycle_id=cycle.id,
                team_id=team.id,
                title="Bring exit tickets",
                owner_id=teacher.id,
                due_on=utcnow().date() + timedelta(days=1),
            )
        )
        db.session.commit()
        ids = org.id, teacher.id
    yield target, url, ids[1]
    with target.app_context():
        db.session.execute(delete(Organization).where(Organization.id == ids[0]))
        db.session.execute(delete(User).where(User.id == ids[1]))
        db.session.commit()
        if not uses_postgres():
            db.engine.dispose()


@pytest.fixture()
def inbox():
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield received, controller.port
    controller.stop()


def start_worker(env: dict, log: Path, *, pause: int = 0) -> subprocess.Popen:
    worker_env = env | {"EAA_SCAN_PAUSE_SECONDS": str(pause)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "worker.app",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_killed_mid_scan_loses_nothing_and_doubles_nothing(world, inbox, tmp_path):
    target, database_url, teacher_id = world
    received, smtp_port = inbox
    queue = f"test-{uuid.uuid4().hex[:8]}"
    broker = os.environ.get("REDIS_URL") or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    env = os.environ | {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "PYTHONPATH": str(ROOT),
    }
    os.environ["CELERY_BROKER_URL"], os.environ["CELERY_QUEUE"] = broker, queue
    try:
        celery = create_celery(target)
    finally:
        del os.environ["CELERY_BROKER_URL"], os.environ["CELERY_QUEUE"]

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
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()
    worker_output = second_log.read_text()
    assert notifications() == 1, worker_output
    assert len(received.messages) == 1
    assert "Bring exit tickets" in received.messages[0]["subject"]
    if os.environ.get("REDIS_URL"):
        assert worker_output.count("reminder scan started") >= 2, worker_output
