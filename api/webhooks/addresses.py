"""Where webhooks may go: public internet addresses only, so a subscription can't be used to
reach the school's own network (SSRF). Checked when subscribing and again before every send."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from api.outbound import is_public


class UnsafeUrl(Exception):
    """A webhook address we refuse; the message says why in plain words."""


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (a module function so tests can stand in DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str, *, allow_private: bool, require_https: bool) -> None:
    """Raise UnsafeUrl unless the URL is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    allowed = ("https",) if require_https else ("http", "https")
    if parts.scheme not in allowed:
        raise UnsafeUrl(
            "Use an https:// address." if require_https else "Use an http:// or https:// address."
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("The port in that address is not a number we can use.") from None
    host = parts.hostname
    if not host:
        raise UnsafeUrl("That address has no host name.")
    if allow_private:
        return
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise UnsafeUrl("We couldn't find that host. Check the address.") from None
    if not addresses or not all(is_public(address) for address in addresses):
        raise UnsafeUrl(
            "That address points into a private or local network; "
            "webhooks only go to public internet addresses."
        )
