"""An org admin deletes a student: their account and personal data go, their evidence files
leave the store, their actions lose their owner; the team's shared work stays (credited to
"A former student") and anonymous trust results stay exactly the same."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.actor import Actor
from api.audit.models import AuditEvent
from api.db import Base
from api.evidence.models import Evidence
from api.extensions import db
from api.organizations.models import OrgMembership
from api.privacy import service
from api.privacy.files import finish_file_deletions
from api.privacy.models import PendingFileDeletion
from api.storage import LocalStorage, StorageUnavailable
from api.teams.models import Membership
from api.trust.models import Commitment, TrustReceipt, TrustResultCount
from api.users.models import User
from tests.support.client import ApiClient


def deletion_url(school, user_id) -> str:
    return f"/api/v1/organizations/{school.org.id}/people/{user_id}/privacy-deletion"


def results(client, survey) -> dict:
    response = client.get(f"/api/v1/trust-surveys/{survey.id}/results")
    assert response.status_code == 200
    return response.get_json()


def everything_stored() -> str:
    """Every row of every table, as text."""
    return "\n".join(
        repr(db.session.execute(select(table)).all()) for table in Base.metadata.sorted_tables
    )


class RefusingStore(LocalStorage):
    """A store that keeps files but won't delete them (S3 down, a disk error)."""

    def delete(self, key: str) -> None:
        raise StorageUnavailable()


def test_deleting_a_student_removes_them_and_keeps_the_teams_work(
    app, client_for, school, story, store
):
    teacher = client_for(school.teacher)
    results_before = results(teacher, story.survey)
    responses_before = db.session.scalar(select(func.count()).select_from(TrustResultCount))
    poster_key = story.poster.storage_key

    response = client_for(school.admin).post(deletion_url(school, story.sam.id))

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "user_id": story.sam.id,
        "display_name": "A former student",
        "evidence_deleted": 2,
        "files_deleted": 1,
        "files_pending": 0,
        "actions_unassigned": 1,
    }
    db.session.expire_all()
    sam = db.session.get(User, story.sam.id)
    assert (sam.display_name, sam.email, sam.password_hash, sam.is_active) == (
        "A former student",
        None,
        None,
        False,
    )
    assert (
        ApiClient(app)
        .post("/api/v1/auth/session", json={"login": "sam", "password": "correct horse battery"})
        .status_code
        == 401
    )
    # Their evidence and its file are gone; the teacher's evidence stays.
    assert not store.exists(poster_key)
    assert db.session.scalars(select(Evidence.title)).all() == ["Walkthrough"]
    # The action stays, without an owner; notes, comments and the reflection stay, unnamed.
    assert db.session.get(Action, story.action.id).owner_id is None
    comments = teacher.get(f"/api/v1/cycles/{story.cycle.id}/comments").get_json()
    assert [c["author"]["display_name"] for c in comments] == ["A former student"]
    assert [
        entry.summary
        for entry in db.session.scalars(
            select(ActivityEntry)
            .where(ActivityEntry.verb != "trust.survey_closed")
            .order_by(ActivityEntry.summary)
        )
    ] == [
        "A former student joined the team as student (roster sync)",
        "planned “Try exit tickets” for A former student",
    ]
    # Their own rows are gone.
    for model in (OrgMembership, Membership, Commitment, TrustReceipt):
        assert not db.session.scalars(select(model).where(model.user_id == sam.id)).all()
    # Nothing anywhere still holds their name or username.
    stored = everything_stored()
    assert "Sam Student" not in stored and "'sam'" not in stored
    assert "Poster from week 2" not in stored
    # Anonymous survey answers were never theirs to delete: results are exactly the same.
    assert db.session.scalar(select(func.count()).select_from(TrustResultCount)) == responses_before
    assert results(teacher, story.survey) == results_before


def test_a_deletion_is_audited_without_the_persons_name(client_for, school, story):
    admin = client_for(school.admin)
    admin.post(deletion_url(school, story.sam.id))
    listed = admin.get(
        f"/api/v1/organizations/{school.org.id}/audit-events?action=privacy.deleted"
    ).get_json()
    assert len(listed) == 1
    assert listed[0]["subject_id"] == story.sam.id
    assert listed[0]["details"] == {"evidence_deleted": 2, "actions_unassigned": 1}
    assert "Sam" not in json.dumps(listed) and "sam" not in json.dumps(listed)


def test_a_file_the_store_refuses_is_queued_and_nothing_is_half_written(
    app, client_for, school, story, store
):
    key, poster_id = story.poster.storage_key, story.poster.id
    app.extensions["storage"] = RefusingStore(store.root)
    response = client_for(school.admin).post(deletion_url(school, story.sam.id))

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["files_pending"] == 1
    # The database side is complete: no row points at the file that is still there.
    assert db.session.get(Evidence, poster_id) is None
    assert db.session.get(User, story.sam.id).is_active is False
    (pending,) = db.session.scalars(select(PendingFileDeletion)).all()
    assert (pending.storage_key, pending.attempts) == (key, 1)
    assert pending.last_error
    assert store.exists(key)

    # The worker's next run, with the store working again, finishes the job.
    cleanup = finish_file_deletions(store)
    assert (cleanup.deleted, cleanup.pending) == (1, 0)
    assert not store.exists(key)
    assert db.session.scalar(select(func.count(PendingFileDeletion.id))) == 0


def test_a_failed_commit_deletes_no_file(monkeypatch, database, school, story, store):
    key = story.poster.storage_key

    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        service.delete_person(Actor(user=school.admin), school.org.id, story.sam.id, storage=store)
    monkeypatch.undo()
    db.session.rollback()
    assert store.exists(key)
    assert db.session.get(Evidence, story.poster.id) is not None
    assert db.session.get(User, story.sam.id).display_name == "Sam Student"
    assert db.session.scalar(select(AuditEvent.id)) is None


def test_the_worker_task_finishes_queued_file_deletions(app, database, school, story, store):
    from worker.celery_app import create_celery
    from worker.schedule import BEAT_SCHEDULE

    key = story.poster.storage_key
    service.delete_person(
        Actor(user=school.admin), school.org.id, story.sam.id, storage=RefusingStore(store.root)
    )
    assert store.exists(key)
    celery = create_celery(app)
    assert celery.tasks["worker.tasks.finish_file_deletions"].apply().get() == 1
    assert not store.exists(key)
    assert "worker.tasks.finish_file_deletions" in {e["task"] for e in BEAT_SCHEDULE.values()}


def test_who_may_be_deleted_and_by_whom(client_for, make_org, school, story):
    url = deletion_url(school, story.sam.id)
    assert client_for(school.teacher).post(url).status_code == 403
    assert client_for(school.student).post(url).status_code == 403
    assert client_for(school.outsider).post(url).status_code == 404
    admin = client_for(school.admin)
    assert admin.post(deletion_url(school, school.admin.id)).status_code == 409
    assert admin.post(deletion_url(school, school.outsider.id)).status_code == 404
    # Someone who is also in another school is that school's to remove first.
    db.session.add(OrgMembership(organization_id=school.outsider_org.id, user_id=story.sam.id))
    db.session.commit()
    refused = admin.post(url)
    assert refused.status_code == 409
    assert refused.mimetype == "application/problem+json"
    assert db.session.get(User, story.sam.id).display_name == "Sam Student"
