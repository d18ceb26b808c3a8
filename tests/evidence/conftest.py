"""Evidence tests store files under a temporary folder, never in instance/."""

from __future__ import annotations

import pytest

from api.storage import LocalStorage


@pytest.fixture(autouse=True)
def evidence_store(local_store: LocalStorage) -> LocalStorage:
    return local_store


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="evidence", facilitators=[school.teacher])
