"""Read-only requests end with COMMIT on PostgreSQL, so connections keep their prepared
statements (psycopg forgets them on ROLLBACK); a request that wrote and failed still rolls back.

Runs in the services pass: the embedded SQLite default has no prepared statements to keep.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from api.app import create_app
from api.config import TestConfig
from api.errors import Conflict
from api.extensions import db
from api.organizations.models import Organization

pytestmark = pytest.mark.services  # PostgreSQL's prepared statements


@pytest.fixture()
def own_app(app, database_uri):
    """An app with its own engine whose requests really commit (no test transaction around);
    the session's app has made the tables."""

    class OwnConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_uri

    own = create_app(OwnConfig)

    @own.route("/test/write-then-refuse/<name>", methods=["POST"])
    def write_then_refuse(name):
        db.session.add(Organization(name=name, time_zone="UTC"))
        db.session.flush()
        raise Conflict("refused after writing")

    @own.route("/test/change-then-answer/<name>", methods=["POST"])
    def change_then_answer(name):
        organization = db.session.scalar(select(Organization).where(Organization.name == name))
        organization.name = f"{name} (changed)"
        return {"changed": "not flushed"}, 400

    ends: list[str] = []
    with own.app_context():
        event.listen(db.engine, "commit", lambda connection: ends.append("COMMIT"))
        event.listen(db.engine, "rollback", lambda connection: ends.append("ROLLBACK"))
    own.transaction_ends = ends
    yield own
    with own.app_context():
        db.session.execute(text("DELETE FROM organizations WHERE name LIKE 'prep-%'"))
        db.session.commit()
        db.engine.dispose()


def test_a_read_only_request_commits_and_the_connection_keeps_its_prepared_statements(own_app):
    client = own_app.test_client()
    for _ in range(7):  # psycopg prepares a statement on its sixth run on a connection
        assert client.get("/api/v1/health").status_code == 200

    assert own_app.transaction_ends == ["COMMIT"] * 7
    with own_app.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
    assert "SELECT 1" in prepared


def test_a_request_that_wrote_and_failed_rolls_back(own_app):
    client = own_app.test_client()

    response = client.post("/test/write-then-refuse/prep-refused")

    assert response.status_code == 409
    assert own_app.transaction_ends[-1] == "ROLLBACK"
    with own_app.app_context():
        assert (
            db.session.scalar(select(Organization).where(Organization.name == "prep-refused"))
            is None
        )


def test_a_change_never_flushed_is_not_committed_by_the_read_only_ending(own_app):
    with own_app.app_context():
        db.session.add(Organization(name="prep-kept", time_zone="UTC"))
        db.session.commit()
    own_app.transaction_ends.clear()
    client = own_app.test_client()

    assert client.post("/test/change-then-answer/prep-kept").status_code == 400

    assert own_app.transaction_ends == ["ROLLBACK"]
    with own_app.app_context():
        names = db.session.scalars(
            select(Organization.name).where(Organization.name.like("prep-kept%"))
        ).all()
    assert names == ["prep-kept"]
