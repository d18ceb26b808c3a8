"""Errors as HTTP: RFC 9457 problem details (application/problem+json).

The error types themselves are plain Python, in api/errors.py; api/error_handlers.py maps
each of them to one of these responses."""

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
