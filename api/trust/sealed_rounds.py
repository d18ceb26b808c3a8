"""Closing a sealed round (a trust survey, a class pulse): the round's row locked, then every
sealed answer opened and deleted in the same transaction, so what is left is the counts alone.

A round's model has an `id`; its answers' model has `sealed` and a column naming the
round. Answers sealed under another key (SECRET_KEY rotated while it was open) are deleted
unread and not counted (docs/privacy.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from api.extensions import db
from api.trust.sealing import Unreadable, unseal


def lock_round(model: Any, round_id: str) -> Any:
    """The round's row, locked and read afresh: answering and closing take turns, so no answer
    lands after the count, and a round closed meanwhile is seen closed."""
    locked = db.session.scalars(select(model).where(model.id == round_id).with_for_update()).one()
    db.session.refresh(locked)
    return locked


def take_sealed_answers(round_column: Any, round_id: str) -> list[dict]:
    """Open every sealed answer of the round and delete them all (flushed, not committed)."""
    answers = round_column.class_
    contents = []
    for sealed in db.session.scalars(select(answers.sealed).where(round_column == round_id)):
        try:
            contents.append(unseal(round_id, sealed))
        except Unreadable:
            continue
    db.session.execute(delete(answers).where(round_column == round_id))
    return contents
