"""Property tests: random moves by random people on random cycles never break the rules.

The expected outcome of every move is computed here from a hand-written copy of each
workflow's rules, independently of the YAML, the guards module and the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from workflows import (
    ROLES,
    ActionFacts,
    Actor,
    CycleFacts,
    GuardFailed,
    RoleNotAllowed,
    UnknownTransition,
    available_transitions,
    decide,
    get_definition,
)

Rule = Callable[[CycleFacts], bool]
MOVERS = frozenset({"facilitator", "teacher", "admin"})
#: ending a cycle of the EAA workflow for good is a teacher's or an admin's call
ABANDONERS = {"eaa": frozenset({"teacher", "admin"}), "pdsa": MOVERS, "care": MOVERS}


def always(_: CycleFacts) -> bool:
    return True


def actions_ready(facts: CycleFacts) -> bool:
    return bool(facts.actions) and all(a.has_owner and a.has_due_date for a in facts.actions)


# (transition name, from state, to state, rule the facts must meet)
EAA_RULES: list[tuple[str, str, str, Rule]] = [
    ("start_evidence", "draft", "evidence", lambda f: f.has_puzzle and f.facilitator_count >= 1),
    ("start_analysis", "evidence", "analysis", lambda f: f.evidence_count >= 1),
    ("plan_action", "analysis", "action", lambda f: f.cited_note_count >= 1),
    ("reflect", "action", "reflection", actions_ready),
    ("close", "reflection", "closed", lambda f: f.has_reflection),
    ("back_to_evidence", "analysis", "evidence", always),
    ("back_to_analysis", "action", "analysis", always),
    ("back_to_action", "reflection", "action", always),
] + [
    ("abandon", state, "abandoned", always)
    for state in ["draft", "evidence", "analysis", "action", "reflection"]
]

PDSA_RULES: list[tuple[str, str, str, Rule]] = [
    ("start_doing", "plan", "do", actions_ready),
    ("start_study", "do", "study", lambda f: f.evidence_count >= 1),
    ("decide", "study", "act", lambda f: f.cited_note_count >= 1),
    ("next_round", "act", "plan", lambda f: f.has_reflection),
    ("close", "act", "closed", lambda f: f.has_reflection),
] + [("abandon", state, "abandoned", always) for state in ["plan", "do", "study", "act"]]

CARE_RULES: list[tuple[str, str, str, Rule]] = [
    (
        "start_assessing",
        "awareness",
        "assess",
        lambda f: f.has_puzzle and f.facilitator_count >= 1 and f.evidence_count >= 1,
    ),
    ("start_acting", "assess", "act", lambda f: f.cited_note_count >= 1),
    ("start_self_reflecting", "act", "self_reflect", actions_ready),
    ("close", "self_reflect", "closed", lambda f: f.has_reflection),
    ("notice_more", "assess", "awareness", always),
    ("assess_again", "act", "assess", always),
] + [
    ("abandon", state, "abandoned", always)
    for state in ["awareness", "assess", "act", "self_reflect"]
]

RULES = {"eaa": EAA_RULES, "pdsa": PDSA_RULES, "care": CARE_RULES}
DEFINITIONS = {name: get_definition(name) for name in RULES}


def expected_outcome(
    workflow: str, state: str, move: str, roles: frozenset[str], facts: CycleFacts
) -> str:
    """'unknown', 'role', 'guard', or the state the cycle moves to."""
    rules = RULES[workflow]
    match = [r for r in rules if r[1] == state and move in (r[0], r[2])]
    if not match:
        return "unknown"
    name, _, target, rule = match[0]
    if not roles & (ABANDONERS[workflow] if name == "abandon" else MOVERS):
        return "role"
    if not rule(facts):
        return "guard"
    return target


actions = st.builds(
    ActionFacts,
    title=st.text(min_size=1, max_size=12),
    has_owner=st.booleans(),
    has_due_date=st.booleans(),
    done=st.booleans(),
)
facts_without_state = st.builds(
    CycleFacts,
    state=st.just(""),
    has_puzzle=st.booleans(),
    facilitator_count=st.integers(0, 2),
    evidence_count=st.integers(0, 2),
    cited_note_count=st.integers(0, 2),
    actions=st.lists(actions, max_size=3).map(tuple),
    has_reflection=st.booleans(),
)
role_sets = st.frozensets(st.sampled_from(sorted(ROLES)))


def moves_for(workflow: str) -> st.SearchStrategy[str]:
    definition = DEFINITIONS[workflow]
    names = [t.name for t in definition.transitions] + list(definition.states) + ["teleport"]
    return st.sampled_from(names)


def moves_from(workflow: str, state: str) -> st.SearchStrategy[str]:
    """Mostly moves that exist from `state` (so runs get far), sometimes any move at all."""
    here = DEFINITIONS[workflow].transitions_from(state)
    likely = [t.name for t in here] + [t.to for t in here]
    if not likely:
        return moves_for(workflow)
    return st.one_of(st.sampled_from(likely), st.sampled_from(likely), moves_for(workflow))


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(sorted(RULES)), st.integers(0, 25), st.data())
def test_random_moves_follow_the_rules_and_stay_in_known_states(workflow, steps, data) -> None:
    definition = DEFINITIONS[workflow]
    state = definition.initial_state
    for _ in range(steps):
        move = data.draw(moves_from(workflow, state))
        roles = data.draw(role_sets)
        facts = replace(data.draw(facts_without_state), state=state)
        expected = expected_outcome(workflow, state, move, roles, facts)
        try:
            decision = decide(definition, facts, Actor(roles), move)
        except UnknownTransition:
            assert expected == "unknown"
        except RoleNotAllowed:
            assert expected == "role"
        except GuardFailed as failure:
            assert expected == "guard"
            assert failure.reasons
        else:
            assert decision.from_state == state
            assert decision.to_state == expected
            state = decision.to_state
        assert state in definition.states


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(sorted(RULES)), role_sets, facts_without_state, st.data())
def test_available_transitions_agree_with_decide(workflow, roles, facts_template, data) -> None:
    definition = DEFINITIONS[workflow]
    state = data.draw(st.sampled_from(list(definition.states)))
    facts = replace(facts_template, state=state)
    actor = Actor(roles)
    for option in available_transitions(definition, facts, actor):
        assert option.allowed == (
            expected_outcome(workflow, state, option.name, roles, facts) == option.to
        )
        try:
            decide(definition, facts, actor, option.name)
        except (RoleNotAllowed, GuardFailed):
            assert not option.allowed
            assert option.reasons
        else:
            assert option.allowed
            assert option.reasons == []


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(sorted(RULES)), role_sets, facts_without_state, st.data())
def test_terminal_states_have_no_way_out(workflow, roles, facts_template, data) -> None:
    definition = DEFINITIONS[workflow]
    terminal = [name for name, state in definition.states.items() if state.terminal]
    state = data.draw(st.sampled_from(terminal))
    move = data.draw(moves_for(workflow))
    facts = replace(facts_template, state=state)
    assert definition.transitions_from(state) == ()
    assert available_transitions(definition, facts, Actor(roles)) == []
    try:
        decide(definition, facts, Actor(roles), move)
    except UnknownTransition:
        pass
    else:
        raise AssertionError(f"{move!r} left terminal state {state!r}")


def test_the_hand_written_rules_cover_every_transition_of_each_definition() -> None:
    for workflow, rules in RULES.items():
        edges = {(name, source, target) for name, source, target, _ in rules}
        definition = DEFINITIONS[workflow]
        defined = {
            (t.name, source, t.to) for t in definition.transitions for source in t.from_states
        }
        assert edges == defined
        assert all(
            t.roles == (ABANDONERS[workflow] if t.name == "abandon" else MOVERS)
            for t in definition.transitions
        )
