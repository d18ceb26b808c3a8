"""What a page load fetched, as Chromium's network stack saw it (the DevTools protocol).

Playwright's own events do not say whether a response came from the browser's cache; the
protocol's Network domain does (`fromDiskCache`, `requestServedFromCache`), and it counts the
bytes that crossed the wire (`encodedDataLength`: headers and compressed body). Used by the
browser test of caching (tests/e2e/test_static_caching.py) and by the bench's page figures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

API = "/api/"


@dataclass
class Fetch:
    url: str
    method: str
    resource_type: str = ""
    status: int = 0
    #: answered by the browser's cache (memory or disk): nothing crossed the network
    from_cache: bool = False
    #: bytes received over the network, headers included (0 from the cache)
    transferred: int = 0
    #: of which the response's headers (the rest is its body, as sent: compressed)
    header_bytes: int = 0
    content_encoding: str = ""
    finished: bool = False

    @property
    def body_bytes(self) -> int:
        return max(self.transferred - self.header_bytes, 0)

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def is_api(self) -> bool:
        return urlsplit(self.url).path.startswith(API)

    @property
    def is_api_call(self) -> bool:
        """A request of the app's code (fetch), not one the page's markup makes (an <img>)."""
        return self.is_api and self.resource_type in ("Fetch", "XHR")


class NetworkLog:
    """Every request of a page from now on; `take()` hands them over and starts a new list."""

    def __init__(self, page) -> None:
        self._page = page
        self._fetches: dict[str, Fetch] = {}
        self._order: list[str] = []
        self._last_event = time.monotonic()
        session = page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.loadingFailed", self._failed)
        session.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self._last_event = time.monotonic()
        if not event["request"]["url"].startswith("http"):
            return  # data: URLs (the icon) never touch the network
        request_id = event["requestId"]
        if request_id not in self._fetches:
            self._order.append(request_id)
        self._fetches[request_id] = Fetch(
            url=event["request"]["url"],
            method=event["request"]["method"],
            resource_type=event.get("type", ""),
        )

    def _from_cache(self, event: dict) -> None:
        self._last_event = time.monotonic()
        if fetch := self._fetches.get(event["requestId"]):
            fetch.from_cache = True

    def _received(self, event: dict) -> None:
        self._last_event = time.monotonic()
        if fetch := self._fetches.get(event["requestId"]):
            response = event["response"]
            fetch.status = response["status"]
            fetch.from_cache |= bool(
                response.get("fromDiskCache") or response.get("fromPrefetchCache")
            )
            fetch.header_bytes = int(response.get("encodedDataLength") or 0)
            headers = {name.lower(): value for name, value in response["headers"].items()}
            fetch.content_encoding = headers.get("content-encoding", "")

    def _finished(self, event: dict) -> None:
        self._last_event = time.monotonic()
        if fetch := self._fetches.get(event["requestId"]):
            fetch.transferred = 0 if fetch.from_cache else int(event["encodedDataLength"])
            fetch.finished = True

    def _failed(self, event: dict) -> None:
        self._last_event = time.monotonic()
        if fetch := self._fetches.get(event["requestId"]):
            fetch.finished = True

    def wait_until_idle(self, quiet_seconds: float = 0.5, timeout: float = 30) -> None:
        """Until every request has finished and none began for `quiet_seconds` (what
        Playwright's "networkidle" means, but for now, not for the page's first load)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._page.wait_for_timeout(100)  # lets Playwright deliver the protocol's events
            settled = all(fetch.finished for fetch in self._fetches.values())
            if settled and time.monotonic() - self._last_event >= quiet_seconds:
                return
        raise TimeoutError(f"the page still loads after {timeout} s")

    def take(self) -> list[Fetch]:
        fetches = [self._fetches[request_id] for request_id in self._order]
        self._fetches, self._order = {}, []
        return fetches


def static_bytes(fetches: list[Fetch]) -> int:
    return sum(fetch.transferred for fetch in fetches if not fetch.is_api)


def api_bytes(fetches: list[Fetch]) -> int:
    return sum(fetch.transferred for fetch in fetches if fetch.is_api)
