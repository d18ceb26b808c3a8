"""Evidence files in S3-compatible object storage (AWS S3, MinIO, Ceph...)."""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from collections.abc import Generator, Iterator
from typing import IO, Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from api.errors import FileMissing, StorageUnavailable
from api.storage.base import CHUNK_SIZE, ReadableStream, StoredFile, check_key, new_key
from api.storage.streaming import UploadReader

log = logging.getLogger(__name__)

#: S3 refuses parts under 5 MiB (except the last one).
MIN_PART_SIZE = 5 * 1024 * 1024
#: A part is gathered in memory up to this size, then on disk.
_PART_MEMORY = 1024 * 1024

_BOTO_ERRORS = (BotoCoreError, ClientError)


class S3Storage:
    """Objects in ``bucket``, named ``prefix + key``.

    An upload fitting in one part is sent with one PutObject; a bigger one goes up as a
    multipart upload, one part at a time, so memory holds at most a chunk plus ~1 MiB of the
    part being gathered. If anything fails (too large, not allowed, network) the multipart
    upload is aborted and no object appears.
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        prefix: str = "",
        part_size: int = 8 * 1024 * 1024,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes")
        self.bucket = bucket
        self.prefix = prefix
        self.part_size = part_size
        self.chunk_size = chunk_size
        # Credentials left as None come from the standard AWS environment variables or files.
        self.client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            # Path-style addressing works with MinIO and other self-hosted stores.
            config=Config(
                s3={"addressing_style": "path"} if endpoint_url else {},
                retries={"mode": "standard", "max_attempts": 3},
            ),
        )

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def object_name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def save(self, stream: ReadableStream, *, max_bytes: int) -> StoredFile:
        upload = UploadReader(stream, max_bytes=max_bytes, chunk_size=self.chunk_size)
        key = new_key()
        name = self.object_name(key)
        parts = _gather_parts(upload.chunks(), self.part_size)
        try:
            with next(parts) as first:
                second = next(parts, None)
                if second is None:
                    self._put(name, first, upload.content_type)
                else:
                    self._multipart(name, first, second, parts, upload.content_type)
        except _BOTO_ERRORS as error:
            raise StorageUnavailable() from error
        finally:
            parts.close()
        return upload.stored_file(key)

    def _put(self, name: str, body: IO[bytes], content_type: str) -> None:
        body.seek(0)
        self.client.put_object(Bucket=self.bucket, Key=name, Body=body, ContentType=content_type)

    def _multipart(
        self,
        name: str,
        first: IO[bytes],
        second: IO[bytes],
        rest: Iterator[IO[bytes]],
        content_type: str,
    ) -> None:
        started = self.client.create_multipart_upload(
            Bucket=self.bucket, Key=name, ContentType=content_type
        )
        upload_id = started["UploadId"]
        uploaded: list[dict[str, Any]] = []
        try:
            self._upload_part(name, upload_id, first, uploaded)
            with second:
                self._upload_part(name, upload_id, second, uploaded)
            for part in rest:
                with part:
                    self._upload_part(name, upload_id, part, uploaded)
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=name,
                UploadId=upload_id,
                MultipartUpload={"Parts": uploaded},
            )
        except BaseException:
            self._abort(name, upload_id)
            raise

    def _upload_part(
        self, name: str, upload_id: str, body: IO[bytes], uploaded: list[dict[str, Any]]
    ) -> None:
        body.seek(0)
        number = len(uploaded) + 1
        response = self.client.upload_part(
            Bucket=self.bucket, Key=name, UploadId=upload_id, PartNumber=number, Body=body
        )
        uploaded.append({"PartNumber": number, "ETag": response["ETag"]})

    def _abort(self, name: str, upload_id: str) -> None:
        try:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)
        except _BOTO_ERRORS:
            # The bucket's lifecycle rule for incomplete uploads is the backstop.
            log.warning("Could not abort multipart upload %s of %s", upload_id, name, exc_info=True)

    def open(self, key: str) -> BinaryIO:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as error:
            if _is_missing(error):
                raise FileMissing() from None
            raise StorageUnavailable() from error
        except BotoCoreError as error:
            raise StorageUnavailable() from error
        return io.BufferedReader(_BodyReader(response["Body"]), buffer_size=self.chunk_size)

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.object_name(key))
        except _BOTO_ERRORS as error:
            raise StorageUnavailable() from error

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as error:
            if _is_missing(error):
                return False
            raise StorageUnavailable() from error
        except BotoCoreError as error:
            raise StorageUnavailable() from error
        return True


def _gather_parts(chunks: Iterator[bytes], part_size: int) -> Generator[IO[bytes], None, None]:
    """Group chunks into parts of at least ``part_size`` bytes (the last may be smaller).

    Each part is a spooled temporary file; the consumer closes it.
    """
    part = _new_part()
    try:
        for chunk in chunks:
            part.write(chunk)
            if part.tell() >= part_size:
                yield part
                part = _new_part()
        if part.tell():
            yield part
        else:
            part.close()
    except BaseException:
        part.close()
        raise


def _new_part() -> IO[bytes]:
    # Handed to the caller, who closes it once the part is uploaded.
    return tempfile.SpooledTemporaryFile(max_size=_PART_MEMORY)  # noqa: SIM115


def _is_missing(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


class _BodyReader(io.RawIOBase):
    """botocore's streaming body as a raw binary stream, so callers get a real file object."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with contextlib.suppress(*_BOTO_ERRORS):
            self._body.close()
        super().close()
