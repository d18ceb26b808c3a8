"""One commit per operation.

A public service function is one operation: it commits once, at its end, or changes nothing.
Mark it so, and let everything it calls only add and flush:

    from api.transactions import transactional

    @transactional
    def close_cycle(actor, cycle_id): ...        # commits when it returns, rolls back if it raises

    with transaction():                          # the same, around a block (a loop's one item)
        ...

    on_commit(lambda: storage.delete(key))       # work outside the database, once it is committed

Operations nest: an operation called from inside another one joins it, so the outermost one
commits everything or nothing. Inside an operation `db.session.commit()` is refused (a
RuntimeError), because a commit halfway through would leave the first half written when the
second half fails. An error caught *inside* an operation does not undo what was flushed before
it; wrap that part in `db.session.begin_nested()` when it must be undone on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from api.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

#: how many operations are open on a session (kept in Session.info, so per session and thread)
_DEPTH = "eaa.operations"
_ON_COMMIT = "eaa.on_commit"


@contextmanager
def transaction() -> Iterator[None]:
    """Run the block as one operation: commit at its end, roll back if it raises; inside
    another operation, join that one."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield
    except BaseException:
        session.info[_DEPTH] = depth
        if depth == 0:
            session.info.pop(_ON_COMMIT, None)
            db.session.rollback()
        raise
    session.info[_DEPTH] = depth
    if depth == 0:
        try:
            db.session.commit()
        except BaseException:
            session.info.pop(_ON_COMMIT, None)
            db.session.rollback()
            raise
        for callback in session.info.pop(_ON_COMMIT, []):
            callback()


def on_commit(callback: Callable[[], object]) -> None:
    """Call `callback` once the current operation has committed (never if it rolls back);
    outside an operation, now. For what the database cannot undo: files, mail."""
    session = db.session()
    if session.info.get(_DEPTH, 0) == 0:
        callback()
    else:
        session.info.setdefault(_ON_COMMIT, []).append(callback)


def transactional(function: Callable[P, R]) -> Callable[P, R]:
    """Make a service function one operation (see transaction())."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return function(*args, **kwargs)

    return wrapper


def in_operation() -> bool:
    """True inside transaction() or a @transactional function."""
    return db.session().info.get(_DEPTH, 0) > 0


@event.listens_for(Session, "before_commit")
def _refuse_commit_inside_an_operation(session: Session) -> None:
    # A savepoint (begin_nested) inside an operation is fine: it ends inside it.
    if session.info.get(_DEPTH, 0) > 0 and not session.in_nested_transaction():
        raise RuntimeError(
            "commit() inside an operation: helpers only flush; the outermost "
            "@transactional function or transaction() block commits"
        )
