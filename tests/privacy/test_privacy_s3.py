"""A privacy deletion removes the person's evidence files from S3-compatible storage too."""

from __future__ import annotations

import pytest

from api.actor import Actor
from api.privacy import service
from api.storage import storage_from_url
from tests.evidence.helpers import png_bytes
from tests.support.privacy import stored_evidence


@pytest.fixture()
def s3_store(s3_storage_url, bucket_keys):
    return storage_from_url(s3_storage_url, default_root=None), bucket_keys


def test_deleting_a_person_deletes_their_files_from_s3(database, school, make_cycle, s3_store):
    store, objects = s3_store
    cycle = make_cycle(school.team, state="evidence")
    stored_evidence(store, cycle, school.student, content=png_bytes(), name="a.png", title="Mine")
    theirs = stored_evidence(
        store, cycle, school.teacher, content=png_bytes(), name="b.png", title="The teacher's"
    )
    theirs_key = theirs.storage_key
    assert len(objects()) == 2

    result = service.delete_person(
        Actor(user=school.admin), school.org.id, school.student.id, storage=store
    )

    assert (result["files_deleted"], result["files_pending"]) == (1, 0)
    assert objects() == [f"school-a/{theirs_key}"]
    with store.open(theirs_key) as file:
        assert file.read() == png_bytes()
