"""Shared fixtures for the workflow engine tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workflows import ActionFacts, Actor, CycleFacts

READY_ACTION = ActionFacts("Try exit tickets", has_owner=True, has_due_date=True)


@pytest.fixture
def make_facts() -> Callable[..., CycleFacts]:
    """Facts for a cycle in `state` that passes every guard, unless overridden."""

    def make(state: str, **overrides: Any) -> CycleFacts:
        values: dict[str, Any] = {
            "has_puzzle": True,
            "facilitator_count": 1,
            "evidence_count": 2,
            "cited_note_count": 1,
            "actions": (READY_ACTION,),
            "has_reflection": True,
        }
        values.update(overrides)
        return CycleFacts(state=state, **values)

    return make


@pytest.fixture
def teacher() -> Actor:
    return Actor.with_roles("teacher")


@pytest.fixture
def write_definition(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text to a file in tmp_path and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "broken.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
