"""What every API answer does the way HTTP clients expect, in one after-request step.

- `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) whenever the request
  counted against a limit (an integration client's, or sign-in's), and `Retry-After` on a 429;
- an RFC 6750 `WWW-Authenticate: Bearer` challenge on every 401;
- an `ETag` on every successful read, and `304 Not Modified` when `If-None-Match` still matches.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import Flask, g, request
from werkzeug.wrappers import Response

from api.extensions import limiter

API_PREFIX = "/api/v1"
REALM = 'realm="eaa"'


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    #: epoch seconds when the window starts again
    reset_at: float


def remember_rate_limit(limit: int, remaining: int, reset_at: float) -> None:
    """Note the limit this request counted against, for the answer's RateLimit-* headers."""
    g.rate_limit = RateLimitState(limit, max(0, remaining), reset_at)


def bearer_challenge(error: str | None = None, description: str | None = None, **params) -> str:
    """An RFC 6750 §3 challenge: Bearer realm="eaa", error="…", error_description="…"."""
    parts = [REALM]
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append('error_description="{}"'.format(description.replace('"', "'")))
    parts += [f'{name}="{value}"' for name, value in params.items()]
    return "Bearer " + ", ".join(parts)


def _rate_limit() -> RateLimitState | None:
    state = g.get("rate_limit")
    if state is not None:
        return state
    current = limiter.current_limit  # a Flask-Limiter limit on this view (sign-in, resets)
    if current is None:
        return None
    return RateLimitState(current.limit.amount, current.remaining, current.reset_at)


def _add_rate_limit_headers(response: Response) -> None:
    state = _rate_limit()
    if state is None:
        return
    wait = max(0, int(state.reset_at - time.time() + 0.999))
    response.headers["RateLimit-Limit"] = str(state.limit)
    response.headers["RateLimit-Remaining"] = str(state.remaining)
    response.headers["RateLimit-Reset"] = str(wait)
    if response.status_code == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(max(1, wait))


def _conditional_read(response: Response) -> Response:
    if request.method != "GET" or response.status_code != 200 or response.is_streamed:
        return response
    if response.direct_passthrough:  # a file sent as it is read: its own ETag or none
        return response.make_conditional(request) if response.get_etag()[0] else response
    if not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)


def _finish(response: Response) -> Response:
    if not request.path.startswith(API_PREFIX):
        return response
    _add_rate_limit_headers(response)
    if response.status_code == 401 and "WWW-Authenticate" not in response.headers:
        response.headers["WWW-Authenticate"] = bearer_challenge()
    return _conditional_read(response)


def _forget_rate_limit() -> None:
    g.pop("rate_limit", None)  # g can outlive one request (an app context held open)


def init_app(app: Flask) -> None:
    app.before_request(_forget_rate_limit)
    app.after_request(_finish)
