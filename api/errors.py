"""Every error the services raise, as plain Python (no Flask): the request's path, the worker
and the CLI catch the same types. How each one looks over HTTP is api/problems.py.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of the errors services raise; api/error_handlers.py turns them into HTTP.

    ``detail`` is safe to show to the person; ``status`` is the HTTP status to answer with
    (a plain number: this module never imports Flask); ``extra`` goes into the problem
    document (``errors`` for fields, ``reasons`` for a blocked move).
    """

    status = 400
    detail = "That request can't be handled."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        if detail is not None:
            self.detail = detail
        super().__init__(self.detail)
        self.extra = extra


class BadRequest(ServiceError):
    status = 400


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class GuardFailed(Conflict):
    """A workflow guard said no; `reasons` say why in plain words."""


class StaleVersion(ServiceError):
    status = 412


class TooLarge(ServiceError):
    status = 413


class Unprocessable(ServiceError):
    """Input that parses but breaks a rule; `errors` maps fields to messages."""

    status = 422


class UnsupportedMedia(ServiceError):
    status = 415


class BadGateway(ServiceError):
    """A system we depend on (an LMS, for instance) did not answer as it should."""

    status = 502


class PreconditionRequired(ServiceError):
    status = 428


# ---- Storing evidence files ----------------------------------------------------------------

ALLOWED_KINDS_MESSAGE = (
    "This kind of file can't be added. Try a photo, PDF, office document, plain text or audio file."
)


class StorageError(ServiceError):
    """Base of the errors raised while storing evidence files (api/storage)."""

    status = 500
    detail = "Something went wrong while handling the file. Please try again."


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
