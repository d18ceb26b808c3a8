"""Pedagogical care (awareness → assess → act → self-reflect): a third bundled definition,
run by the unchanged engine and its existing guards, and by the API like any other."""

from __future__ import annotations

import pytest

from api.actor import Actor as ApiActor
from api.cycles import service as cycles
from tests.cycles.helpers import add_action, add_cited_note, add_evidence, move
from workflows import Actor, CycleFacts, GuardFailed, RoleNotAllowed, decide, get_definition

CARE = get_definition("care")
FACILITATOR = Actor.with_roles("facilitator")


def test_care_runs_from_awareness_to_closed_and_goes_back_where_care_does(make_facts) -> None:
    state = CARE.initial_state
    visited = [state]
    moves = ["assess", "awareness", "assess", "act", "assess", "act", "self_reflect", "closed"]
    for target in moves:
        state = decide(CARE, make_facts(state), FACILITATOR, target).to_state
        visited.append(state)
    assert visited == ["awareness", *moves]
    assert [s for s in CARE.states if CARE.states[s].reflects] == ["self_reflect"]


def test_assessing_needs_what_was_noticed() -> None:
    facts = CycleFacts(state="awareness", has_puzzle=True, facilitator_count=1)
    with pytest.raises(GuardFailed) as caught:
        decide(CARE, facts, FACILITATOR, "start_assessing")
    assert caught.value.reasons == [
        "Add at least one piece of evidence before you move to analysis."
    ]


@pytest.mark.parametrize(
    ("state", "move", "missing", "words"),
    [
        ("assess", "act", {"cited_note_count": 0}, "points to the evidence"),
        ("act", "self_reflect", {"actions": ()}, "at least one action"),
        ("self_reflect", "closed", {"has_reflection": False}, "Write a reflection"),
    ],
)
def test_each_step_asks_for_its_part(make_facts, state, move, missing, words) -> None:
    with pytest.raises(GuardFailed, match=words):
        decide(CARE, make_facts(state, **missing), FACILITATOR, move)


def test_a_coach_cannot_move_a_care_cycle(make_facts) -> None:
    with pytest.raises(RoleNotAllowed):
        decide(CARE, make_facts("awareness"), Actor.with_roles("coach"), "assess")


def test_a_care_cycle_runs_through_the_api(client_for, make_puzzle, school) -> None:
    from api.cycles.models import Cycle
    from api.extensions import db

    client = client_for(school.teacher)
    served = client.get("/api/v1/workflows/care").get_json()
    assert [s["name"] for s in served["states"] if not s["terminal"]] == [
        "awareness",
        "assess",
        "act",
        "self_reflect",
    ]
    puzzle = make_puzzle(school.team, question="How might Sam feel safe to ask for help?")
    started = client.post(
        f"/api/v1/puzzles/{puzzle.id}/cycles",
        json={
            "workflow": "care",
            "facilitator_ids": [school.teacher.id],
            "due_dates": {"assess": "2026-12-07"},
        },
    )
    assert started.status_code == 201, started.get_json()
    cycle_id = started.get_json()["id"]
    assert started.get_json()["state"] == "awareness"
    refused = move(client, cycle_id, "assess")
    assert refused.status_code == 409
    cycle = db.session.get(Cycle, cycle_id)
    noticed = add_evidence(cycle, title="Sam goes quiet in group work")
    assert move(client, cycle_id, "assess").status_code == 200
    add_cited_note(cycle, noticed)
    assert move(client, cycle_id, "act").status_code == 200
    add_action(cycle, school.teacher, title="Check in with Sam before group work")
    assert move(client, cycle_id, "self_reflect").status_code == 200
    saved = client.put(
        f"/api/v1/cycles/{cycle_id}/reflection",
        json={"what_happened": "I asked first; Sam spoke up twice.", "decision": "resolved"},
    )
    assert saved.status_code in (200, 201), saved.get_json()
    assert move(client, cycle_id, "closed").status_code == 200
    assert client.get(f"/api/v1/cycles/{cycle_id}").get_json()["state"] == "closed"
    # Another round of care for the same puzzle starts from awareness.
    following = cycles.start_next_cycle(ApiActor(user=school.teacher), cycle_id)
    assert (following.workflow, following.state) == ("care", "awareness")
