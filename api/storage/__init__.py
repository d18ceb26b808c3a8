"""Evidence file storage: local disk or S3, with content sniffing against an allow-list.

Plain Python (no Flask), so the web app, the worker and the CLI share it.
"""

from api.errors import (
    EmptyFile,
    FileMissing,
    FileTooLarge,
    ForbiddenFileType,
    StorageError,
    StorageUnavailable,
)
from api.storage.base import CHUNK_SIZE, ReadableStream, Storage, StoredFile
from api.storage.factory import storage_from_url
from api.storage.local import LocalStorage
from api.storage.s3 import S3Storage
from api.storage.sniffing import ALLOWED_CONTENT_TYPES, SNIFF_BYTES, sniff_content_type
from api.storage.streaming import UploadReader

__all__ = [
    "ALLOWED_CONTENT_TYPES",
    "CHUNK_SIZE",
    "SNIFF_BYTES",
    "EmptyFile",
    "FileMissing",
    "FileTooLarge",
    "ForbiddenFileType",
    "LocalStorage",
    "ReadableStream",
    "S3Storage",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "StoredFile",
    "UploadReader",
    "sniff_content_type",
    "storage_from_url",
]
