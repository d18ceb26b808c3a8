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
from sqlalchemy import create_engine, select

from api.activity.models import ActivityEntry
from api.app import create_app
from api.config import TestConfig, database_url
from api.db import Base
from api.extensions import db
from api.organizations.models import Organization
from api.roster.models import TeamExternalId
from api.teams.models import Membership, Role, Team
from api.users.models import ExternalIdentity
from api.users.service import create_user
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


def test_memberships_the_roster_sync_made_get_their_source_and_hand_added_ones_do_not(
    empty_database,
):
    """0022 reads the roster sync's "joined the team" activity to mark what it brought."""
    config = alembic_config(empty_database)
    command.upgrade(config, "head")

    class MigratedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database

    app = create_app(MigratedConfig)
    with app.app_context():
        org = Organization(name="Backfill School")
        db.session.add(org)
        db.session.flush()
        team = Team(organization_id=org.id, name="Science 7B")
        db.session.add(team)
        db.session.flush()
        db.session.add(
            TeamExternalId(team_id=team.id, organization_id=org.id, source="sis", external_id="c-1")
        )
        memberships = {}
        for number, name in enumerate(("Jamal King", "Mei Chen")):
            user = create_user(display_name=name, email=f"p{number}@school.example")
            db.session.add(
                ExternalIdentity(
                    user_id=user.id, organization_id=org.id, source="sis", external_id=f"s-{number}"
                )
            )
            membership = Membership(team_id=team.id, user_id=user.id, role=Role.student)
            db.session.add(membership)
            db.session.flush()
            memberships[name] = membership.id
        for name, what in (("Jamal King", "joined the team as"), ("Mei Chen", "is now a")):
            db.session.add(
                ActivityEntry(
                    team_id=team.id,
                    verb="member.synced",
                    summary=f"{name} {what} student (roster sync)",
                    subject_id=memberships[name],
                )
            )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
        command.downgrade(config, "0021")
        command.upgrade(config, "0022")
        sources = dict(db.session.execute(select(Membership.id, Membership.roster_source)).all())
        db.session.remove()
        db.engine.dispose()
    assert sources == {memberships["Jamal King"]: "sis", memberships["Mei Chen"]: None}
