"""The API over S3-compatible storage (moto's server speaking the real S3 protocol)."""

import hashlib

import pytest

from tests.evidence.helpers import evidence_count, html_bytes, png_bytes, upload


@pytest.fixture()
def s3_store(app, s3_storage_url, bucket_keys, monkeypatch):
    # Built the way the app builds it from STORAGE_URL.
    monkeypatch.setitem(app.config, "STORAGE_URL", s3_storage_url)
    app.extensions.pop("storage", None)
    return bucket_keys


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
