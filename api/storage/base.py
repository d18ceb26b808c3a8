"""What every storage backend offers, and the record of a stored file."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import BinaryIO, Protocol

#: Size of each read from an upload and each write to a backend.
CHUNK_SIZE = 64 * 1024

_KEY = re.compile(r"[0-9a-f]{32}")


class ReadableStream(Protocol):
    """Anything with ``read(size)`` returning bytes: werkzeug's ``FileStorage.stream``, files."""

    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class StoredFile:
    """A file safely stored: its key (opaque, random), size, sha256 (hex) and sniffed type."""

    key: str
    size: int
    sha256: str
    content_type: str


class Storage(Protocol):
    """Where evidence files live. Keys are random; the client's file name is never one."""

    def save(self, stream: ReadableStream, *, max_bytes: int) -> StoredFile:
        """Store the stream's bytes if they are an allowed kind of file within ``max_bytes``.

        Raises ``EmptyFile``, ``FileTooLarge``, ``ForbiddenFileType`` (nothing is left behind)
        or ``StorageUnavailable``.
        """
        ...

    def open(self, key: str) -> BinaryIO:
        """A binary file object to read (and close); raises ``FileMissing``."""
        ...

    def delete(self, key: str) -> None:
        """Remove the file; removing a file that is already gone is not an error."""
        ...

    def exists(self, key: str) -> bool: ...


def new_key() -> str:
    return secrets.token_hex(16)


def check_key(key: str) -> str:
    """Refuse anything that is not a key we made, so a key can never reach outside the store."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError(f"Not a storage key: {key!r}")
    return key
