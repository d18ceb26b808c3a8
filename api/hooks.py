"""Calls that would point up the layers, turned round (docs/architecture.md).

A lower package names a moment with a `Hook` (a cycle moved and people should be told; someone
left a team); the package above that knows what to do then connects its handler once, when the
app is built (api/app.py). Calling a hook nothing is connected to raises: a missing connection
would otherwise drop work silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Hook(Generic[P]):
    def __init__(self, moment: str) -> None:
        self.moment = moment
        self._handlers: list[Callable[P, None]] = []

    def connect(self, handler: Callable[P, None]) -> None:
        """Run handler at this moment (connecting it again changes nothing: apps are built
        more than once in one process)."""
        if handler not in self._handlers:
            self._handlers.append(handler)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Run every connected handler, in the caller's transaction (they only add and flush)."""
        if not self._handlers:
            raise RuntimeError(f"Nothing is connected to “{self.moment}” (api/app.py connects it).")
        for handler in self._handlers:
            handler(*args, **kwargs)
