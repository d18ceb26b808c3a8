"""Migrations: one head, and the migrated schema is exactly what the models describe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from api.config import database_url
from api.db import Base
from tests.support.databases import scratch_postgres_database

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    return config


@pytest.fixture()
def empty_database(tmp_path):
    """A fresh, empty database of the kind this run uses."""
    url = database_url("")
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    with scratch_postgres_database("eaa_migrations") as scratch:
        yield scratch


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_migration_files_carry_a_date_in_their_names():
    names = [p.name for p in (ROOT / "migrations" / "versions").glob("*.py")]
    assert names and all(name[:8].isdigit() for name in names)


def test_migrated_schema_matches_the_models_and_downgrades_cleanly(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    command.downgrade(config, "base")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() is None
    engine.dispose()


def test_the_app_does_not_migrate_itself_at_start_up():
    source = (ROOT / "api" / "app.py").read_text()
    assert "upgrade" not in source and "create_all" not in source
    assert os.path.exists(ROOT / "migrations" / "env.py")
