"""Evidence files on the local disk (the embedded default)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from api.errors import FileMissing, StorageUnavailable
from api.storage.base import CHUNK_SIZE, ReadableStream, StoredFile, check_key, new_key
from api.storage.streaming import UploadReader


class LocalStorage:
    """Files under ``root``, sharded by the first two characters of their key.

    An upload is written to ``root/.incoming`` and renamed into place once complete and
    checked, so a reader never sees half a file and a refused upload leaves no file.
    """

    def __init__(self, root: Path, *, chunk_size: int = CHUNK_SIZE) -> None:
        self.root = Path(root)
        self.chunk_size = chunk_size

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    @property
    def incoming(self) -> Path:
        # Inside root, so on the same file system: the final rename is atomic.
        return self.root / ".incoming"

    def path(self, key: str) -> Path:
        check_key(key)
        return self.root / key[:2] / key

    def save(self, stream: ReadableStream, *, max_bytes: int) -> StoredFile:
        upload = UploadReader(stream, max_bytes=max_bytes, chunk_size=self.chunk_size)
        key = new_key()
        try:
            self.incoming.mkdir(parents=True, exist_ok=True)
            descriptor, temporary_name = tempfile.mkstemp(dir=self.incoming, suffix=".part")
        except OSError as error:
            raise StorageUnavailable() from error
        temporary = Path(temporary_name)
        try:
            with os.fdopen(descriptor, "wb") as file:
                for chunk in upload.chunks():
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            final = self.path(key)
            final.parent.mkdir(exist_ok=True)
            os.replace(temporary, final)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StorageUnavailable() from error
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return upload.stored_file(key)

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise FileMissing() from None

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(key).unlink()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()
