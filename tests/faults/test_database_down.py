"""The database goes away under a running app, and comes back.

On PostgreSQL (the services pass) the app reaches the server through a TCP proxy the test cuts:
live connections drop mid-query and new ones are refused. On the embedded default the honest
equivalent is a database file that cannot be opened (its volume not there yet). Either way the
API answers 503 problem+json with Retry-After — never a 500 or a stack trace — the health check
says the database is down, and the same app, not restarted, serves again once it is back.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.extensions import db
from tests.support.waiting import wait_for

UNREACHABLE = "We can't reach the database right now. Please try again in a moment."
#: a token no one holds: checking it reads the database, and answers 401 when it can
UNKNOWN_TOKEN = {"Authorization": "Bearer eaa_no-such-token"}

#: a network database: runs in the services pass (DATABASE_URL)
needs_postgres = pytest.mark.services


def assert_database_unreachable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    body = response.get_json()
    assert body["status"] == 503
    assert body["detail"] == UNREACHABLE
    text_ = response.get_data(as_text=True)
    assert "Traceback" not in text_ and "psycopg" not in text_ and "sqlite3" not in text_


def assert_serving(client) -> None:
    response = client.get("/api/v1/me", headers=UNKNOWN_TOKEN)
    assert response.status_code == 401, response.get_data(as_text=True)
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.get_json()["database"] == "ok"


def assert_health_says_database_down(client) -> None:
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.headers["Retry-After"] == "5"
    body = health.get_json()
    assert body["status"] == "down" and body["database"] == "unreachable"


@pytest.fixture()
def proxied_app(app, database_uri, make_fault_app, tcp_proxy):
    """An app that reaches this session's PostgreSQL database through a proxy the test cuts."""
    url = make_url(database_uri)
    proxy = tcp_proxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False)
    fault_app = make_fault_app(SQLALCHEMY_DATABASE_URI=proxied)

    @fault_app.get("/faults/slow-query")
    def slow_query():
        db.session.execute(text("SELECT pg_sleep(30)"))
        return {"finished": True}

    return fault_app, proxy


@needs_postgres
def test_postgres_lost_mid_request_answers_503_and_the_same_app_serves_again(
    proxied_app, database_uri
):
    fault_app, proxy = proxied_app
    client = fault_app.test_client()
    assert_serving(client)

    responses = []
    request = threading.Thread(
        target=lambda: responses.append(fault_app.test_client().get("/faults/slow-query"))
    )
    request.start()
    watcher = create_engine(database_uri)
    try:

        def query_running() -> bool:
            with watcher.connect() as connection:
                return bool(
                    connection.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND query LIKE 'SELECT pg_sleep(30)%'"
                        )
                    )
                )

        wait_for(query_running, 30, "the slow query to reach PostgreSQL")
        proxy.cut()
        request.join(timeout=30)
    finally:
        proxy.cut()
        request.join(timeout=30)
        watcher.dispose()
    assert len(responses) == 1
    assert_database_unreachable(responses[0])

    # While it is down: every request is a calm 503, and the health check says so.
    assert_database_unreachable(client.get("/api/v1/me", headers=UNKNOWN_TOKEN))
    assert_health_says_database_down(client)

    proxy.restore()
    assert_serving(client)


@needs_postgres
def test_postgres_restarted_while_idle_costs_no_failed_request(proxied_app):
    """Pooled connections that died while nobody used them are replaced before use."""
    fault_app, proxy = proxied_app
    client = fault_app.test_client()
    assert_serving(client)
    assert proxy.connections >= 1, "the pool should be holding a connection"

    proxy.cut()
    proxy.restore()

    assert_serving(client)


@needs_postgres
def test_postgres_that_stops_answering_fails_requests_in_seconds_then_serves_again(proxied_app):
    """A dropped network refuses nothing and answers nothing: without a connection timeout
    every request would wait for the operating system to give up, minutes later."""
    fault_app, proxy = proxied_app
    client = fault_app.test_client()
    assert_serving(client)

    proxy.silence()
    responses = []
    request = threading.Thread(
        target=lambda: responses.append(client.get("/api/v1/me", headers=UNKNOWN_TOKEN)),
        daemon=True,
    )
    request.start()
    request.join(timeout=30)

    assert responses, "the request was still waiting 30 s after the database went silent"
    assert_database_unreachable(responses[0])
    proxy.restore()
    assert_serving(client)


def test_database_that_cannot_be_opened_answers_503_then_serves_when_it_can(
    make_fault_app, tmp_path
):
    """The embedded default's equivalent: the database file's volume is not there, then is."""
    volume = tmp_path / "volume"
    fault_app = make_fault_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{volume / 'eaa.sqlite'}")
    client = fault_app.test_client()

    assert_database_unreachable(client.get("/api/v1/me", headers=UNKNOWN_TOKEN))
    assert_health_says_database_down(client)

    volume.mkdir()
    with fault_app.app_context():
        db.create_all()
    assert_serving(client)


def test_no_free_database_connection_answers_503_busy_not_500(make_fault_app, tmp_path):
    """Every pooled connection is taken (a traffic spike): a calm 503, then serving again."""
    fault_app = make_fault_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'eaa.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2},
    )
    with fault_app.app_context():
        db.create_all()
        db.session.remove()
        client = fault_app.test_client()
        held = db.engine.connect()
        try:
            response = client.get("/api/v1/me", headers=UNKNOWN_TOKEN)
        finally:
            held.close()
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["detail"] == (
        "The service is busy right now. Please try again in a moment."
    )
    assert_serving(client)
