"""The workflow engine: definitions in, decisions out. Pure Python: no Flask, no SQLAlchemy.

A *definition* (YAML in `workflows/definitions/`) lists a cycle's states, and the
transitions between them with their guards (named checks, `workflows/guards.py`) and the
roles that may make them. The API describes a cycle as `CycleFacts` and a person as an
`Actor`, asks the engine, and persists what it approves::

    from workflows import Actor, CycleFacts, decide, get_definition

    definition = get_definition(cycle.workflow)          # "eaa" or "pdsa", cached
    facts = CycleFacts(state=cycle.state, has_puzzle=True, facilitator_count=1, ...)
    actor = Actor.with_roles("student", "facilitator")   # roles towards *this* cycle
    decision = decide(definition, facts, actor, "start_analysis")   # or "analysis"
    cycle.state = decision.to_state                      # + version bump + event row

    available_transitions(definition, facts, actor)      # buttons, with why-not reasons

`decide` raises `UnknownTransition`, `RoleNotAllowed` or `GuardFailed` (`.reasons`), all
`WorkflowError`s with messages fit to show people. Broken definition files raise
`DefinitionError` naming the file and line when loaded.

Modules: `definition` (the data and its loading), `guards`, `facts`, `roles`, `engine`,
`registry` (bundled definitions), `errors`.
"""

from workflows.definition import State, Transition, WorkflowDefinition, read_definition
from workflows.engine import (
    Decision,
    TransitionOption,
    available_transitions,
    decide,
    find_transition,
)
from workflows.errors import (
    DefinitionError,
    GuardFailed,
    RoleNotAllowed,
    UnknownTransition,
    UnknownWorkflow,
    WorkflowError,
)
from workflows.facts import ActionFacts, Actor, CycleFacts
from workflows.guards import GUARDS, Guard
from workflows.registry import (
    all_definitions,
    definition_names,
    get_definition,
    load_definition,
    open_state_names,
)
from workflows.roles import ROLES

__all__ = [
    "GUARDS",
    "ROLES",
    "ActionFacts",
    "Actor",
    "CycleFacts",
    "Decision",
    "DefinitionError",
    "Guard",
    "GuardFailed",
    "RoleNotAllowed",
    "State",
    "Transition",
    "TransitionOption",
    "UnknownTransition",
    "UnknownWorkflow",
    "WorkflowDefinition",
    "WorkflowError",
    "all_definitions",
    "available_transitions",
    "decide",
    "definition_names",
    "find_transition",
    "get_definition",
    "load_definition",
    "open_state_names",
    "read_definition",
]
