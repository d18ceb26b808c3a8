"""Every response the suite's test clients get is checked against openapi.yaml's operation.

`ValidatingClient` is the app's test client class: after each request to /api/v1 it finds the
operation in the document and fails the test on
- a status the operation does not declare (the catch-all `default` does not count),
- a header that carries meaning for a client and is not declared for that status,
- a body that is not what the declared schema says (openapi-core: types, formats, required and
  undeclared fields — the schemas refuse additional properties).

Unknown routes (404/405 from routing) have no operation and are checked for problem+json only.
"""

from __future__ import annotations

import json
from functools import cache

from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.routing.exceptions import RequestRedirect
from werkzeug.wrappers import Request

from api.extensions import rest_api

API_PREFIX = "/api/v1"
PROBLEM_JSON = "application/problem+json"
#: headers of HTTP itself, the browser's protections and caching: no client acts on them
GENERIC_HEADERS = frozenset(
    name.lower()
    for name in (
        "Content-Type",
        "Content-Length",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Range",
        "Accept-Ranges",
        "Last-Modified",
        "Expires",
        "Date",
        "Vary",
        "Cache-Control",
        "Pragma",
        "Set-Cookie",
        "Content-Security-Policy",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Cross-Origin-Embedder-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods",
        "Access-Control-Expose-Headers",
        "Access-Control-Max-Age",
        "Allow",
    )
)

#: what the suite saw: (method, path template, status), for a look at what is never exercised
SEEN: set[tuple[str, str, int]] = set()


@cache
def _document(app) -> tuple[dict, OpenAPI]:
    with app.app_context():
        spec = json.loads(json.dumps(rest_api.spec.to_dict()))
    config = Config(
        extra_media_type_deserializers={
            PROBLEM_JSON: _json,
            "text/csv": _text,
            "text/calendar": _text,
        }
    )
    return spec, OpenAPI.from_dict(spec, config=config)


def _json(value, **_parameters):
    return json.loads(value)


def _text(value, **_parameters):
    return value.decode() if isinstance(value, bytes) else value


def _ref(spec: dict, item: dict) -> dict:
    if "$ref" not in item:
        return item
    parts = item["$ref"].removeprefix("#/").split("/")
    found = spec
    for part in parts:
        found = found[part]
    return _ref(spec, found)


def _operation(app, spec: dict, method: str, path: str) -> tuple[str, dict] | None:
    adapter = app.url_map.bind("localhost")
    try:
        rule, _ = adapter.match(path, method=method, return_rule=True)
    except RequestRedirect:
        return None
    except Exception:  # routing answered 404/405 itself: no operation
        return None
    template = rest_api.flask_plugin.flaskpath2openapi(rule.rule)
    operation = spec["paths"].get(template, {}).get(method.lower())
    return (template, operation) if operation else None


def check(app, response) -> None:
    request: Request = response.request
    if not request.path.startswith(API_PREFIX):
        return
    spec, document = _document(app)
    found = _operation(app, spec, request.method, request.path)
    if found is None:
        if response.status_code in (404, 405):
            assert response.mimetype == "application/problem+json", request.path
            return
        raise AssertionError(f"{request.method} {request.path} is not in openapi.yaml")
    template, operation = found
    status = response.status_code
    where = f"{request.method} {template} → {status}"
    SEEN.add((request.method, template, status))
    declared = operation["responses"].get(str(status))
    if declared is None and status >= 500:
        declared = operation["responses"].get("default")  # declared once, for every operation
    assert declared is not None, (
        f"{where}: status not declared (declared: {sorted(operation['responses'])})"
    )
    declared = _ref(spec, declared)
    headers = {name.lower() for name in declared.get("headers", {})}
    undeclared = sorted(
        name
        for name in {key.lower() for key, _value in response.headers}
        if name not in GENERIC_HEADERS and name not in headers
    )
    assert not undeclared, f"{where}: headers not declared: {undeclared}"
    if response.is_streamed:
        return  # a body sent as it is made (an export): status and headers are checked
    result = document.unmarshal_response(SentRequest(request), WerkzeugOpenAPIResponse(response))
    if result.errors:
        details = "; ".join(_describe(error) for error in result.errors)
        raise AssertionError(f"{where}: {details}")


def _describe(error) -> str:
    parts = [str(error)]
    cause = error.__cause__
    while cause is not None:
        parts.append(str(cause))
        for inner in getattr(cause, "schema_errors", ()) or ():
            parts.append(f"{list(inner.absolute_path)}: {inner.message}")
        cause = cause.__cause__
    return " / ".join(parts)[:2000]


class SentRequest(WerkzeugOpenAPIRequest):
    """The request as openapi-core finds its operation by: its body was read by the app."""

    @property
    def body(self) -> bytes | None:
        return None


class ValidatingClient(FlaskClient):
    """The app's test client: each API response is checked against the OpenAPI document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        check(self.application, response)
        return response
