"""Guards: named checks a transition runs before it may happen.

A guard looks at `CycleFacts` and returns the reasons the move cannot happen yet, one kind,
plain sentence each. An empty list means "go ahead". Definitions name guards in YAML; the
loader refuses a name that is not in `GUARDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workflows.facts import ActionFacts, CycleFacts

GuardCheck = Callable[[CycleFacts], list[str]]


@dataclass(frozen=True)
class Guard:
    name: str
    check: GuardCheck


#: Every guard a definition may name, by name.
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[GuardCheck], GuardCheck]:
    """Register a check under `name` so definitions can use it."""

    def register(check: GuardCheck) -> GuardCheck:
        if name in GUARDS:
            raise ValueError(f"A guard named {name!r} is already registered.")
        GUARDS[name] = Guard(name, check)
        return check

    return register


def _missing_owner_or_due_date(actions: tuple[ActionFacts, ...]) -> list[str]:
    """'Give “Try exit tickets” an owner.' for each action that lacks something."""
    reasons = []
    for action in actions:
        missing = []
        if not action.has_owner:
            missing.append("an owner")
        if not action.has_due_date:
            missing.append("a due date")
        if missing:
            reasons.append(f"Give “{action.title}” {' and '.join(missing)}.")
    return reasons


# --- Evidence → Analysis → Action ---------------------------------------------------------


@guard("puzzle_and_facilitator")
def puzzle_and_facilitator(facts: CycleFacts) -> list[str]:
    reasons = []
    if not facts.has_puzzle:
        reasons.append("Choose the puzzle of practice this cycle explores.")
    if facts.facilitator_count < 1:
        reasons.append("Name at least one facilitator before you start collecting evidence.")
    return reasons


@guard("has_evidence")
def has_evidence(facts: CycleFacts) -> list[str]:
    if facts.evidence_count < 1:
        return ["Add at least one piece of evidence before you move to analysis."]
    return []


@guard("has_cited_analysis")
def has_cited_analysis(facts: CycleFacts) -> list[str]:
    if facts.cited_note_count < 1:
        return [
            "Write at least one analysis note that points to the evidence it rests on "
            "before you plan action."
        ]
    return []


@guard("actions_ready")
def actions_ready(facts: CycleFacts) -> list[str]:
    if not facts.actions:
        return ["Add at least one action before you move to reflection."]
    return _missing_owner_or_due_date(facts.actions)


@guard("has_reflection")
def has_reflection(facts: CycleFacts) -> list[str]:
    if not facts.has_reflection:
        return ["Write a reflection on what happened before you close the cycle."]
    return []


# --- Plan → Do → Study → Act ---------------------------------------------------------------
# The same facts, read the PDSA way: the plan is the change you will try (an action),
# the data is evidence, the study is cited notes, the decision is a reflection.


@guard("plan_ready")
def plan_ready(facts: CycleFacts) -> list[str]:
    if not facts.actions:
        return ["Write down the change you will try, as an action, before you start doing."]
    return _missing_owner_or_due_date(facts.actions)


@guard("has_data")
def has_data(facts: CycleFacts) -> list[str]:
    if facts.evidence_count < 1:
        return ["Collect at least one piece of data before you study it."]
    return []


@guard("has_findings")
def has_findings(facts: CycleFacts) -> list[str]:
    if facts.cited_note_count < 1:
        return ["Write at least one note on what the data shows, citing it, before you act."]
    return []


@guard("has_decision")
def has_decision(facts: CycleFacts) -> list[str]:
    if not facts.has_reflection:
        return [
            "Record what you learned and whether you adopt, adapt or abandon the change "
            "before you move on."
        ]
    return []
