"""The address people and LMSs reach this server at, for links in emails and LTI tool URLs."""

from __future__ import annotations

from flask import current_app, has_request_context, request

DEVELOPMENT_URL = "http://127.0.0.1:5000"


def public_url() -> str:
    """PUBLIC_URL (required in production); in development the address of the request being
    answered, so an LTI registration copied from the admin page is right on any host."""
    configured = (current_app.config.get("PUBLIC_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return DEVELOPMENT_URL
