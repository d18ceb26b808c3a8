"""Recording background work that failed for good, where admins can see it."""

from __future__ import annotations

import logging

from api.extensions import db
from api.notifications.models import FailedTask
from api.transactions import transaction

log = logging.getLogger(__name__)


def record_failed_task(name: str, args, kwargs, attempts: int, error: BaseException) -> None:
    try:
        db.session.rollback()  # what the task did is gone; the record of its failure stays
        with transaction():
            db.session.add(
                FailedTask(
                    task=name,
                    arguments={"args": list(args or []), "kwargs": dict(kwargs or {})},
                    attempts=attempts,
                    error=repr(error)[:2000],
                )
            )
    except Exception:  # the database itself may be what failed
        log.exception("could not record failed task %s", name)
    finally:
        db.session.remove()
