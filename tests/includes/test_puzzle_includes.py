"""GET /puzzles/{id}?include=team,members,cycles: each part is what its own route answers, for
every reader of the demo school; a bad `include` is a 400 naming the part."""

from __future__ import annotations

import pytest

from tests.includes.parts import (
    PUZZLE_PARTS,
    demo_puzzle_ids,
    demo_readers,
    include,
    puzzle_parts,
    separate_read,
)


@pytest.fixture()
def readers(app, database, local_store):
    return demo_readers(app)


@pytest.mark.parametrize(
    "role", ["teacher", "student", "coach", "admin", "client", "client_without_teams_read"]
)
def test_each_part_of_a_puzzle_is_what_its_own_route_answers(readers, role):
    reader = readers[role]
    parts = PUZZLE_PARTS if role != "client_without_teams_read" else ("cycles",)
    compared = 0
    for puzzle_id in demo_puzzle_ids():
        plain = reader.get(f"/api/v1/puzzles/{puzzle_id}")
        composite = reader.get(include(f"/api/v1/puzzles/{puzzle_id}", *parts))
        if plain.status_code == 404:
            assert composite.status_code == 404
            continue
        assert plain.status_code == 200 and composite.status_code == 200, composite.get_json()
        body = composite.get_json()
        included = body.pop("included")
        assert body == plain.get_json()
        assert sorted(included) == sorted(parts)
        routes = puzzle_parts(body)
        for name in parts:
            assert included[name] == separate_read(reader, routes[name]), (role, name)
        compared += 1
    assert compared, f"the {role} reads at least one demo puzzle"


def test_a_puzzle_without_include_is_answered_as_before(readers):
    teacher = readers["teacher"]
    path = f"/api/v1/puzzles/{demo_puzzle_ids()[0]}"
    response = teacher.get(path)
    assert "included" not in response.get_json()
    assert teacher.get(f"{path}?include=").get_data() == response.get_data()


@pytest.mark.parametrize(
    ("reader", "asked", "named"),
    [
        ("teacher", "cycles,evidence", "A puzzle has no part “evidence”"),
        ("teacher", "cycles,cycles", "“cycles” is asked for more than once"),
        ("teacher", "team,members,cycles,team", "at most 3 parts"),
        ("client_without_teams_read", "cycles,members", "“members” needs the 'teams:read' scope"),
    ],
)
def test_a_bad_puzzle_include_is_a_400_naming_the_part(readers, reader, asked, named):
    response = readers[reader].get(f"/api/v1/puzzles/{demo_puzzle_ids()[0]}?include={asked}")
    assert response.status_code == 400
    problem = response.get_json()
    assert any(named in message for message in problem["errors"]["include"]), problem
    assert "included" not in problem
