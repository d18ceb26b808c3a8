"""Errors raised while storing evidence files; each carries a message a person can read."""

from __future__ import annotations

ALLOWED_KINDS_MESSAGE = (
    "This kind of file can't be added. Try a photo, PDF, office document, plain text or audio file."
)


class StorageError(Exception):
    """Base of the storage errors. ``detail`` is safe to show to the person uploading.

    ``status`` is the HTTP status the web layer should answer with; this module never imports
    Flask, so the mapping stays a plain number here.
    """

    status = 500
    detail = "Something went wrong while handling the file. Please try again."

    def __init__(self, detail: str | None = None) -> None:
        if detail is not None:
            self.detail = detail
        super().__init__(self.detail)


class EmptyFile(StorageError):
    status = 422
    detail = "This file is empty. Choose a file that has something in it."


class FileTooLarge(StorageError):
    status = 413

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        super().__init__(
            f"This file is bigger than the {format_size(max_bytes)} limit. Try a smaller file."
        )


class ForbiddenFileType(StorageError):
    status = 415
    detail = ALLOWED_KINDS_MESSAGE

    def __init__(self, detected: str | None = None) -> None:
        #: What the bytes looked like ("ELF executable", "HTML"), for logs; never shown to people.
        self.detected = detected
        super().__init__()


class FileMissing(StorageError):
    status = 404
    detail = "This file is no longer available."


class StorageUnavailable(StorageError):
    status = 503
    detail = "We couldn't store the file just now. Please try again in a moment."


def format_size(size: int) -> str:
    """Say a byte count the way people do: ``25 MB``, ``1.5 MB``, ``300 KB``."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
