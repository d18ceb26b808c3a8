"""GET /cycles/{id}?include=…: each part is what its own route answers, for every reader of the
demo school, and a bad `include` is a 400 naming the part with nothing served."""

from __future__ import annotations

import pytest

from api.cycles.models import Cycle
from api.extensions import db
from api.includes import PAGE_SIZE
from tests.cycles.helpers import add_evidence
from tests.includes.parts import (
    CYCLE_PARTS,
    Part,
    cycle_parts,
    demo_cycle_ids,
    demo_readers,
    include,
    separate_read,
)
from tests.support.client import ApiClient

TEAM_PARTS = ("team", "members")


@pytest.fixture()
def readers(app, database, local_store):
    return demo_readers(app)


@pytest.mark.parametrize(
    "role", ["teacher", "student", "coach", "admin", "client", "client_without_teams_read"]
)
def test_each_part_of_a_cycle_is_what_its_own_route_answers(readers, role):
    reader = readers[role]
    parts = CYCLE_PARTS if role != "client_without_teams_read" else CYCLE_PARTS[2:]
    compared = 0
    for cycle_id in demo_cycle_ids():
        plain = reader.get(f"/api/v1/cycles/{cycle_id}")
        composite = reader.get(include(f"/api/v1/cycles/{cycle_id}", *parts))
        if plain.status_code == 404:  # another team's cycle: no more seen with include
            assert composite.status_code == 404
            continue
        assert plain.status_code == 200 and composite.status_code == 200, composite.get_json()
        body = composite.get_json()
        included = body.pop("included")
        assert body == plain.get_json()
        assert sorted(included) == sorted(parts)
        routes = cycle_parts(body)
        for name in parts:
            assert included[name] == separate_read(reader, routes[name]), (role, name)
        compared += 1
    assert compared, f"the {role} reads at least one demo cycle"


def test_a_cycle_without_include_is_answered_as_before(readers):
    teacher = readers["teacher"]
    cycle_id = demo_cycle_ids()[0]
    response = teacher.get(f"/api/v1/cycles/{cycle_id}")
    body = response.get_json()
    assert "included" not in body
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert teacher.get(f"/api/v1/cycles/{cycle_id}?include=").get_data() == response.get_data()


def test_a_missing_reflection_is_null_not_a_404(readers):
    teacher = readers["teacher"]
    for cycle_id in demo_cycle_ids():
        body = teacher.get(include(f"/api/v1/cycles/{cycle_id}", "reflection")).get_json()
        if not body["has_reflection"]:
            assert body["included"] == {"reflection": None}
            assert teacher.get(f"/api/v1/cycles/{cycle_id}/reflection").status_code == 404
            return
    raise AssertionError("a demo cycle without a reflection")


def test_a_long_list_part_is_its_first_page_and_says_where_the_rest_is(readers):
    teacher = readers["teacher"]
    cycle = db.get_or_404(Cycle, demo_cycle_ids()[0])
    for number in range(PAGE_SIZE + 2):
        add_evidence(cycle, title=f"Exit tickets, day {number}")
    path = f"/api/v1/cycles/{cycle.id}"
    evidence = teacher.get(include(path, "evidence")).get_json()["included"]["evidence"]
    assert len(evidence["items"]) == PAGE_SIZE
    assert evidence["pagination"]["next_page"] == 2
    rest = teacher.get(f"{path}/evidence?page_size={PAGE_SIZE}&page=2").get_json()
    assert evidence["pagination"]["total"] == PAGE_SIZE + len(rest)
    own_page = Part("evidence", f"{path}/evidence?page_size={PAGE_SIZE}", many=True)
    assert evidence == separate_read(teacher, own_page)


def test_the_composite_answer_has_its_own_etag_and_honours_if_none_match(readers):
    teacher = readers["teacher"]
    cycle = db.get_or_404(Cycle, demo_cycle_ids()[0])
    path = include(f"/api/v1/cycles/{cycle.id}", "evidence")
    first = teacher.get(path)
    etag = first.headers["ETag"]
    assert etag != f'"{cycle.version}"'
    assert teacher.get(path, headers={"If-None-Match": etag}).status_code == 304
    add_evidence(cycle, title="Something new")  # the cycle's version stays; the answer changes
    assert teacher.get(path, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("team,gossip", "“gossip”"),
        ("evidence,evidence", "“evidence” is asked for more than once"),
        (",".join(CYCLE_PARTS + ("team",)), "at most 12 parts"),
        ("team,,members", "“”"),
    ],
)
def test_a_bad_include_is_a_400_naming_the_part(readers, asked, named):
    teacher = readers["teacher"]
    cycle_id = demo_cycle_ids()[0]
    response = teacher.get(f"/api/v1/cycles/{cycle_id}?include={asked}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert any(named in message for message in problem["errors"]["include"]), problem
    assert "included" not in problem and "id" not in problem


@pytest.mark.parametrize("part", TEAM_PARTS)
def test_a_client_without_the_parts_scope_gets_a_400_and_nothing_else(readers, part):
    client = readers["client_without_teams_read"]
    cycle_id = demo_cycle_ids()[0]
    response = client.get(include(f"/api/v1/cycles/{cycle_id}", "evidence", part))
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["errors"]["include"] == [f"“{part}” needs the 'teams:read' scope."]
    assert "included" not in problem
    # …as its own route refuses it
    team_id = client.get(f"/api/v1/cycles/{cycle_id}").get_json()["team_id"]
    assert client.get(f"/api/v1/teams/{team_id}").status_code == 403


def test_another_teams_cycle_is_not_found_whatever_is_included(app, readers):
    student = readers["student"]  # sam is on Grade 7 Science only
    hidden = [
        cycle_id
        for cycle_id in demo_cycle_ids()
        if student.get(f"/api/v1/cycles/{cycle_id}").status_code == 404
    ]
    assert hidden, "a demo cycle of the other team"
    response = student.get(include(f"/api/v1/cycles/{hidden[0]}", *CYCLE_PARTS))
    assert response.status_code == 404
    assert "included" not in response.get_json()
    signed_out = ApiClient(app).get(include(f"/api/v1/cycles/{hidden[0]}", "team"))
    assert signed_out.status_code == 401
