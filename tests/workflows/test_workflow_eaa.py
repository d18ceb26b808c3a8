"""The default Evidence → Analysis → Action workflow: guards, roles, ways back, abandon."""

from __future__ import annotations

import pytest

from workflows import (
    ActionFacts,
    Actor,
    CycleFacts,
    GuardFailed,
    RoleNotAllowed,
    UnknownTransition,
    WorkflowError,
    available_transitions,
    decide,
    get_definition,
)

EAA = get_definition("eaa")
STUDENT_FACILITATOR = Actor.with_roles("student", "facilitator")


def guard_reasons(facts: CycleFacts, move: str) -> list[str]:
    with pytest.raises(GuardFailed) as caught:
        decide(EAA, facts, Actor.with_roles("teacher"), move)
    return caught.value.reasons


# --- roles ---------------------------------------------------------------------------------


def test_student_facilitator_can_move_cycle_to_analysis(make_facts) -> None:
    decision = decide(EAA, make_facts("evidence"), STUDENT_FACILITATOR, "analysis")
    assert (decision.from_state, decision.to_state) == ("evidence", "analysis")
    assert decision.transition.name == "start_analysis"


@pytest.mark.parametrize("role", ["facilitator", "teacher", "admin"])
def test_facilitators_teachers_and_admins_can_move_a_cycle(make_facts, role: str) -> None:
    assert decide(EAA, make_facts("draft"), Actor.with_roles(role), "start_evidence").to_state == (
        "evidence"
    )


@pytest.mark.parametrize("roles", [("student",), ("coach",), ()])
def test_students_who_do_not_facilitate_and_coaches_cannot_move_a_cycle(
    make_facts, roles: tuple[str, ...]
) -> None:
    with pytest.raises(RoleNotAllowed) as caught:
        decide(EAA, make_facts("evidence"), Actor.with_roles(*roles), "start_analysis")
    assert str(caught.value) == (
        "Only the cycle's facilitators, the team's teachers or organization admins "
        "can move to analysis."
    )
    assert caught.value.allowed_roles == frozenset({"facilitator", "teacher", "admin"})


def test_role_is_checked_before_guards_so_a_coach_hears_who_may_move(make_facts) -> None:
    with pytest.raises(RoleNotAllowed):
        decide(EAA, make_facts("evidence", evidence_count=0), Actor.with_roles("coach"), "analysis")


def test_actor_with_a_misspelt_role_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="teachr"):
        Actor.with_roles("teachr")


# --- guards --------------------------------------------------------------------------------


def test_starting_evidence_needs_a_facilitator(make_facts) -> None:
    assert guard_reasons(make_facts("draft", facilitator_count=0), "evidence") == [
        "Name at least one facilitator before you start collecting evidence."
    ]


def test_starting_evidence_needs_a_puzzle(make_facts) -> None:
    reasons = guard_reasons(make_facts("draft", has_puzzle=False), "evidence")
    assert reasons == ["Choose the puzzle of practice this cycle explores."]


def test_analysis_needs_at_least_one_piece_of_evidence(make_facts) -> None:
    assert guard_reasons(make_facts("evidence", evidence_count=0), "start_analysis") == [
        "Add at least one piece of evidence before you move to analysis."
    ]


def test_action_needs_an_analysis_note_that_cites_evidence(make_facts) -> None:
    reasons = guard_reasons(make_facts("analysis", cited_note_count=0), "action")
    assert reasons == [
        "Write at least one analysis note that points to the evidence it rests on "
        "before you plan action."
    ]


def test_reflection_needs_at_least_one_action(make_facts) -> None:
    assert guard_reasons(make_facts("action", actions=()), "reflect") == [
        "Add at least one action before you move to reflection."
    ]


def test_reflection_names_each_action_missing_an_owner_or_due_date(make_facts) -> None:
    actions = (
        ActionFacts("Try exit tickets", has_owner=False, has_due_date=True),
        ActionFacts("Peer feedback", has_owner=True, has_due_date=False),
        ActionFacts("Goal cards", has_owner=False, has_due_date=False),
        ActionFacts("Learning walk", has_owner=True, has_due_date=True),
    )
    assert guard_reasons(make_facts("action", actions=actions), "reflection") == [
        "Give “Try exit tickets” an owner.",
        "Give “Peer feedback” a due date.",
        "Give “Goal cards” an owner and a due date.",
    ]


def test_closing_needs_a_reflection(make_facts) -> None:
    assert guard_reasons(make_facts("reflection", has_reflection=False), "close") == [
        "Write a reflection on what happened before you close the cycle."
    ]


def test_guard_failed_message_joins_its_reasons(make_facts) -> None:
    with pytest.raises(GuardFailed) as caught:
        decide(
            EAA,
            make_facts("draft", has_puzzle=False, facilitator_count=0),
            STUDENT_FACILITATOR,
            "evidence",
        )
    assert str(caught.value) == " ".join(caught.value.reasons)
    assert len(caught.value.reasons) == 2


def test_full_cycle_runs_from_draft_to_closed(make_facts) -> None:
    state = EAA.initial_state
    for move in ["start_evidence", "start_analysis", "plan_action", "reflect", "close"]:
        state = decide(EAA, make_facts(state), STUDENT_FACILITATOR, move).to_state
    assert state == "closed"


