"""Unbound extensions, bound to an app in create_app()."""

from __future__ import annotations

import http

import marshmallow as ma
from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response
from flask_sqlalchemy import SQLAlchemy

from api.db import Base
from api.openapi import shared_response_headers
from api.problems import problem_response

db = SQLAlchemy(model_class=Base)
# RateLimit-* headers are written by api.http_conventions, one way for every limit.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem document (served as application/problem+json)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What went wrong, in plain words"})
    errors = ma.fields.Dict(metadata={"description": "Field name → messages (422)"})
    reasons = ma.fields.List(ma.fields.String(), metadata={"description": "Why a move is blocked"})
    current_version = ma.fields.Integer(
        metadata={"description": "412: the cycle's version now (its ETag); read it again"}
    )


PROBLEM_JSON = "application/problem+json"


class Api(SmorestApi):
    """flask-smorest with RFC 9457 problem+json errors; api.openapi completes the document
    (who may call each operation, its errors and headers)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # flask-smorest's, served as application/problem+json like the errors really are.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            if status >= 300:
                response["headers"] = shared_response_headers(status)
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Unexpected error (500), or the service is busy or its database down "
            "(503, with Retry-After)",
            "schema": self.ERROR_SCHEMA,
            "headers": shared_response_headers(503),
        }
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def handle_http_exception(self, error):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or error.description
        headers = dict(data.get("headers") or {})
        # The error's own headers (405's Allow, RFC 9110) travel with the problem document.
        headers.update(
            (name, value) for name, value in error.get_headers() if name.lower() != "content-type"
        )
        if error.code == 422 and errors:
            detail = "Some fields need attention."
        elif error.code == 400 and errors:  # a query string that doesn't parse
            detail = "Some of the request's parameters need attention."
        return problem_response(error.code, detail=detail, errors=errors, headers=headers)


rest_api = Api()


def client_address() -> str:
    return request.remote_addr or "unknown"
