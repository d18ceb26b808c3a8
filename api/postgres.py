"""Keep PostgreSQL's prepared statements between requests.

psycopg prepares a statement on a connection once it has run a few times, so PostgreSQL stops
planning it again; but it forgets them all on every ROLLBACK, and a request that only read ends
with one (the session is closed). So a request that wrote nothing ends with COMMIT instead —
the same for a transaction that changed nothing — and the connection keeps what it prepared.
A request that wrote anything, or failed, still rolls back.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine, event

from api.extensions import db

WROTE = "eaa_wrote"


def tune(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "before_cursor_execute")
    def note_writes(connection, cursor, statement, parameters, context, executemany) -> None:
        # Anything but a plain SELECT counts as a write (a savepoint, a writable CTE too).
        if statement.lstrip()[:6].upper() != "SELECT":
            connection.info[WROTE] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def transaction_ended(connection) -> None:
        connection.info.pop(WROTE, None)

    @app.teardown_request
    def commit_if_read_only(error: BaseException | None) -> None:
        session = db.session()
        if error is not None or not session.in_transaction():
            return
        if session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get(WROTE):
            return
        session.commit()
