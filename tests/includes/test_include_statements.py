"""A page's composite read costs fewer statements than the separate reads it replaces: the
access check runs once, not once per part (and the sign-in is looked up once)."""

from __future__ import annotations

import pytest

from tests.includes.parts import (
    CYCLE_PARTS,
    PUZZLE_PARTS,
    cycle_parts,
    demo_cycle_ids,
    demo_puzzle_ids,
    demo_readers,
    include,
    puzzle_parts,
    statements_of,
)


@pytest.fixture()
def readers(app, database, local_store):
    return demo_readers(app)


@pytest.mark.parametrize("role", ["teacher", "student", "client"])
def test_a_cycle_page_in_one_read_costs_less_than_its_separate_reads(readers, role):
    reader = readers[role]
    for cycle_id in demo_cycle_ids():
        path = f"/api/v1/cycles/{cycle_id}"
        if reader.get(path).status_code != 200:
            continue
        cycle = reader.get(path).get_json()
        separate = statements_of(reader, path) + sum(
            statements_of(reader, part.path) for part in cycle_parts(cycle).values()
        )
        composite = statements_of(reader, include(path, *CYCLE_PARTS))
        print(f"cycle {cycle['number']} ({cycle['state']}), {role}: {composite} vs {separate}")
        assert composite <= separate - len(CYCLE_PARTS), (composite, separate)


@pytest.mark.parametrize("role", ["teacher", "student", "client"])
def test_a_puzzle_page_in_one_read_costs_less_than_its_separate_reads(readers, role):
    reader = readers[role]
    for puzzle_id in demo_puzzle_ids():
        path = f"/api/v1/puzzles/{puzzle_id}"
        if reader.get(path).status_code != 200:
            continue
        puzzle = reader.get(path).get_json()
        separate = statements_of(reader, path) + sum(
            statements_of(reader, part.path) for part in puzzle_parts(puzzle).values()
        )
        composite = statements_of(reader, include(path, *PUZZLE_PARTS))
        print(f"puzzle, {role}: {composite} vs {separate}")
        assert composite <= separate - len(PUZZLE_PARTS), (composite, separate)
