"""Twenty people press "Move to analysis" at once: exactly one move happens.

Runs with real commits and real connections: PostgreSQL row locks in the services pass, a
SQLite file (with its write lock) on the embedded default.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from api.actor import Actor
from api.app import create_app
from api.auth.service import create_token
from api.config import TestConfig
from api.cycles.models import Cycle, CycleEvent, CycleFacilitator
from api.evidence.models import Evidence, EvidenceKind
from api.extensions import db
from api.organizations.models import Organization
from api.puzzles.models import Puzzle
from api.teams.models import Membership, Role, Team
from api.users.models import User
from api.users.service import create_user
from tests.support.client import ApiClient
from tests.support.databases import uses_postgres

MOVERS = 20


@pytest.fixture()
def committing_app(app, tmp_path):
    """An app whose requests commit for real, each on its own connection."""
    if uses_postgres():
        yield app
        return

    class FileConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'concurrency.sqlite'}"

    file_app = create_app(FileConfig)
    with file_app.app_context():
        db.create_all()
    yield file_app
    with file_app.app_context():
        db.engine.dispose()


@pytest.fixture()
def contested_cycle(committing_app):
    with committing_app.app_context():
        org = Organization(name="Race School")
        db.session.add(org)
        db.session.flush()
        teacher = create_user(display_name="Racing Teacher", email="race@school.example")
        team = Team(organization_id=org.id, name="Race team")
        db.session.add(team)
        db.session.flush()
        db.session.add(Membership(team_id=team.id, user_id=teacher.id, role=Role.teacher))
        puzzle = Puzzle(team_id=team.id, question="How fast can we go?")
        db.session.add(puzzle)
        db.session.flush()
        cycle = Cycle(
            puzzle_id=puzzle.id,
            team_id=team.id,
            number=1,
            state="evidence",
            facilitators=[CycleFacilitator(user_id=teacher.id)],
        )
        db.session.add(cycle)
        db.session.flush()
        db.session.add(
            Evidence(
                cycle_id=cycle.id,
                team_id=team.id,
                kind=EvidenceKind.note,
                title="A note",
                text="Something we saw",
            )
        )
        db.session.commit()
        _, secret = create_token(Actor(user=teacher), name="race", scopes=["read", "write"], days=1)
        ids = (org.id, teacher.id, cycle.id)
    yield ids[2], secret
    with committing_app.app_context():
        db.session.execute(delete(Organization).where(Organization.id == ids[0]))
        db.session.execute(delete(User).where(User.id == ids[1]))
        db.session.commit()


def test_twenty_concurrent_moves_make_exactly_one_transition(committing_app, contested_cycle):
    cycle_id, secret = contested_cycle
    start = threading.Barrier(MOVERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def press_move() -> None:
        client = ApiClient(committing_app, token=secret)
        start.wait(timeout=timedelta(seconds=30).total_seconds())
        response = client.post(
            f"/api/v1/cycles/{cycle_id}/transitions",
            json={"transition": "start_analysis"},
            headers={"If-Match": '"1"'},
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=press_move) for _ in range(MOVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(statuses) == MOVERS
    assert statuses.count(200) == 1, statuses
    assert all(status in (409, 412) for status in statuses if status != 200), statuses
    with committing_app.app_context():
        cycle = db.session.get(Cycle, cycle_id)
        assert (cycle.state, cycle.version) == ("analysis", 2)
        events = db.session.scalar(
            select(func.count(CycleEvent.id)).where(CycleEvent.cycle_id == cycle_id)
        )
        assert events == 1
