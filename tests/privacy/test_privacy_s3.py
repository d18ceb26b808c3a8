"""A privacy deletion removes the person's evidence files from S3-compatible storage too."""

from __future__ import annotations

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from api.auth.actor import Actor
from api.privacy import service
from api.storage import storage_from_url
from tests.evidence.helpers import png_bytes
from tests.privacy.conftest import stored_evidence


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture()
def s3_store(s3_endpoint, monkeypatch):
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket="evidence")
    store = storage_from_url(
        f"s3://evidence/school-a?endpoint_url={s3_endpoint}&region=us-east-1"
        "&access_key_id=testing&secret_access_key=testing",
        default_root=None,
    )

    def objects() -> list[str]:
        return [
            item["Key"] for item in client.list_objects_v2(Bucket="evidence").get("Contents", [])
        ]

    return store, objects


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
