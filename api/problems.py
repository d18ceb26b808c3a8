"""Errors as RFC 9457 problem details, and the typed errors services raise."""

from __future__ import annotations

from typing import Any

from flask import Response, json
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_TYPE_BASE = "https://eaa.example/problems/"


_WEBARGS_LOCATIONS = {"json", "json_or_form", "query", "form", "files", "headers"}


def _flatten_webargs(errors: Any) -> Any:
    # webargs nests field errors under the location ("json", "query"); clients want the fields.
    if isinstance(errors, dict) and set(errors) <= _WEBARGS_LOCATIONS:
        merged: dict[str, Any] = {}
        for part in errors.values():
            if isinstance(part, dict):
                merged.update(part)
        return merged
    return errors


def problem_response(
    status: int,
    *,
    detail: str | None = None,
    errors: Any = None,
    headers: dict | None = None,
    **extra: Any,
) -> Response:
    title = HTTP_STATUS_CODES.get(status, "Error")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + title.lower().replace(" ", "-"),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = _flatten_webargs(errors)
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class ServiceError(Exception):
    """Base of the errors services raise; one handler turns them into HTTP."""

    status = 400

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequest(ServiceError):
    status = 400


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class GuardFailed(Conflict):
    """A workflow guard said no; `reasons` say why in plain words."""


class StaleVersion(ServiceError):
    status = 412


class TooLarge(ServiceError):
    status = 413


class Unprocessable(ServiceError):
    """Input that parses but breaks a rule; `errors` maps fields to messages."""

    status = 422


class UnsupportedMedia(ServiceError):
    status = 415


class PreconditionRequired(ServiceError):
    status = 428
