"""Retention: an organization keeps ended cycles for a number of days it chooses; the worker
then deletes them with their evidence files. None keeps them forever."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cycles.models import Cycle
from api.db import utcnow
from api.evidence.models import Evidence
from api.extensions import db
from api.privacy.retention import delete_expired_cycles
from tests.evidence.helpers import png_bytes
from tests.support.privacy import stored_evidence


def org_url(school) -> str:
    return f"/api/v1/organizations/{school.org.id}"


def ended(make_cycle, team, state: str, days_ago: int, *, number: int = 1) -> Cycle:
    cycle = make_cycle(team, state=state, number=number)
    cycle.state_changed_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return cycle


def test_admins_set_the_retention_through_the_organization(client_for, school):
    admin = client_for(school.admin)
    assert admin.get(org_url(school)).get_json()["closed_cycle_retention_days"] is None
    response = admin.patch(org_url(school), json={"closed_cycle_retention_days": 365})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["closed_cycle_retention_days"] == 365
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert event.action == "organization.updated"
    assert event.details["closed_cycle_retention_days"] == 365
    assert (
        admin.patch(org_url(school), json={"closed_cycle_retention_days": None}).get_json()[
            "closed_cycle_retention_days"
        ]
        is None
    )


def test_a_retention_too_short_or_from_a_teacher_is_refused(client_for, school):
    too_short = client_for(school.admin).patch(
        org_url(school), json={"closed_cycle_retention_days": 3}
    )
    assert too_short.status_code == 422
    assert "closed_cycle_retention_days" in too_short.get_json()["errors"]
    teacher = client_for(school.teacher).patch(
        org_url(school), json={"closed_cycle_retention_days": 90}
    )
    assert teacher.status_code == 403


def test_cycles_ended_longer_ago_than_the_retention_go_with_their_files(
    database, school, make_cycle, make_team, store
):
    school.org.closed_cycle_retention_days = 30
    db.session.commit()
    old_closed = ended(make_cycle, school.team, "closed", 40)
    old_abandoned = ended(make_cycle, school.team, "abandoned", 31)
    recent = ended(make_cycle, school.team, "closed", 10)
    still_open = ended(make_cycle, school.team, "action", 400)
    forever = ended(make_cycle, make_team(school.outsider_org), "closed", 4000)
    photo = stored_evidence(
        store, old_closed, school.student, content=png_bytes(), name="poster.png", title="Poster"
    )
    key = photo.storage_key
    kept_ids = {recent.id, still_open.id, forever.id}
    gone_ids = {old_closed.id, old_abandoned.id}

    assert delete_expired_cycles(storage=store) == 2

    remaining = set(db.session.scalars(select(Cycle.id)))
    assert kept_ids <= remaining and not gone_ids & remaining
    assert db.session.scalars(select(Evidence.id)).all() == []
    assert not store.exists(key)
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.organization_id, event.actor_user_id) == (
        "retention.cycles_deleted",
        school.org.id,
        None,
    )
    assert event.details == {"cycles": 2, "evidence_files": 1, "retention_days": 30}
    # A second run finds nothing more to do.
    assert delete_expired_cycles(storage=store) == 0


def test_without_a_retention_nothing_is_deleted(database, school, make_cycle, store):
    ended(make_cycle, school.team, "closed", 5000)
    assert delete_expired_cycles(storage=store) == 0
    assert db.session.scalar(select(Cycle.id)) is not None


def test_the_retention_task_is_scheduled_and_runs_the_service(app, database, school, make_cycle):
    from worker.celery_app import create_celery
    from worker.schedule import BEAT_SCHEDULE

    assert "worker.tasks.delete_expired_cycles" in {e["task"] for e in BEAT_SCHEDULE.values()}
    school.org.closed_cycle_retention_days = 30
    db.session.commit()
    ended(make_cycle, school.team, "closed", 60)
    celery = create_celery(app)
    assert celery.tasks["worker.tasks.delete_expired_cycles"].apply().get() == 1
    assert db.session.scalar(select(Cycle.id)) is None
