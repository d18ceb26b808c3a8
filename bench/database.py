"""A throwaway PostgreSQL database for a benchmark, and a statement counter."""

from __future__ import annotations

import contextlib
import os
import uuid

from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from api.app import create_app
from api.config import TestConfig, database_url
from api.extensions import db

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def scratch_database():
    """Yields the URL of a new empty PostgreSQL database, dropped afterwards."""
    server = database_url(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER)
    if not server.startswith("postgresql"):
        raise SystemExit("The benchmarks need PostgreSQL: set BENCH_DATABASE_URL.")
    name = f"eaa_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_app(url: str) -> Flask:
    """The app on the scratch database at `url`, its tables made (and no connection held)."""

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return app


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args, **kwargs) -> None:
        self.count += 1
