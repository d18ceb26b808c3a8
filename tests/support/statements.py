"""Counting the SQL a block of code sends, for the statement budgets."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from api.extensions import db


@contextmanager
def counting_statements():
    """The SQL statements run inside the block, the test's own savepoints aside."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        # Savepoints are the test's rolled-back transaction at work, not the app's reads.
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
