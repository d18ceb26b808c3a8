"""One place that turns exceptions into problem+json responses."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from api.extensions import db, rest_api
from api.problems import ServiceError, problem_response
from api.storage import ForbiddenFileType, StorageError, StorageUnavailable

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
    def database_unavailable(error: OperationalError):
        db.session.rollback()
        log.warning("database unavailable: %s", error.orig)
        return problem_response(
            503,
            detail="The service is busy or restarting. Please try again in a moment.",
            headers={"Retry-After": "5"},
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return rest_api.handle_http_exception(error)
        db.session.rollback()
        log.exception("unhandled error")
        return problem_response(500, detail="Something went wrong on our side. Please try again.")
