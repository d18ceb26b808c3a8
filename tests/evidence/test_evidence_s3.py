"""The API over S3-compatible storage (moto's server speaking the real S3 protocol)."""

import hashlib
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.evidence.helpers import evidence_count, html_bytes, png_bytes, upload


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
def s3_store(app, s3_endpoint, monkeypatch):
    # Never let a developer's real AWS settings near the tests.
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
    url = (
        f"s3://evidence/school-a?endpoint_url={s3_endpoint}&region=us-east-1"
        "&access_key_id=testing&secret_access_key=testing"
    )
    # Built the way the app builds it from STORAGE_URL.
    monkeypatch.setitem(app.config, "STORAGE_URL", url)
    app.extensions.pop("storage", None)

    def objects() -> list[str]:
        return [
            item["Key"] for item in client.list_objects_v2(Bucket="evidence").get("Contents", [])
        ]

    return objects


def test_upload_download_and_delete_through_s3(app, client_for, school, cycle, s3_store):
    teacher = client_for(school.teacher)
    content = png_bytes()
    response = upload(teacher, cycle, content, "poster.png")
    assert response.status_code == 201, response.get_json()
    evidence = response.get_json()
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest()
    assert type(app.extensions["storage"]).__name__ == "S3Storage"
    (name,) = s3_store()
    assert name.startswith("school-a/") and "poster" not in name

    download = client_for(school.student).get(evidence["download_url"])
    assert download.status_code == 200
    assert download.data == content
    assert download.mimetype == "image/png"

    assert upload(teacher, cycle, html_bytes(), "sneaky.pdf").status_code == 415
    assert len(s3_store()) == 1

    assert teacher.delete(f"/api/v1/evidence/{evidence['id']}").status_code == 204
    assert s3_store() == []
    assert evidence_count() == 0
