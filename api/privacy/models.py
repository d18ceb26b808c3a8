"""Stored files whose rows are gone, waiting until the store confirms they are deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, CreatedMixin, IdMixin


class PendingFileDeletion(IdMixin, CreatedMixin, Base):
    """Written in the transaction that deletes a file's row; removed once the file is gone.

    A store that fails (S3 down, a disk error) leaves the row here, and the worker tries again,
    so a deletion the database committed always reaches the store in the end.
    """

    __tablename__ = "pending_file_deletions"

    #: the file's key in the evidence store
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None]
