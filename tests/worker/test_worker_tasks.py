from datetime import timedelta

from sqlalchemy import select

from api.actor import Actor
from api.auth.housekeeping import delete_stale_tokens
from api.auth.models import ApiToken
from api.auth.service import create_token
from api.db import utcnow
from api.extensions import db
from worker.celery_app import broker_url
from worker.schedule import BEAT_SCHEDULE


def make_tokens(user):
    fresh, _ = create_token(Actor(user=user), name="fresh", scopes=["read"], days=30)
    old, _ = create_token(Actor(user=user), name="old", scopes=["read"], days=30)
    old.expires_at = utcnow() - timedelta(days=31)
    db.session.commit()
    return fresh.id, old.id


def test_stale_tokens_are_deleted_and_live_ones_kept(database, school):
    fresh, old = make_tokens(school.teacher)
    assert delete_stale_tokens() == 1
    remaining = db.session.scalars(select(ApiToken.id)).all()
    assert fresh in remaining and old not in remaining


def test_clean_up_task_runs_through_celery_apply(app, database, school):
    from worker.celery_app import create_celery

    celery = create_celery(app)
    fresh, old = make_tokens(school.teacher)
    result = celery.tasks["worker.tasks.clean_up_old_tokens"].apply()
    assert result.get() == 1
    assert db.session.get(ApiToken, old) is None


def test_beat_schedule_names_registered_tasks(app):
    from worker.celery_app import create_celery

    celery = create_celery(app)
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in celery.tasks


def test_embedded_broker_when_no_redis_url(monkeypatch):
    from api.config import Config

    monkeypatch.setattr(Config, "REDIS_URL", "")
    assert broker_url(Config).startswith("sqla+sqlite:///")
    monkeypatch.setattr(Config, "REDIS_URL", "redis://127.0.0.1:6379/0")
    assert broker_url(Config) == "redis://127.0.0.1:6379/0"
