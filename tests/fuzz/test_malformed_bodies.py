"""Deep and malformed bodies to every write of the API, as a signed-in admin and a student:
0 × 5xx. (The outside test's finding: JSON nested 1,000 deep and a lone surrogate gave 500.)

Each body is sent raw, so what reaches the server is exactly the malformed bytes: nesting far
past the limit, lone surrogates, invalid UTF-8, truncated JSON, wrong types, huge strings and
numbers, the wrong content type, per body and per field of a body that is otherwise valid.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.test_authorization import api_routes, fill, path_ids, sample_body

DEEP = b"[" * 5_000 + b"]" * 5_000
WHOLE_BODIES: dict[str, tuple[bytes, str]] = {
    "deep array": (DEEP, "application/json"),
    "deep object": (b'{"a":' * 3_000 + b"1" + b"}" * 3_000, "application/json"),
    "lone surrogate": (b'{"name": "\\ud800"}', "application/json"),
    "invalid UTF-8": (b'{"name": "\xc3\x28\xff"}', "application/json"),
    "truncated": (b'{"name": "unfinished', "application/json"),
    "not JSON": (b"name=hello&x=1", "application/json"),
    "a bare string": (b'"just a string"', "application/json"),
    "null": (b"null", "application/json"),
    "a huge number": (b'{"n": 1' + b"0" * 5_000 + b"}", "application/json"),
    "NaN": (b'{"n": NaN}', "application/json"),
    "JSON sent as text": (b'{"name": "x"}', "text/plain"),
    "NUL bytes": (b'{"name": "a\\u0000b"}', "application/json"),
}


def field_bodies(body: dict) -> dict[str, bytes]:
    """The otherwise valid body with one field at a time made hostile."""
    variants: dict[str, bytes] = {}
    for name in body:
        valid = json.dumps({key: value for key, value in body.items() if key != name})[1:-1]
        prefix = (valid + ", ") if valid else ""
        quoted = json.dumps(name)
        variants[f"{name}: lone surrogate"] = f'{{{prefix}{quoted}: "x\\udc00y"}}'.encode()
        variants[f"{name}: deep"] = b"{" + prefix.encode() + quoted.encode() + b": " + DEEP + b"}"
        variants[f"{name}: huge"] = f'{{{prefix}{quoted}: "{"x" * 20_000}"}}'.encode()
        variants[f"{name}: object"] = f'{{{prefix}{quoted}: {{"$ne": null}}}}'.encode()
    return variants


@pytest.mark.usefixtures("smtp_server")
@pytest.mark.parametrize("who", ["admin", "student"])
def test_deep_and_malformed_bodies_never_give_a_server_error(app, client_for, school, who):
    client = client_for(getattr(school, who))
    ids = path_ids(school)
    statuses: Counter[int] = Counter()
    server_errors = []
    for rule, method in api_routes(app):
        if method in ("GET", "DELETE") or rule.endpoint in ("auth.sign_out",):
            continue
        view = app.view_functions[rule.endpoint]
        path = fill(rule, ids)
        bodies = dict(WHOLE_BODIES)
        bodies.update(
            (name, (raw, "application/json"))
            for name, raw in field_bodies(sample_body(view, school)).items()
        )
        for name, (raw, content_type) in bodies.items():
            response = client.request(
                method, path, data=raw, headers={"Content-Type": content_type}
            )
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                server_errors.append(f"{method} {rule.rule} with {name}: {response.status_code}")
    print(f"\n{who}: {sum(statuses.values())} requests, statuses {dict(sorted(statuses.items()))}")
    assert server_errors == []
    assert sum(statuses.values()) > 500
