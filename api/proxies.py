"""Which client address and scheme a request has: X-Forwarded-For and X-Forwarded-Proto count
only when they come from a proxy listed in TRUSTED_PROXIES.

Anyone can send those headers; believing them from anyone would let a client rotate its address
to escape sign-in limits, or send a victim's address to lock the victim out. The client is the
rightmost address in X-Forwarded-For that is not itself a trusted proxy (each proxy appends
the address it saw).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def parse_networks(setting: str) -> tuple[IPNetwork, ...]:
    """ "10.0.0.5, 172.30.0.0/24" → networks; raises ValueError for an entry that is neither."""
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in setting.replace(";", ",").split(",")
        if entry.strip()
    )


def _within(address: str, networks: Iterable[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class TrustedProxies:
    """WSGI middleware: the client address and scheme, as the trusted proxies saw them."""

    def __init__(self, wsgi_app, config) -> None:
        self.wsgi_app = wsgi_app
        self.config = config  # read per request, so a test (or reload) can change it

    def __call__(self, environ, start_response):
        networks = parse_networks(self.config.get("TRUSTED_PROXIES", ""))
        remote = environ.get("REMOTE_ADDR", "")
        if networks and _within(remote, networks):
            forwarded = [
                address.strip()
                for address in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if address.strip()
            ]
            client = remote
            for address in reversed(forwarded):
                if not _valid(address):
                    break
                client = address
                if not _within(address, networks):
                    break
            environ["REMOTE_ADDR"] = client
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
        return self.wsgi_app(environ, start_response)
