"""One commit per operation: operations nest, commit once, and leave nothing when they fail."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.extensions import db
from api.organizations.models import Organization
from api.transactions import in_operation, on_commit, transaction, transactional


def organizations() -> list[str]:
    return list(db.session.scalars(select(Organization.name).order_by(Organization.name)))


@transactional
def add_school(name: str) -> Organization:
    organization = Organization(name=name)
    db.session.add(organization)
    db.session.flush()
    return organization


@transactional
def add_two_schools_then_fail() -> None:
    add_school("Oak Hill")
    add_school("Birch Lane")
    raise RuntimeError("the second half failed")


def test_an_operation_commits_when_it_returns(database):
    add_school("Oak Hill")
    db.session.rollback()  # nothing left unsaved to roll back: it was committed
    assert organizations() == ["Oak Hill"]


def test_nested_operations_join_the_outer_one_and_vanish_with_it(database):
    with pytest.raises(RuntimeError):
        add_two_schools_then_fail()
    assert organizations() == []
    assert not in_operation()


def test_a_commit_inside_an_operation_is_refused(database):
    with pytest.raises(RuntimeError, match="helpers only flush"), transaction():
        db.session.add(Organization(name="Oak Hill"))
        db.session.commit()
    assert organizations() == []


def test_a_savepoint_inside_an_operation_is_fine(database):
    with transaction():
        with db.session.begin_nested():
            db.session.add(Organization(name="Oak Hill"))
        savepoint = db.session.begin_nested()
        db.session.add(Organization(name="Birch Lane"))
        savepoint.rollback()
    assert organizations() == ["Oak Hill"]


def test_on_commit_runs_after_the_commit_and_never_after_a_rollback(database):
    seen: list[str] = []

    with transaction():
        add_school("Oak Hill")
        on_commit(lambda: seen.append(f"committed {organizations()}"))
        assert seen == []
    assert seen == ["committed ['Oak Hill']"]

    with pytest.raises(RuntimeError), transaction():
        on_commit(lambda: seen.append("rolled back"))
        raise RuntimeError("no")
    assert seen == ["committed ['Oak Hill']"]

    on_commit(lambda: seen.append("outside"))
    assert seen[-1] == "outside"


def test_a_failed_operation_leaves_the_session_usable(database):
    with pytest.raises(RuntimeError):
        add_two_schools_then_fail()
    add_school("Elm Park")
    assert db.session.scalar(select(func.count(Organization.id))) == 1


#: the only places that may call commit() on the session, and why
COMMITS_ALLOWED = {
    # the helper itself: the outermost operation commits
    "api/transactions.py",
    # ends a request's read-only transaction at teardown (nothing written, nothing to undo)
    "api/postgres.py",
}


def _commits_in(path: Path) -> list[int]:
    """Lines where the file calls .commit() on a session (db.session, a session, session())."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"
            and "session" in ast.unparse(node.func.value)
        ):
            lines.append(node.lineno)
    return lines


def test_nothing_commits_outside_the_transaction_helper():
    """Email sweeps, webhook delivery, idempotency keys, sign-in sessions, class pulses, the
    demo, the worker's failure record: each is one operation (or one per item), none commits."""
    root = Path(__file__).resolve().parent.parent
    stray = {
        f"{path.relative_to(root)}:{line}"
        for folder in ("api", "worker")
        for path in sorted((root / folder).rglob("*.py"))
        if str(path.relative_to(root)) not in COMMITS_ALLOWED
        for line in _commits_in(path)
    }
    assert stray == set()


def test_the_scan_finds_a_commit(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    db.session.commit()\n    savepoint.commit()\n")
    assert _commits_in(module) == [2]
