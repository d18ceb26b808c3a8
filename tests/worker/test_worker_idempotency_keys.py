"""Idempotency-Key records are forgotten after their 24 hours, by beat, hourly."""

from datetime import timedelta

from sqlalchemy import select

from api.db import utcnow
from api.extensions import db
from api.idempotency import IdempotencyRecord, forget_expired
from worker.schedule import BEAT_SCHEDULE


def make_record(user, key: str, *, expires_in: timedelta) -> str:
    record = IdempotencyRecord(
        owner=f"user:{user.id}",
        key=key,
        request_hash="0" * 64,
        status_code=201,
        content_type="application/json",
        body="{}",
        expires_at=utcnow() + expires_in,
        user_id=user.id,
    )
    db.session.add(record)
    db.session.commit()
    return record.id


def test_forget_expired_deletes_only_keys_past_their_24_hours(database, school):
    expired = make_record(school.admin, "old", expires_in=-timedelta(seconds=1))
    live = make_record(school.admin, "new", expires_in=timedelta(hours=23))
    assert forget_expired() == 1
    assert db.session.scalars(select(IdempotencyRecord.id)).all() == [live]
    assert db.session.get(IdempotencyRecord, expired) is None


def test_forget_task_runs_through_celery_apply(app, database, school):
    from worker.celery_app import create_celery

    celery = create_celery(app)
    make_record(school.admin, "old", expires_in=-timedelta(minutes=5))
    result = celery.tasks["worker.tasks.forget_idempotency_keys"].apply()
    assert result.get() == 1
    assert db.session.scalars(select(IdempotencyRecord.id)).all() == []


def test_beat_forgets_idempotency_keys_every_hour():
    entries = [e for e in BEAT_SCHEDULE.values() if e["task"].endswith("forget_idempotency_keys")]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.hour == set(range(24))
    assert len(schedule.minute) == 1
