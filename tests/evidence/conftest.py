"""Evidence tests store files under a temporary folder, never in instance/."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.storage import LocalStorage


@pytest.fixture(autouse=True)
def evidence_store(app, tmp_path: Path) -> LocalStorage:
    """The app's store, pointed at this test's own folder for as long as the test runs."""
    previous = app.extensions.get("storage")
    store = LocalStorage(tmp_path / "files")
    app.extensions["storage"] = store
    yield store
    if previous is None:
        app.extensions.pop("storage", None)
    else:
        app.extensions["storage"] = previous


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="evidence", facilitators=[school.teacher])
