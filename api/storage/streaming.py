"""Read an upload in chunks: sniff its type first, then count and hash as the bytes go by."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator

from api.errors import EmptyFile, FileTooLarge, ForbiddenFileType
from api.storage.base import CHUNK_SIZE, ReadableStream, StoredFile
from api.storage.sniffing import SNIFF_BYTES, TEXT, sniff_content_type


class UploadReader:
    """One pass over an upload stream, never holding more than a chunk or two in memory.

    Creating it reads the first bytes and sniffs them, so ``EmptyFile`` and
    ``ForbiddenFileType`` come before a backend writes anything. Iterating ``chunks()`` yields
    the whole file (first bytes included) and raises ``FileTooLarge`` as soon as the count
    passes ``max_bytes``; for text it keeps checking that the rest is text too.
    """

    def __init__(
        self, stream: ReadableStream, *, max_bytes: int, chunk_size: int = CHUNK_SIZE
    ) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        self._stream = stream
        self.max_bytes = max_bytes
        self.chunk_size = chunk_size
        self.size = 0
        self._hash = hashlib.sha256()
        self._head = self._read_head()
        if not self._head:
            raise EmptyFile()
        self._check_size(len(self._head))
        self.content_type = sniff_content_type(self._head)
        self._text_decoder = (
            codecs.getincrementaldecoder("utf-8")() if self.content_type == TEXT else None
        )
        self._done = False

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def stored_file(self, key: str) -> StoredFile:
        if not self._done:
            raise RuntimeError("The upload has not been read to the end yet")
        return StoredFile(
            key=key, size=self.size, sha256=self.sha256, content_type=self.content_type
        )

    def chunks(self) -> Iterator[bytes]:
        chunk = self._head
        while chunk:
            self._accept(chunk)
            yield chunk
            chunk = self._read(self.chunk_size)
        if self._text_decoder is not None:
            self._check_text(b"", final=True)
        self._done = True

    def _read_head(self) -> bytes:
        # A stream may hand back less than asked for; gather the sniffing window or the file.
        parts = []
        wanted = SNIFF_BYTES
        while wanted > 0:
            part = self._read(min(wanted, self.chunk_size))
            if not part:
                break
            parts.append(part)
            wanted -= len(part)
        return b"".join(parts)

    def _read(self, size: int) -> bytes:
        return self._stream.read(size) or b""

    def _accept(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self._check_size(self.size)
        self._hash.update(chunk)
        if self._text_decoder is not None:
            self._check_text(chunk, final=False)

    def _check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise FileTooLarge(self.max_bytes)

    def _check_text(self, chunk: bytes, *, final: bool) -> None:
        assert self._text_decoder is not None
        try:
            self._text_decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise ForbiddenFileType(detected="text that is not UTF-8") from None
        if b"\0" in chunk:
            raise ForbiddenFileType(detected="binary data after a text start")
