"""GET /api/v1/workflows/{name}, and cycles that follow what their definition says: PDSA's
due dates and next cycle, and a third definition that needs only its file."""

from __future__ import annotations

import shutil

import pytest

from api.actor import Actor
from api.cycles import service as cycles
from tests.cycles.helpers import add_evidence, move
from workflows import registry

THIRD = """\
name: circle
title: Awareness → Assess → Act → Self-reflect
initial: awareness
states:
  awareness:
    label: Awareness
  assess:
    label: Assess
    due_label: Assessed by
  act:
    label: Act
    due_label: Acted by
  self_reflect:
    label: Self-reflect
    reflects: true
    opens_next_cycle: true
  closed:
    label: Closed
    terminal: true
    opens_next_cycle: true
transitions:
  - name: start_assessing
    from: awareness
    to: assess
    guards: [puzzle_and_facilitator]
    roles: &movers [facilitator, teacher, admin]
  - name: start_acting
    from: assess
    to: act
    guards: [has_evidence]
    roles: *movers
  - name: start_reflecting
    from: act
    to: self_reflect
    roles: *movers
  - name: close
    from: self_reflect
    to: closed
    guards: [has_reflection]
    roles: *movers
"""


@pytest.fixture()
def third_definition(tmp_path, monkeypatch):
    """The bundled definitions plus one more file (circle.yaml), in a folder of the test's own."""
    folder = tmp_path / "definitions"
    shutil.copytree(registry.DEFINITIONS_DIR, folder)
    (folder / "circle.yaml").write_text(THIRD, encoding="utf-8")
    monkeypatch.setattr(registry, "DEFINITIONS_DIR", folder)
    registry.get_definition.cache_clear()
    yield "circle"
    registry.get_definition.cache_clear()


def test_the_eaa_definition_is_served_with_its_facts(client_for, school):
    response = client_for(school.student).get("/api/v1/workflows/eaa")
    assert response.status_code == 200
    body = response.get_json()
    assert body["initial_state"] == "draft"
    states = {state["name"]: state for state in body["states"]}
    assert [s["name"] for s in body["states"] if not s["terminal"]] == [
        "draft",
        "evidence",
        "analysis",
        "action",
        "reflection",
    ]
    assert states["evidence"]["due_label"] == "Evidence collected by"
    assert states["draft"]["due_label"] is None
    assert [s["name"] for s in body["states"] if s["reflects"]] == ["reflection"]
    assert [s["name"] for s in body["states"] if s["opens_next_cycle"]] == ["reflection", "closed"]
    assert body["movers"] == ["admin", "facilitator", "teacher"]
    close = next(t for t in body["transitions"] if t["name"] == "close")
    assert close == {
        "name": "close",
        "label": "Close the cycle",
        "from": ["reflection"],
        "to": "closed",
        "roles": ["admin", "facilitator", "teacher"],
        "guards": ["has_reflection"],
    }


def test_every_workflow_is_listed_and_an_unknown_one_is_404(client_for, school):
    client = client_for(school.teacher)
    names = [w["name"] for w in client.get("/api/v1/workflows").get_json()]
    assert names == ["care", "eaa", "pdsa"]
    response = client.get("/api/v1/workflows/kanban")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_signed_out_callers_cannot_read_workflows(anonymous):
    assert anonymous.get("/api/v1/workflows/eaa").status_code == 401


def test_a_pdsa_cycle_takes_pdsas_due_dates_and_refuses_eaas(client_for, make_puzzle, school):
    puzzle = make_puzzle(school.team)
    client = client_for(school.teacher)
    response = client.post(
        f"/api/v1/puzzles/{puzzle.id}/cycles",
        json={"workflow": "pdsa", "due_dates": {"plan": "2026-12-04", "study": "2026-12-18"}},
    )
    assert response.status_code == 201, response.get_json()
    cycle = response.get_json()
    assert (cycle["workflow"], cycle["state"]) == ("pdsa", "plan")
    assert cycle["due_dates"] == {"plan": "2026-12-04", "study": "2026-12-18"}

    refused = client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"due_dates": {"evidence": "2026-12-04"}},
        headers={"If-Match": '"1"'},
    )
    assert refused.status_code == 422
    assert "Plan, Do, Study, Act" in refused.get_json()["errors"]["due_dates"]["evidence"][0]
    assert client.get(f"/api/v1/cycles/{cycle['id']}").get_json()["due_dates"] == {
        "plan": "2026-12-04",
        "study": "2026-12-18",
    }


def test_an_unknown_workflow_is_refused_when_starting_a_cycle(client_for, make_puzzle, school):
    puzzle = make_puzzle(school.team)
    response = client_for(school.teacher).post(
        f"/api/v1/puzzles/{puzzle.id}/cycles", json={"workflow": "kanban"}
    )
    assert response.status_code == 422
    assert "kanban" in response.get_json()["errors"]["workflow"][0]


def test_the_next_pdsa_cycle_starts_from_act(client_for, make_cycle, school):
    cycle = make_cycle(school.team, state="act", workflow="pdsa", facilitators=[school.student])
    client = client_for(school.student)
    saved = client.put(
        f"/api/v1/cycles/{cycle.id}/reflection",
        json={"what_happened": "Feedback got used.", "decision": "next_cycle"},
    )
    assert saved.status_code in (200, 201), saved.get_json()
    response = client.post(f"/api/v1/cycles/{cycle.id}/next")
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["workflow"], response.get_json()["state"]) == ("pdsa", "plan")
    assert client.get(f"/api/v1/cycles/{cycle.id}").get_json()["state"] == "closed"


def test_a_third_definition_needs_only_its_file(third_definition, client_for, make_puzzle, school):
    client = client_for(school.teacher)
    served = client.get("/api/v1/workflows/circle").get_json()
    assert [s["label"] for s in served["states"]][:4] == [
        "Awareness",
        "Assess",
        "Act",
        "Self-reflect",
    ]
    puzzle = make_puzzle(school.team)
    started = client.post(
        f"/api/v1/puzzles/{puzzle.id}/cycles",
        json={
            "workflow": "circle",
            "facilitator_ids": [school.student.id],
            "due_dates": {"assess": "2026-12-07"},
        },
    )
    assert started.status_code == 201, started.get_json()
    cycle_id = started.get_json()["id"]
    assert started.get_json()["due_dates"] == {"assess": "2026-12-07"}

    assert move(client, cycle_id, "assess").status_code == 200
    from api.cycles.models import Cycle
    from api.extensions import db

    cycle = db.session.get(Cycle, cycle_id)
    add_evidence(cycle)
    assert move(client, cycle_id, "act").status_code == 200
    assert move(client, cycle_id, "self_reflect").status_code == 200
    saved = client.put(
        f"/api/v1/cycles/{cycle_id}/reflection",
        json={"what_happened": "We listened first.", "decision": "next_cycle"},
    )
    assert saved.status_code in (200, 201), saved.get_json()
    following = cycles.start_next_cycle(Actor(user=school.teacher), cycle_id)
    assert (following.workflow, following.state, following.number) == ("circle", "awareness", 2)
