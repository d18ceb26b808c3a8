"""One place that turns exceptions (api/errors.py, the database's, werkzeug's) into
problem+json responses (api/problems.py)."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from api.errors import ForbiddenFileType, ServiceError, StorageError, StorageUnavailable
from api.extensions import db, rest_api
from api.problems import problem_response

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        # Nothing half-written survives a refused request.
        db.session.rollback()
        return problem_response(error.status, detail=error.detail, **error.extra)

    @app.errorhandler(StorageError)
    def storage_error(error: StorageError):
        db.session.rollback()
        if isinstance(error, ForbiddenFileType):
            log.info("refused an upload that looked like %s", error.detected)
        elif isinstance(error, StorageUnavailable):
            log.warning("evidence storage unavailable: %r", error.__cause__)
        headers = {"Retry-After": "5"} if isinstance(error, StorageUnavailable) else None
        return problem_response(error.status, detail=error.detail, headers=headers)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        db.session.rollback()
        log.info("integrity error: %s", error.orig)
        return problem_response(409, detail="That clashes with something that already exists.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error: Exception):
        return _database_unavailable(error)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if error.connection_invalidated:  # a dropped connection, whatever the driver called it
            return _database_unavailable(error)
        return unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return rest_api.handle_http_exception(error)
        db.session.rollback()
        log.exception("unhandled error")
        return problem_response(500, detail="Something went wrong on our side. Please try again.")


def _database_unavailable(error: Exception):
    """503 with Retry-After: the database is down, restarting or overloaded, not our bug."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: drop the session, the next request starts clean
        log.debug("rollback after a database error failed", exc_info=True)
        db.session.remove()
    log.warning("database unavailable: %s", getattr(error, "orig", None) or error)
    detail = (
        "We can't reach the database right now. Please try again in a moment."
        if _unreachable(error)
        else "The service is busy right now. Please try again in a moment."
    )
    return problem_response(503, detail=detail, headers={"Retry-After": "5"})


def _unreachable(error: Exception) -> bool:
    # Lost connections carry no SQLSTATE; a deadlock or lock timeout (busy, not down) has one.
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    orig = error.orig
    if getattr(orig, "sqlite_errorname", None) is not None:
        return orig.sqlite_errorname == "SQLITE_CANTOPEN"
    return getattr(orig, "sqlstate", "") is None
