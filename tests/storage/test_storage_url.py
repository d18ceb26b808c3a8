"""STORAGE_URL picks the backend, and a wrong one says what is wrong."""

from __future__ import annotations

import io

import pytest

from api.storage import LocalStorage, S3Storage, storage_from_url


def test_empty_url_means_local_files_under_the_default_root(tmp_path):
    storage = storage_from_url("", tmp_path / "files")

    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "files"


def test_file_url_means_local_files_at_that_path(tmp_path):
    storage = storage_from_url(f"file://{tmp_path}/evidence%20files", tmp_path / "unused")

    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "evidence files"


def test_s3_url_with_endpoint_and_keys_stores_in_that_bucket(
    tmp_path, s3_endpoint, s3_client, bucket
):
    url = (
        f"s3://{bucket}/evidence?endpoint_url={s3_endpoint}&region=us-east-1"
        "&access_key_id=minio&secret_access_key=minio-secret"
    )

    storage = storage_from_url(url, tmp_path)
    stored = storage.save(io.BytesIO(b"observation notes"), max_bytes=1024)

    assert isinstance(storage, S3Storage)
    assert storage.prefix == "evidence/"
    objects = s3_client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [item["Key"] for item in objects] == [f"evidence/{stored.key}"]


def test_s3_url_without_keys_takes_them_from_the_aws_environment(tmp_path, s3_endpoint, bucket):
    storage = storage_from_url(f"s3://{bucket}?endpoint_url={s3_endpoint}", tmp_path)

    stored = storage.save(io.BytesIO(b"exit ticket"), max_bytes=1024)

    assert storage.exists(stored.key)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://files.example/evidence", "unsupported scheme 'ftp'"),
        ("/srv/evidence", "unsupported scheme ''"),
        ("file://relative/path", "absolute path"),
        ("file:relative/path", "absolute path"),
        ("file:///srv/evidence?fast=1", "no options"),
        ("s3://", "needs a bucket name"),
        ("s3://?endpoint_url=http://127.0.0.1:9000", "needs a bucket name"),
        (
            "s3://evidence?endpoint=http://x&secret_access_key=hunter2",
            "unknown s3 option(s) endpoint",
        ),
        ("s3://evidence?endpoint_url=127.0.0.1:9000", "must start with http"),
    ],
)
def test_bad_url_is_refused_with_a_clear_message(tmp_path, url, message):
    with pytest.raises(ValueError) as refused:
        storage_from_url(url, tmp_path)

    assert message in str(refused.value)
    assert "hunter2" not in str(refused.value)
