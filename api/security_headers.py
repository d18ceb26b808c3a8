"""Security headers on every response: what the browser may load, frame, sniff and refer.

The web app is ES modules and one stylesheet from this origin, so its policy allows nothing
else: no inline style, no plugins, no framing, and one inline script, the import map written
into index.html at start-up (api/static_assets.py), allowed by its hash. The API docs page
(Swagger UI, served from this origin too) needs its one inline start-up script, allowed likewise.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

from flask import Flask, Response, current_app, request

APP_POLICY = (
    "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
#: Swagger UI styles some of its widgets inline; everything still comes from this origin.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' {script_hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)
DOCS_PATH = "/api/docs"
HSTS = "max-age=31536000; includeSubDomains"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(page: str) -> str:
    digests = (
        base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        for script in INLINE_SCRIPT.findall(page)
    )
    return " ".join(f"'sha256-{digest}'" for digest in digests)


@functools.cache
def _app_policy(import_map_source: str) -> str:
    return APP_POLICY.format(script_src=" ".join(filter(None, ["'self'", import_map_source])))


def _content_security_policy(response: Response) -> str:
    if request.path == DOCS_PATH and response.mimetype == "text/html":
        return DOCS_POLICY.format(script_hashes=_script_hashes(response.get_data(as_text=True)))
    # api/frontend.py keeps the files it serves, and the hash of the page's import map, here.
    assets = current_app.extensions.get("static_assets")
    return _app_policy(assets.import_map_source if assets else "")


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    # setdefault: a view with stricter needs (a sandboxed evidence preview) keeps its own.
    headers.setdefault("Content-Security-Policy", _content_security_policy(response))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    # Only over https; behind a proxy, request.is_secure trusts X-Forwarded-Proto only from
    # the proxies in TRUSTED_PROXIES (api/proxies.py).
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith("/api/v1") and not response.cache_control.public:
        # Answers of the API are someone's: no browser, shared computer or proxy keeps a copy
        # (exports and evidence files included). Only what is public on purpose may be cached.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
