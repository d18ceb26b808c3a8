"""Shared by the worker-process tests (and tests/faults): committed data both the test and
worker processes reach (`world`), a real SMTP inbox (`inbox`), and a real Celery worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from sqlalchemy import delete

from api.app import create_app
from api.config import TestConfig
from api.extensions import db
from api.organizations.models import Organization
from api.teams.models import Membership, Role, Team
from api.users.models import User
from api.users.service import create_user
from tests.support.actions import add_action_due_tomorrow
from tests.support.databases import uses_postgres
from tests.support.mail import Inbox, free_port
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
        add_action_due_tomorrow(
            team, teacher, question="Will it come once?", title="Bring exit tickets"
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


def worker_env(database_url: str, broker: str, **settings: str) -> dict:
    """The environment of worker processes of the test's own: its database, its broker and a
    queue no other run shares, plus `settings`."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "PYTHONPATH": str(ROOT),
        **settings,
    }


def beat_for(target, env: dict) -> Celery:
    """A Celery app that sends to env's broker and queue: the test plays beat (tasks by name)."""
    os.environ["CELERY_BROKER_URL"], os.environ["CELERY_QUEUE"] = (
        env["CELERY_BROKER_URL"],
        env["CELERY_QUEUE"],
    )
    try:
        return create_celery(target)
    finally:
        del os.environ["CELERY_BROKER_URL"], os.environ["CELERY_QUEUE"]


def stop_worker(process: subprocess.Popen) -> None:
    """Ask a worker to stop (SIGTERM, as compose does); kill it if it has not within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


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
