"""Reading the workflow definitions the engine has loaded."""

from __future__ import annotations

from typing import Any

from api.errors import NotFound
from workflows import UnknownWorkflow, WorkflowDefinition, all_definitions, get_definition


def describe(definition: WorkflowDefinition) -> dict[str, Any]:
    return {
        "name": definition.name,
        "title": definition.title,
        "initial_state": definition.initial_state,
        "states": list(definition.states.values()),
        "transitions": [
            {**vars(t), "roles": sorted(t.roles), "guard_names": t.guard_names}
            for t in definition.transitions
        ],
        "movers": sorted(definition.mover_roles),
    }


def workflow(name: str) -> dict[str, Any]:
    """One definition by name; raises NotFound for a name the engine does not know."""
    try:
        return describe(get_definition(name))
    except UnknownWorkflow:
        raise NotFound("There is no workflow by that name.") from None


def workflows() -> list[dict[str, Any]]:
    return [describe(definition) for definition in all_definitions().values()]
