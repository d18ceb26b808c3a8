"""JSON request bodies are checked before anything parses them: bounded in size and depth,
valid UTF-8, no lone surrogates. A body that fails gets 400 (413 when too big), never a 500
from a parser's recursion limit or a database that cannot store half a character."""

from __future__ import annotations

import json
import re

from flask import Flask, current_app, request

from api.errors import BadRequest, TooLarge

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _too_deep(text: str, limit: int) -> bool:
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _holds_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return _SURROGATES.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(item) for item in value)
    return False


def _takes_json(view) -> bool:
    """True when the view reads a JSON body (a flask-smorest argument in the body), or when it
    can't be told (a plain Flask view): checked then, to be safe."""
    doc = getattr(view, "_apidoc", None)
    if doc is None:
        return True
    parameters = doc.get("arguments", {}).get("parameters", [])
    return any(parameter.get("location", "json") == "json" for parameter in parameters)


def check_json_body() -> None:
    """Refuse a JSON body that is too big, too deep, not UTF-8 or holds a lone surrogate."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return
    if not _takes_json(current_app.view_functions.get(request.endpoint or "")):
        return  # the route reads no body: whatever was sent is ignored, never parsed
    limit = current_app.config["MAX_JSON_BYTES"]
    if (request.content_length or 0) > limit:
        raise TooLarge(f"This request is too big: send at most {limit // 1024} KB of JSON.")
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise TooLarge(f"This request is too big: send at most {limit // 1024} KB of JSON.")
    if not raw.strip():
        return  # no body: the route says what it needs
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("This request body isn't valid UTF-8 text.") from None
    depth = current_app.config["MAX_JSON_DEPTH"]
    if _too_deep(text, depth):
        raise BadRequest(f"This JSON is nested too deeply: at most {depth} levels.")
    try:
        body = json.loads(text)
    except ValueError:
        raise BadRequest("This request body isn't valid JSON.") from None
    if _holds_lone_surrogate(body):
        raise BadRequest("This JSON holds a broken character (a lone surrogate, such as \\ud800).")


def init_app(app: Flask) -> None:
    app.before_request(check_json_body)
