"""The engine: given a definition, a cycle's facts and an actor, which moves are possible?

Decisions in, decisions out. The engine changes nothing: the API applies a `Decision`
(state, version bump, event row) in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.definition import Transition, WorkflowDefinition
from workflows.errors import GuardFailed, RoleNotAllowed, UnknownTransition
from workflows.facts import Actor, CycleFacts
from workflows.roles import describe_roles


@dataclass(frozen=True)
class TransitionOption:
    """One move out of the current state, for a button that can say why it is disabled."""

    name: str
    to: str
    label: str
    allowed: bool
    #: Why not, in plain sentences; empty when `allowed`.
    reasons: list[str]


@dataclass(frozen=True)
class Decision:
    """A move the engine approved. The caller records it; the engine has changed nothing."""

    from_state: str
    to_state: str
    transition: Transition


def role_reason(transition: Transition, actor: Actor) -> str | None:
    """Why this actor may not make this move, or None if they may."""
    if actor.roles & transition.roles:
        return None
    return f"Only {describe_roles(transition.roles)} can {_verb(transition.label)}."


def guard_reasons(transition: Transition, facts: CycleFacts) -> list[str]:
    """Every reason the cycle is not ready for this move; empty when it is."""
    return [reason for guard in transition.guards for reason in guard.check(facts)]


def available_transitions(
    definition: WorkflowDefinition, facts: CycleFacts, actor: Actor
) -> list[TransitionOption]:
    """Every move out of the cycle's state, each saying whether this actor can make it now."""
    _check_known_state(definition, facts.state)
    options = []
    for transition in definition.transitions_from(facts.state):
        reason = role_reason(transition, actor)
        reasons = ([reason] if reason else []) + guard_reasons(transition, facts)
        options.append(
            TransitionOption(
                name=transition.name,
                to=transition.to,
                label=transition.label,
                allowed=not reasons,
                reasons=reasons,
            )
        )
    return options


def decide(definition: WorkflowDefinition, facts: CycleFacts, actor: Actor, move: str) -> Decision:
    """Approve `move` (a transition name like 'start_analysis', or a target state like
    'analysis') for this cycle and actor.

    Raises `UnknownTransition` when there is no such move from the current state,
    `RoleNotAllowed` when the actor may not make it, and `GuardFailed` (with `.reasons`)
    when the cycle is not ready for it. Roles are checked first: a coach hears who may move
    the cycle, not what the cycle is missing.
    """
    transition = find_transition(definition, facts.state, move)
    reason = role_reason(transition, actor)
    if reason:
        raise RoleNotAllowed(reason, transition=transition.name, allowed_roles=transition.roles)
    reasons = guard_reasons(transition, facts)
    if reasons:
        raise GuardFailed(transition.name, reasons)
    return Decision(from_state=facts.state, to_state=transition.to, transition=transition)


def find_transition(definition: WorkflowDefinition, state: str, move: str) -> Transition:
    """The transition `move` names from `state`, by its name or by its target state."""
    current = _check_known_state(definition, state)

    def refuse(message: str) -> UnknownTransition:
        return UnknownTransition(message, state=state, move=move)

    if definition.is_terminal(state):
        raise refuse(f"This cycle is {current.lower()}, so it cannot move any more.")
    here = definition.transitions_from(state)
    by_name = definition.transition(move)
    if by_name is not None:
        if by_name in here:
            return by_name
        raise refuse(f"You can't {_verb(by_name.label)} from {current}. {_choices(current, here)}")
    if move in definition.states:
        if move == state:
            raise refuse(f"This cycle is already in {current}.")
        for transition in here:
            if transition.to == move:
                return transition
        target = definition.states[move].label
        raise refuse(
            f"A cycle cannot go straight from {current} to {target}. {_choices(current, here)}"
        )
    raise refuse(f"The {definition.title} workflow has no step or state called “{move}”.")


def _check_known_state(definition: WorkflowDefinition, state: str) -> str:
    """The state's label; a state the definition lacks means the data and definition disagree."""
    if state not in definition.states:
        raise UnknownTransition(
            f"This cycle is in a state “{state}” that the {definition.title} workflow "
            "does not have.",
            state=state,
            move="",
        )
    return definition.states[state].label


def _verb(label: str) -> str:
    """'Plan action' → 'plan action', to sit inside a sentence."""
    return label[:1].lower() + label[1:]


def _choices(current: str, transitions: tuple[Transition, ...]) -> str:
    verbs = [_verb(t.label) for t in transitions]
    listed = verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + " or " + verbs[-1]
    return f"From {current} you can {listed}."
