"""Shared fixtures: one schema per session, every test in a rolled-back transaction.

On SQLite by default; on PostgreSQL when DATABASE_URL says so (the services pass of CI).
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from api.app import create_app
from api.config import TestConfig
from api.extensions import db, limiter
from api.organizations.models import Organization, OrgMembership
from api.passwords import set_hashing_cost
from api.teams.models import CoachAssignment, Membership, Role, Team
from api.users.service import create_user
from tests.openapi_responses import ValidatingClient
from tests.support.client import PASSWORD, ApiClient
from tests.support.databases import scratch_postgres_database, uses_postgres

# Fixtures every test directory may use (an SMTP inbox, a worker's world).
pytest_plugins = ["tests.support.mail", "tests.support.worker"]

#: folders whose tests are slow (real processes, injected faults, generated requests)
SLOW = ("faults", "fuzz")


def pytest_collection_modifyitems(config, items):
    """Markers by place (see [tool.pytest.ini_options] markers): e2e → browser, slow folders
    and worker processes → slow; services tests skip unless DATABASE_URL names PostgreSQL."""
    skip_services = pytest.mark.skip(reason="runs in the services pass (DATABASE_URL)")
    for item in items:
        parts = item.path.relative_to(config.rootpath / "tests").parts
        if parts[0] == "e2e":
            item.add_marker(pytest.mark.browser)
        if parts[0] in SLOW or item.path.name == "test_worker_process.py":
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("services") and not uses_postgres():
            item.add_marker(skip_services)


# Production's argon2 cost takes ~0.1 s a hash; fixtures make hundreds of accounts.
set_hashing_cost(time_cost=1, memory_cost=1024, parallelism=1)
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def database_uri():
    """SQLite in memory; or, on PostgreSQL, a scratch database of this session's own, so that
    test runs side by side (and the worker processes some tests start) never meet."""
    if not uses_postgres():
        yield TestConfig.SQLALCHEMY_DATABASE_URI
        return
    with scratch_postgres_database("eaa_test") as url:
        yield url


@pytest.fixture(scope="session")
def app(database_uri):
    class SessionConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_uri

    app = create_app(SessionConfig)
    # Every response the suite gets is checked against the OpenAPI document.
    app.test_client_class = ValidatingClient
    with app.app_context():
        db.create_all()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def database(app):
    """A connection whose outer transaction is rolled back after the test."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # Scoped like Flask-SQLAlchemy's, bound to this connection: commits become savepoints.
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        limiter.reset()
        try:
            yield db
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture()
def anonymous(app, database):
    return ApiClient(app)


@pytest.fixture()
def client_for(app, database):
    """client_for(user) → an ApiClient signed in as that user."""

    def make(user):
        return ApiClient(app).sign_in(user.login)

    return make


@pytest.fixture()
def make_org(database):
    def make(name: str | None = None, *, time_zone: str = "UTC") -> Organization:
        organization = Organization(name=name or f"School {next(_counter)}", time_zone=time_zone)
        db.session.add(organization)
        db.session.commit()
        return organization

    return make


@pytest.fixture()
def make_user(database):
    def make(
        org: Organization | None = None,
        *,
        name: str | None = None,
        email: str | None = None,
        username: str | None = None,
        is_admin: bool = False,
        password: str = PASSWORD,
    ):
        n = next(_counter)
        if email is None and username is None:
            email = f"person{n}@school.example"
        user = create_user(
            display_name=name or f"Person {n}", email=email, username=username, password=password
        )
        if org is not None:
            db.session.add(
                OrgMembership(organization_id=org.id, user_id=user.id, is_admin=is_admin)
            )
        db.session.commit()
        return user

    return make


@pytest.fixture()
def make_team(database, make_org):
    def make(
        org: Organization | None = None,
        *,
        name: str | None = None,
        teachers=(),
        students=(),
        coaches=(),
    ) -> Team:
        org = org or make_org()
        team = Team(organization_id=org.id, name=name or f"Team {next(_counter)}")
        db.session.add(team)
        db.session.flush()
        for role, people in ((Role.teacher, teachers), (Role.student, students)):
            for person in people:
                db.session.add(Membership(team_id=team.id, user_id=person.id, role=role))
        for coach in coaches:
            db.session.add(CoachAssignment(team_id=team.id, user_id=coach.id))
        db.session.commit()
        return team

    return make


