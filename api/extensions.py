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


PROBLEM_JSON = "application/problem+json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def error_statuses(view, method: str, operation: dict, path_parameters: list) -> list[int]:
    """The error statuses an operation can answer, from what every request goes through."""
    if getattr(view, "checks_own_credentials", False):
        return []  # reads its own credentials and documents its own errors (OAuth)
    # Every request proves who it is (401), may be refused (403) or slowed down (429).
    statuses = [401, 403, 429]
    parameters = [*path_parameters, *operation.get("parameters", [])]
    if any(p.get("in") == "path" for p in parameters if "in" in p):
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [400, 413]  # unreadable JSON, too big
    if parameters or "requestBody" in operation:
        statuses.append(422)  # fields or parameters that need attention
    if method in WRITE_METHODS:
        statuses.append(409)
    if any(p.get("name") == "If-Match" for p in parameters):
        statuses += [412, 428]
    return statuses


class Api(SmorestApi):
    """flask-smorest with RFC 9457 problem+json errors and both auth schemes in the docs.

    Every operation documents the errors it can answer (see error_statuses), once, here."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # flask-smorest's, served as application/problem+json like the errors really are.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Unexpected error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def register_blueprint(self, blp, **options):
        super().register_blueprint(blp, **options)
        name = options.get("name", blp.name)
        paths = self.spec._paths  # apispec keeps the operations here until to_dict()
        for rule in self._app.url_map.iter_rules():
            if not rule.endpoint.startswith(f"{name}."):
                continue
            view = self._app.view_functions[rule.endpoint]
            operations = paths.get(self.flask_plugin.flaskpath2openapi(rule.rule), {})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                operation = operations.get(method.lower())
                if operation is None:
                    continue
                if getattr(view, "is_public", False):
                    operation.setdefault("security", [])
                responses = operation.setdefault("responses", {})
                shared = operations.get("parameters", [])
                for status in error_statuses(view, method, operation, shared):
                    if str(status) not in responses:
                        ref = self.spec.components.get_ref("response", http.HTTPStatus(status).name)
                        responses[str(status)] = ref

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
