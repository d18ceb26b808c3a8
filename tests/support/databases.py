"""Which database the tests run on, and scratch PostgreSQL databases of their own."""

from __future__ import annotations

import contextlib
import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.config import TestConfig


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgresql")


@contextlib.contextmanager
def scratch_postgres_database(prefix: str):
    """A new, empty database on the PostgreSQL server DATABASE_URL names; yields its URL and
    drops it afterwards (connections still open included)."""
    server = TestConfig.SQLALCHEMY_DATABASE_URI
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
