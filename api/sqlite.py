"""Make SQLite behave: real transactions (pysqlite's own handling breaks savepoints) and
foreign keys enforced, so the embedded default keeps the same rules as PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, event


def tune(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        # IMMEDIATE: writers queue for the lock up front, so no transaction fails half-way
        # when another wrote first (the embedded default has few writers; this keeps it correct).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