# --- moves by name or by state, and moves that do not exist --------------------------------


def test_a_move_can_name_the_transition_or_the_target_state(make_facts) -> None:
    by_name = decide(EAA, make_facts("analysis"), STUDENT_FACILITATOR, "plan_action")
    by_state = decide(EAA, make_facts("analysis"), STUDENT_FACILITATOR, "action")
    assert by_name == by_state


def test_skipping_a_phase_is_refused_with_the_moves_that_are_possible(make_facts) -> None:
    with pytest.raises(UnknownTransition) as caught:
        decide(EAA, make_facts("draft"), STUDENT_FACILITATOR, "analysis")
    assert str(caught.value) == (
        "A cycle cannot go straight from Draft to Analysis. "
        "From Draft you can start collecting evidence or abandon the cycle."
    )


def test_a_transition_from_another_state_is_refused(make_facts) -> None:
    with pytest.raises(UnknownTransition, match="You can't plan action from Evidence"):
        decide(EAA, make_facts("evidence"), STUDENT_FACILITATOR, "plan_action")


def test_moving_to_the_current_state_is_refused(make_facts) -> None:
    with pytest.raises(UnknownTransition, match="already in Evidence"):
        decide(EAA, make_facts("evidence"), STUDENT_FACILITATOR, "evidence")


def test_a_move_that_does_not_exist_is_refused(make_facts) -> None:
    with pytest.raises(UnknownTransition, match="no step or state called “teleport”"):
        decide(EAA, make_facts("evidence"), STUDENT_FACILITATOR, "teleport")


def test_a_state_the_definition_lacks_is_refused(make_facts) -> None:
    with pytest.raises(UnknownTransition, match="does not have"):
        decide(EAA, make_facts("limbo"), STUDENT_FACILITATOR, "abandon")
    with pytest.raises(UnknownTransition):
        available_transitions(EAA, make_facts("limbo"), STUDENT_FACILITATOR)


def test_all_engine_errors_are_workflow_errors() -> None:
    for error in (UnknownTransition, RoleNotAllowed, GuardFailed):
        assert issubclass(error, WorkflowError)


# --- ways back and abandon -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "move", "target"),
    [
        ("analysis", "back_to_evidence", "evidence"),
        ("action", "back_to_analysis", "analysis"),
        ("reflection", "back_to_action", "action"),
    ],
)
def test_teams_can_go_back_a_phase_even_when_not_ready_to_go_forward(
    state: str, move: str, target: str
) -> None:
    bare = CycleFacts(state=state)
    assert decide(EAA, bare, STUDENT_FACILITATOR, move).to_state == target


def test_going_back_two_phases_is_refused(make_facts) -> None:
    with pytest.raises(UnknownTransition):
        decide(EAA, make_facts("action"), STUDENT_FACILITATOR, "evidence")


@pytest.mark.parametrize("state", ["draft", "evidence", "analysis", "action", "reflection"])
def test_a_cycle_can_be_abandoned_from_any_open_state(state: str) -> None:
    decision = decide(EAA, CycleFacts(state=state), Actor.with_roles("admin"), "abandon")
    assert decision.to_state == "abandoned"


def test_a_student_facilitator_moves_the_cycle_but_cannot_abandon_it() -> None:
    facts = CycleFacts(state="evidence")
    options = available_transitions(EAA, facts, STUDENT_FACILITATOR)
    moves = {option.name: option for option in options}
    assert not moves["abandon"].allowed
    with pytest.raises(RoleNotAllowed):
        decide(EAA, facts, STUDENT_FACILITATOR, "abandon")
    assert decide(EAA, facts, Actor.with_roles("teacher"), "abandon").to_state == "abandoned"


@pytest.mark.parametrize("state", ["closed", "abandoned"])
def test_closed_and_abandoned_cycles_cannot_move(state: str, make_facts) -> None:
    assert available_transitions(EAA, make_facts(state), STUDENT_FACILITATOR) == []
    with pytest.raises(UnknownTransition, match="cannot move any more"):
        decide(EAA, make_facts(state), STUDENT_FACILITATOR, "abandon")


# --- available transitions -----------------------------------------------------------------


def test_available_transitions_say_why_a_move_is_blocked() -> None:
    facts = CycleFacts(state="evidence", has_puzzle=True, facilitator_count=1)
    options = {o.name: o for o in available_transitions(EAA, facts, STUDENT_FACILITATOR)}
    assert set(options) == {"start_analysis", "abandon"}
    assert not options["start_analysis"].allowed
    assert options["start_analysis"].reasons == [
        "Add at least one piece of evidence before you move to analysis."
    ]
    assert options["start_analysis"].label == "Move to analysis"
    assert not options["abandon"].allowed  # a teacher's call
    assert options["abandon"].reasons == [
        "Only the team's teachers or organization admins can abandon the cycle."
    ]


def test_available_transitions_for_a_coach_list_the_role_reason_first(make_facts) -> None:
    facts = make_facts("evidence", evidence_count=0)
    options = available_transitions(EAA, facts, Actor.with_roles("coach"))
    assert all(not option.allowed for option in options)
    assert options[0].reasons[0].startswith("Only the cycle's facilitators")
    assert options[0].reasons[1].startswith("Add at least one piece of evidence")
