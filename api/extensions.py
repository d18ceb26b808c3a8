"""Unbound extensions, bound to an app in create_app()."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_smorest import Api as SmorestApi
from flask_sqlalchemy import SQLAlchemy

from api.db import Base
from api.problems import problem_response

db = SQLAlchemy(model_class=Base)
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem document (served as application/problem+json)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What went wrong, in plain words"})
    errors = ma.fields.Dict(metadata={"description": "Field name → messages (422)"})
    reasons = ma.fields.List(ma.fields.String(), metadata={"description": "Why a move is blocked"})


class Api(SmorestApi):
    """flask-smorest with RFC 9457 problem+json errors and both auth schemes in the docs."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or error.description
        headers = data.get("headers") or {}
        if error.code == 422 and errors:
            detail = "Some fields need attention."
        return problem_response(error.code, detail=detail, errors=errors, headers=headers)


rest_api = Api(
    spec_kwargs={
        "components": {
            "securitySchemes": {
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "eaa_session"},
                "bearerAuth": {"type": "http", "scheme": "bearer"},
            }
        },
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
    }
)


def client_address() -> str:
    return request.remote_addr or "unknown"
