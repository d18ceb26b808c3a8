"""Deleting evidence files after their rows: queued in the same transaction, done after it.

The order keeps both sides whole. A failed commit deletes no file (the rows are all still
there); a file the store won't delete yet stays queued and is retried by the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from api.db import utcnow
from api.extensions import db
from api.privacy.models import PendingFileDeletion
from api.storage import Storage, StorageError
from api.transactions import transactional

log = logging.getLogger(__name__)
#: files tried per run of the worker's retry
BATCH = 500


@dataclass(frozen=True)
class FileCleanup:
    deleted: int
    pending: int


def queue_file_deletions(keys: Iterable[str | None]) -> list[str]:
    """Add (not commit) a pending deletion for each key; returns the keys queued."""
    queued = sorted({key for key in keys if key})
    db.session.add_all(PendingFileDeletion(storage_key=key) for key in queued)
    return queued


@transactional
def finish_file_deletions(storage: Storage, keys: Iterable[str] | None = None) -> FileCleanup:
    """Delete queued files from the store (these keys, or the oldest queued when None).

    A file deleted, or already gone, drops out of the queue; a failure is counted and stays
    queued with its reason. One operation (call it after the rows' own commit).
    """
    query = select(PendingFileDeletion).order_by(PendingFileDeletion.created_at)
    if keys is None:
        query = query.limit(BATCH)
    else:
        query = query.where(PendingFileDeletion.storage_key.in_(list(keys)))
    deleted = pending = 0
    for row in db.session.scalars(query).all():
        row.attempts += 1
        row.last_attempt_at = utcnow()
        try:
            storage.delete(row.storage_key)
        except (StorageError, OSError) as error:
            pending += 1
            row.last_error = (str(error) or type(error).__name__)[:500]
            log.warning("could not delete stored file %s yet: %s", row.storage_key, error)
            continue
        db.session.delete(row)
        deleted += 1
    return FileCleanup(deleted=deleted, pending=pending)
