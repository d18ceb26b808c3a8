"""HTTP requests the server makes to addresses other people gave it (webhook receivers, an LMS's
key set): only to public internet addresses, checked on the connection itself.

Checking a host name's addresses before sending is not enough: the name can resolve somewhere
else a moment later (DNS rebinding). So the check runs on the socket once it is connected, before
a single byte of the request is written.
"""

from __future__ import annotations

import ipaddress

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class PrivateAddress(requests.ConnectionError):
    """The connection reached a private, loopback or otherwise non-public address."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    blocked = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )
    return ip.is_global and not blocked


def refused(error: BaseException) -> bool:
    """Whether a requests error comes from our refusal of a non-public address (urllib3 and
    requests wrap it a few layers deep)."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen or not isinstance(current, BaseException):
            continue
        if isinstance(current, PrivateAddress):
            return True
        seen.add(id(current))
        pending += [
            *current.args,
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
        ]
    return False


def _check_peer(connection: HTTPConnection) -> None:
    address = connection.sock.getpeername()[0]
    if not is_public(address):
        connection.close()
        raise PrivateAddress(f"{connection.host} connected to a non-public address")


class _PublicHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _check_peer(self)


class _PublicHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _check_peer(self)


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPPool,
            "https": _PublicHTTPSPool,
        }


def session(*, allow_private: bool = False) -> requests.Session:
    """A requests session that refuses non-public addresses (unless allowed, for tests) and
    ignores proxy settings from the environment (a proxy would hide where we connect)."""
    outbound = requests.Session()
    outbound.trust_env = False
    if not allow_private:
        adapter = _PublicOnlyAdapter()
        outbound.mount("http://", adapter)
        outbound.mount("https://", adapter)
    return outbound
