"""What the OpenAPI document says beyond the schemas: who may call each operation, the errors
and headers every request can meet, and the OAuth2 flow of integration clients.

An apispec plugin (public apispec API) reads each route's `Access` rule (api.blueprint) and the
operation flask-smorest built, and completes the operation once, here.
"""

from __future__ import annotations

import http

from apispec import BasePlugin

from api.blueprint import PEOPLE, Access, access_of

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
TOKEN_URL = "/api/v1/oauth/token"

#: people: the web app's session cookie, or a personal access token
PEOPLE_SECURITY: list[dict[str, list[str]]] = [{"cookieAuth": []}, {"bearerAuth": []}]

HEADERS = {
    "RateLimit-Limit": {
        "description": "Requests allowed in the current window (integration clients, sign-in)",
        "schema": {"type": "integer"},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window",
        "schema": {"type": "integer"},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window starts again",
        "schema": {"type": "integer"},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer"},
    },
    "WWW-Authenticate": {
        "description": "RFC 6750 challenge: Bearer, with error and error_description",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "This representation's version; send it in If-None-Match (304 if unchanged)",
        "schema": {"type": "string"},
    },
    "Idempotent-Replayed": {
        "description": "true when this is the kept answer to an earlier request with this key",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Location": {"description": "Where to go next", "schema": {"type": "string"}},
    "X-Pagination": {
        "description": "Where this page stands: total, total_pages, page, next_page, …",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}
        },
    },
}
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")

IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag you hold: 304 Not Modified when it is still current",
}
#: an optional If-Match: a stale one gets 412 and changes nothing
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag you last read: 412 Precondition Failed when it changed since",
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Retry safely: a repeat with the same key and body gets the first answer again "
        "(Idempotent-Replayed: true); the same key with another body is refused (422)"
    ),
}


def header_ref(name: str) -> dict:
    return {"$ref": f"#/components/headers/{name}"}


def security_for(access: Access) -> list[dict]:
    """The operation's security requirements: none, people's, or people's and a client scope."""
    if access.public:
        return []
    if access.client_scope:
        return [*PEOPLE_SECURITY, {"oauth2": [access.client_scope]}]
    return PEOPLE_SECURITY


def error_statuses(access: Access, method: str, operation: dict, has_path_parameters: bool):
    """The error statuses an operation can answer, from what every request goes through."""
    if access.own_credentials:
        return []  # reads its own credentials and documents its own errors (OAuth)
    # Every request proves who it is (401), may be refused (403) or slowed down (429).
    statuses = [401, 403, 429]
    parameters = operation.get("parameters", [])
    if has_path_parameters:
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [400, 413]  # unreadable JSON, too big
    if parameters or "requestBody" in operation or has_path_parameters:
        statuses.append(422)  # fields or parameters that need attention
    if method in WRITE_METHODS:
        statuses.append(409)
    if_match = [parameter for parameter in parameters if _named(parameter, "If-Match")]
    if if_match:
        statuses.append(412)
        if not isinstance(if_match[0], dict) or if_match[0].get("required"):
            statuses.append(428)  # required: a change without it is refused
    return statuses


def _named(parameter, name: str) -> bool:
    if isinstance(parameter, dict):
        return parameter.get("name") == name
    return parameter == name.upper().replace("-", "_")  # flask-smorest's IF_MATCH component


class AccessPlugin(BasePlugin):
    """Writes each route's access rule, errors and headers into its operations."""

    def __init__(self, views: dict) -> None:
        self.views = views  # the app's view functions, by endpoint

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        view = self.views.get(rule.endpoint)
        access = access_of(view) or PEOPLE
        for method, operation in operations.items():
            operation["security"] = security_for(access)
            if access.client_scope:
                note = f"Integration clients: needs the `{access.client_scope}` scope."
                described = operation.get("description")
                operation["description"] = f"{described}\n\n{note}" if described else note
            responses = operation.setdefault("responses", {})
            statuses = error_statuses(access, method, operation, bool(rule.arguments))
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = http.HTTPStatus(status).name
            parameters = operation.setdefault("parameters", [])
            if method == "get" and not access.own_credentials:
                parameters.append(IF_NONE_MATCH)
                responses.setdefault(304, http.HTTPStatus(304).name)
            if method == "post" and getattr(view, "idempotent", False):
                parameters.append(IDEMPOTENCY_KEY)
            for status, response in responses.items():
                if isinstance(response, dict):  # the operation's own (shared ones say theirs)
                    self._headers(response, int(status), method, view)

    @staticmethod
    def _headers(response: dict, status: int, method: str, view) -> None:
        headers = response.setdefault("headers", {})
        for name in RATE_LIMIT_HEADERS:
            headers.setdefault(name, header_ref(name))
        if not 200 <= status < 300:
            return
        if "X-Pagination" in headers:  # flask-smorest's says "schema" for a JSON value
            headers["X-Pagination"] = header_ref("X-Pagination")
        # Reads always carry one; writes that answer with the thing carry its new version.
        headers.setdefault("ETag", header_ref("ETag"))
        if getattr(view, "idempotent", False):
            headers.setdefault("Idempotent-Replayed", header_ref("Idempotent-Replayed"))


def shared_response_headers(status: int) -> dict:
    """Headers the shared responses (errors, 304) declare."""
    headers = {name: header_ref(name) for name in RATE_LIMIT_HEADERS}
    if status == 304:
        headers["ETag"] = header_ref("ETag")
    if status in (401, 403):
        headers["WWW-Authenticate"] = header_ref("WWW-Authenticate")
    if status in (429, 503):
        headers["Retry-After"] = header_ref("Retry-After")
    return headers


def spec_kwargs(views: dict, client_scopes: dict[str, str]) -> dict:
    """What create_app gives the Api: the plugin, the security schemes and shared headers."""
    return {
        "extra_plugins": [AccessPlugin(views)],
        "components": {
            "securitySchemes": {
                "cookieAuth": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "eaa_session",
                    "description": "The web app's session; changes also send X-CSRF-Token",
                },
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A person's personal access token (read or write scope)",
                },
                "oauth2": {
                    "type": "oauth2",
                    "description": "An organization's integration client (an LMS or SIS)",
                    "flows": {
                        "clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": client_scopes}
                    },
                },
            },
            "headers": HEADERS,
        },
        "security": PEOPLE_SECURITY,
    }
