"""Plan → Do → Study → Act: a second definition on the same engine and facts."""

from __future__ import annotations

import pytest

from workflows import Actor, CycleFacts, GuardFailed, RoleNotAllowed, decide, get_definition

PDSA = get_definition("pdsa")
FACILITATOR = Actor.with_roles("facilitator")


def test_pdsa_runs_two_rounds_then_closes(make_facts) -> None:
    state = PDSA.initial_state
    visited = [state]
    for move in ["do", "study", "act", "next_round", "start_doing", "start_study", "act", "close"]:
        state = decide(PDSA, make_facts(state), FACILITATOR, move).to_state
        visited.append(state)
    assert visited == ["plan", "do", "study", "act", "plan", "do", "study", "act", "closed"]


def test_pdsa_do_needs_a_planned_change() -> None:
    with pytest.raises(GuardFailed) as caught:
        decide(PDSA, CycleFacts(state="plan"), FACILITATOR, "do")
    assert caught.value.reasons == [
        "Write down the change you will try, as an action, before you start doing."
    ]


def test_pdsa_study_needs_data(make_facts) -> None:
    with pytest.raises(GuardFailed, match="Collect at least one piece of data"):
        decide(PDSA, make_facts("do", evidence_count=0), FACILITATOR, "study")


def test_pdsa_act_needs_a_finding_that_cites_the_data(make_facts) -> None:
    with pytest.raises(GuardFailed, match="what the data shows"):
        decide(PDSA, make_facts("study", cited_note_count=0), FACILITATOR, "decide")


@pytest.mark.parametrize("move", ["next_round", "close"])
def test_pdsa_needs_a_decision_before_the_next_round_or_closing(make_facts, move: str) -> None:
    with pytest.raises(GuardFailed, match="adopt, adapt or abandon"):
        decide(PDSA, make_facts("act", has_reflection=False), FACILITATOR, move)


def test_pdsa_coach_cannot_move_a_cycle(make_facts) -> None:
    with pytest.raises(RoleNotAllowed):
        decide(PDSA, make_facts("plan"), Actor.with_roles("coach"), "do")
