"""The calls turned round (api/hooks.py): every hook is connected when the app is built, and a
hook nothing is connected to refuses to run rather than drop work."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import api
from api.hooks import Hook


def _every_hook() -> dict[str, Hook]:
    """Every hook in the api package, by the moment it names (api.wsgi builds an app of its own
    when imported, so it is left out)."""
    hooks = {}
    for module_info in pkgutil.walk_packages(api.__path__, "api."):
        if module_info.name == "api.wsgi":
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, Hook):
                hooks[value.moment] = value
    return hooks


def test_the_app_connects_every_hook(app):
    hooks = _every_hook()
    assert {
        "people are told of a change",
        "someone leaves a team",
        "someone leaves an organization",
    } <= set(hooks)
    assert [moment for moment, hook in hooks.items() if not hook._handlers] == []


def test_a_hook_with_nothing_connected_refuses_to_run():
    moment = Hook[[str]]("something happens")
    with pytest.raises(RuntimeError, match="something happens"):
        moment("x")


def test_connecting_a_handler_twice_runs_it_once():
    seen: list[str] = []
    moment = Hook[[str]]("something happens")
    moment.connect(seen.append)
    moment.connect(seen.append)
    moment("x")
    assert seen == ["x"]