@pytest.fixture()
def school(make_org, make_user, make_team):
    """A school with one team: two teachers, three students, a coach and an admin."""

    org = make_org("Maple Grove")
    students = [
        make_user(org, name=name, username=name.split()[0].lower())
        for name in ("Sam Student", "Priya Shah", "Leo Martin")
    ]
    teacher, teacher2 = make_user(org, name="Taylor Teacher"), make_user(org, name="Morgan Reyes")
    coach = make_user(org, name="Casey Coach")
    outsider_org = make_org("Elsewhere")

    class School:
        pass

    School.org = org
    School.admin = make_user(org, name="Alex Admin", is_admin=True)
    School.teacher, School.teacher2 = teacher, teacher2
    School.students, School.student = students, students[0]
    School.coach = coach
    School.outsider_org = outsider_org
    School.outsider = make_user(outsider_org, name="Olive Outsider", is_admin=True)
    School.team = make_team(
        org,
        name="Grade 7 Science",
        teachers=[teacher, teacher2],
        students=students,
        coaches=[coach],
    )
    return School


@pytest.fixture()
def make_puzzle(database):
    def make(team: Team, *, question: str = "How might we help students reflect on feedback?"):
        from api.puzzles.models import Puzzle

        puzzle = Puzzle(team_id=team.id, question=question)
        db.session.add(puzzle)
        db.session.commit()
        return puzzle

    return make


@pytest.fixture()
def make_cycle(database, make_puzzle):
    """make_cycle(team, state="evidence", facilitators=[user]) → a cycle written directly."""

    def make(
        team: Team,
        *,
        state: str = "draft",
        facilitators=(),
        puzzle=None,
        number=None,
        workflow: str = "eaa",
    ):
        from api.cycles.models import Cycle, CycleFacilitator

        puzzle = puzzle or make_puzzle(team)
        cycle = Cycle(
            puzzle_id=puzzle.id, team_id=team.id, number=number or 1, state=state, workflow=workflow
        )
        db.session.add(cycle)
        db.session.flush()
        for person in facilitators:
            db.session.add(CycleFacilitator(cycle_id=cycle.id, user_id=person.id))
        db.session.commit()
        return cycle

    return make


# ---- Stores for evidence files ----------------------------------------------------------------


@pytest.fixture()
def local_store(app, tmp_path):
    """The app's evidence store, pointed at this test's own folder for as long as it runs."""
    from api.storage import LocalStorage

    previous = app.extensions.get("storage")
    store = LocalStorage(tmp_path / "files")
    app.extensions["storage"] = store
    yield store
    if previous is None:
        app.extensions.pop("storage", None)
    else:
        app.extensions["storage"] = previous


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 API over HTTP (moto's server) on a free loopback port, started on first use."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture()
def aws_test_credentials(monkeypatch):
    # Never let a developer's real AWS settings near the tests.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture()
def s3_client(s3_endpoint, aws_test_credentials):
    import boto3

    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")


@pytest.fixture()
def bucket(s3_client) -> str:
    """A new, empty bucket for this test."""
    name = f"evidence-{uuid.uuid4().hex[:8]}"
    s3_client.create_bucket(Bucket=name)
    return name


@pytest.fixture()
def bucket_keys(s3_client, bucket):
    """bucket_keys() → the keys stored in this test's bucket."""
    return lambda: [
        item["Key"] for item in s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])
    ]


@pytest.fixture()
def s3_storage_url(s3_endpoint, bucket) -> str:
    """A STORAGE_URL for this test's bucket, under the prefix school-a/."""
    return (
        f"s3://{bucket}/school-a?endpoint_url={s3_endpoint}&region=us-east-1"
        "&access_key_id=testing&secret_access_key=testing"
    )
