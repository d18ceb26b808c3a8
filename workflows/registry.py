"""The bundled definitions in `workflows/definitions/`, loaded once and cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workflows.definition import WorkflowDefinition, read_definition
from workflows.errors import DefinitionError, UnknownWorkflow

#: Found next to this file, so it works from a checkout and from an installed package.
DEFINITIONS_DIR = Path(__file__).parent / "definitions"


def definition_names() -> list[str]:
    """Names of the bundled definitions, e.g. ['eaa', 'pdsa']."""
    return sorted(path.stem for path in DEFINITIONS_DIR.glob("*.yaml"))


@cache
def get_definition(name: str) -> WorkflowDefinition:
    """The bundled definition called `name`. Raises `UnknownWorkflow` or `DefinitionError`."""
    if name not in definition_names():
        known = ", ".join(definition_names())
        raise UnknownWorkflow(f"There is no workflow called “{name}” (known: {known}).")
    path = DEFINITIONS_DIR / f"{name}.yaml"
    definition = read_definition(path)
    if definition.name != name:
        raise DefinitionError(
            str(path), None, f"is named `{definition.name}`; rename it or the file to match."
        )
    return definition


def load_definition(name_or_path: str | Path) -> WorkflowDefinition:
    """A bundled definition by name ('eaa'), or any definition file by path (not cached)."""
    if isinstance(name_or_path, Path) or name_or_path.endswith((".yaml", ".yml")):
        return read_definition(name_or_path)
    return get_definition(name_or_path)


def all_definitions() -> dict[str, WorkflowDefinition]:
    """Every bundled definition, loaded: call it at start-up to fail fast on a broken file."""
    return {name: get_definition(name) for name in definition_names()}


def open_state_names() -> list[str]:
    """Every state, in any bundled definition, that a cycle is still working in."""
    return sorted(
        {
            name
            for definition in all_definitions().values()
            for name, state in definition.states.items()
            if not state.terminal
        }
    )
