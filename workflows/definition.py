"""Workflow definitions: what they hold, and how a YAML file becomes one.

`read_definition(path)` parses the file with `yaml.compose`, so every value keeps the line it
came from, then checks it thoroughly. A broken file never becomes a definition: it raises
`DefinitionError` naming the file and the line, at load time rather than mid-cycle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from workflows.errors import DefinitionError
from workflows.guards import GUARDS, Guard
from workflows.roles import ROLES

#: `from: "*"` means "from every open state" (used by `abandon`).
ANY_OPEN_STATE = "*"
#: true/false facts a state may carry (besides its `label` and `due_label`)
STATE_FLAGS = ("terminal", "reflects", "opens_next_cycle")

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class State:
    name: str
    label: str
    #: A terminal state ends the cycle: no transition leaves it.
    terminal: bool = False
    #: The state has a due date; these words ask for it ("Evidence collected by"). None: no date.
    due_label: str | None = None
    #: The team writes the cycle's reflection (its decision) in this state.
    reflects: bool = False
    #: The puzzle's next cycle can start from here (an open one is closed on the way).
    opens_next_cycle: bool = False

    @property
    def has_due_date(self) -> bool:
        return self.due_label is not None

    @property
    def is_open(self) -> bool:
        return not self.terminal


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    from_states: tuple[str, ...]
    to: str
    guards: tuple[Guard, ...]
    roles: frozenset[str]

    @property
    def guard_names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.guards)


# eq=False: two loads of one file are different objects; identity hashing suits caching.
@dataclass(frozen=True, eq=False)
class WorkflowDefinition:
    name: str
    title: str
    initial_state: str
    #: In file order, by name.
    states: Mapping[str, State]
    transitions: tuple[Transition, ...]
    #: The file it came from, for messages.
    source: str

    def state(self, name: str) -> State:
        return self.states[name]

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if state in t.from_states)

    def is_terminal(self, state: str) -> bool:
        return self.states[state].terminal

    @property
    def open_states(self) -> tuple[State, ...]:
        """The states a cycle is still being worked in, in file order (a board's columns)."""
        return tuple(state for state in self.states.values() if state.is_open)

    @property
    def due_date_states(self) -> tuple[State, ...]:
        """The states that carry a due date, in file order."""
        return tuple(state for state in self.states.values() if state.has_due_date)

    @property
    def reflecting_state(self) -> State | None:
        """The state the reflection is written in, if the workflow has one."""
        return next((state for state in self.states.values() if state.reflects), None)

    @property
    def mover_roles(self) -> frozenset[str]:
        """Everyone who may make at least one move."""
        return frozenset().union(*(t.roles for t in self.transitions))

    def next_cycle_closing(self, state: str) -> Transition | None:
        """From an open state that opens the next cycle: the move that ends this one first.
        None from a terminal state (nothing to close) or a state that opens no next cycle."""
        here = self.states[state]
        if here.terminal or not here.opens_next_cycle:
            return None
        return next(
            t
            for t in self.transitions_from(state)
            if self.states[t.to].terminal and self.states[t.to].opens_next_cycle
        )


def read_definition(path: str | Path, guards: Mapping[str, Guard] = GUARDS) -> WorkflowDefinition:
    """Load and validate one definition file. Raises `DefinitionError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(str(path), None, f"cannot be read ({error.strerror}).") from error
    return parse_definition(text, str(path), guards)


def parse_definition(
    text: str, source: str, guards: Mapping[str, Guard] = GUARDS
) -> WorkflowDefinition:
    """Validate YAML text as a definition; `source` names it in error messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise DefinitionError(source, line, f"is not valid YAML: {problem}.") from error
    if root is None:
        raise DefinitionError(source, None, "is empty.")
    return _Builder(source, guards).build(root)


class _Builder:
    """Walks the composed YAML nodes, checking as it goes; `fail` points at a node's line."""

    def __init__(self, source: str, guards: Mapping[str, Guard]) -> None:
        self.source = source
        self.guards = guards

    def fail(self, node: Any, problem: str) -> NoReturn:
        raise DefinitionError(self.source, node.start_mark.line + 1, problem)

    # --- small readers ------------------------------------------------------------------

    def mapping(
        self, node: Any, what: str, required: set[str], optional: set[str]
    ) -> dict[str, tuple[Any, Any]]:
        """Key → (key node, value node); refuses missing, unknown and repeated keys.

        With no `required` and no `optional` keys, any key is accepted (the `states` map).
        """
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} should be a mapping of keys to values.")
        known = required | optional
        found: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, f"A key in {what}")
            if key in found:
                self.fail(key_node, f"{what} has `{key}` twice.")
            if known and key not in known:
                expected = ", ".join(sorted(known))
                self.fail(key_node, f"{what} has an unknown key `{key}` (expected: {expected}).")
            found[key] = (key_node, value_node)
        missing = sorted(required - found.keys())
        if missing:
            self.fail(node, f"{what} is missing `{missing[0]}`.")
        return found

    def text(self, node: Any, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{what} should be a single value.")
        if node.tag == _NULL_TAG or not str(node.value).strip():
            self.fail(node, f"{what} is empty.")
        # The raw text, so a state called `on` stays "on" rather than YAML 1.1's True.
        return str(node.value)

    def name(self, node: Any, what: str) -> str:
        value = self.text(node, what)
        if not _NAME.match(value):
            self.fail(node, f"{what} `{value}` should use lowercase letters, digits and _.")
        return value

    def names(self, node: Any, what: str) -> list[tuple[str, Any]]:
        """One name or a list of names, each with its node."""
        if isinstance(node, yaml.SequenceNode):
            return [(self.text(item, what), item) for item in node.value]
        return [(self.text(node, what), node)]

    def boolean(self, node: Any, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL_TAG:
            self.fail(node, f"{what} should be true or false.")
        return bool(yaml.constructor.SafeConstructor.bool_values[node.value.lower()])

    # --- the definition -----------------------------------------------------------------

    def build(self, root: Any) -> WorkflowDefinition:
        top = self.mapping(
            root, "The definition", {"name", "title", "initial", "states", "transitions"}, set()
        )
        name = self.name(top["name"][1], "The definition's name")
        title = self.text(top["title"][1], "The title")
        states, state_nodes = self.states(top["states"][1])

        initial_node = top["initial"][1]
        initial = self.text(initial_node, "`initial`")
        if initial not in states:
            self.fail(initial_node, f"The initial state `{initial}` is not one of the states.")
        if states[initial].terminal:
            self.fail(initial_node, f"The initial state `{initial}` is terminal.")

        transitions = self.transitions(top["transitions"][1], states)
        self.check_reachable(initial, states, state_nodes, transitions)
        self.check_no_dead_ends(states, state_nodes, transitions)
        self.check_next_cycle(states, state_nodes, transitions)
        return WorkflowDefinition(
            name=name,
            title=title,
            initial_state=initial,
            states=MappingProxyType(states),
            transitions=tuple(transitions),
            source=self.source,
        )

    def states(self, node: Any) -> tuple[dict[str, State], dict[str, Any]]:
        entries = self.mapping(node, "`states`", set(), set())
        if not entries:
            self.fail(node, "`states` is empty.")
        states: dict[str, State] = {}
        state_nodes: dict[str, Any] = {}
        for state_name, (key_node, value_node) in entries.items():
            self.name(key_node, "The state name")
            fields = self.mapping(
                value_node, f"State `{state_name}`", {"label"}, set(STATE_FLAGS) | {"due_label"}
            )
            label = self.text(fields["label"][1], f"The label of `{state_name}`")
            flags = {
                flag: self.boolean(fields[flag][1], f"`{flag}` of `{state_name}`")
                for flag in STATE_FLAGS
                if flag in fields
            }
            due_label = (
                self.text(fields["due_label"][1], f"The due label of `{state_name}`")
                if "due_label" in fields
                else None
            )
            state = State(state_name, label, due_label=due_label, **flags)
            if state.terminal and (state.due_label or state.reflects):
                key = "due_label" if state.due_label else "reflects"
                self.fail(fields[key][0], f"State `{state_name}` is terminal: it has no {key}.")
            if state.reflects and any(other.reflects for other in states.values()):
                self.fail(fields["reflects"][0], "Only one state can be the one that reflects.")
            states[state_name] = state
            state_nodes[state_name] = key_node
        return states, state_nodes

    def transitions(self, node: Any, states: dict[str, State]) -> list[Transition]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.fail(node, "`transitions` should be a non-empty list.")
        transitions: list[Transition] = []
        first_line: dict[str, int] = {}
        # (from, to) → transition name: a target state must name one move unambiguously.
        edges: dict[tuple[str, str], str] = {}
        for item in node.value:
            fields = self.mapping(
                item, "A transition", {"name", "from", "roles"}, {"label", "to", "guards"}
            )
            name_node = fields["name"][1]
            name = self.name(name_node, "The transition name")
            what = f"Transition `{name}`"
            if name in first_line:
                self.fail(name_node, f"{what} is defined twice (first on line {first_line[name]}).")
            first_line[name] = name_node.start_mark.line + 1
            if name in states:
                self.fail(name_node, f"{what} has the same name as a state; rename one of them.")

            if "to" not in fields:
                self.fail(item, f"{what} goes nowhere: add `to:` with the state it leads to.")
            to_node = fields["to"][1]
            if isinstance(to_node, yaml.ScalarNode) and to_node.tag == _NULL_TAG:
                self.fail(to_node, f"{what} goes nowhere: `to:` is empty.")
            to = self.text(to_node, f"`to` of {what}")
            if to not in states:
                self.fail(to_node, f"{what} goes to `{to}`, which is not one of the states.")

            from_states = self.from_states(fields["from"][1], what, states)
            for source in from_states:
                if source == to:
                    self.fail(to_node, f"{what} goes nowhere: it leads from `{to}` to itself.")
                if (source, to) in edges:
                    self.fail(
                        item,
                        f"{what} and `{edges[source, to]}` both lead from `{source}` to "
                        f"`{to}`; keep one.",
                    )
                edges[source, to] = name

            label = (
                self.text(fields["label"][1], f"The label of {what}")
                if "label" in fields
                else name.replace("_", " ").capitalize()
            )
            guards = self.guard_list(fields["guards"][1], what) if "guards" in fields else ()
            roles = self.roles(fields["roles"][1], what)
            transitions.append(Transition(name, label, from_states, to, guards, roles))
        return transitions

    def from_states(self, node: Any, what: str, states: dict[str, State]) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.value == ANY_OPEN_STATE:
            return tuple(s.name for s in states.values() if s.is_open)
        found: list[str] = []
        for source, source_node in self.names(node, f"`from` of {what}"):
            if source not in states:
                self.fail(
                    source_node, f"{what} starts from `{source}`, which is not one of the states."
                )
            if states[source].terminal:
                self.fail(
                    source_node,
                    f"{what} leaves `{source}`, but `{source}` is terminal: nothing leaves it.",
                )
            if source in found:
                self.fail(source_node, f"{what} lists `{source}` twice in `from`.")
            found.append(source)
        if not found:
            self.fail(node, f"{what} has an empty `from`.")
        return tuple(found)

    def guard_list(self, node: Any, what: str) -> tuple[Guard, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"`guards` of {what} should be a list of guard names.")
        found: list[Guard] = []
        for guard_name, guard_node in self.names(node, f"A guard of {what}"):
            if guard_name not in self.guards:
                known = ", ".join(sorted(self.guards)) or "none"
                self.fail(
                    guard_node,
                    f"{what} names a guard `{guard_name}` that does not exist (known: {known}).",
                )
            found.append(self.guards[guard_name])
        return tuple(found)

    def roles(self, node: Any, what: str) -> frozenset[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"`roles` of {what} should be a list of roles.")
        found: set[str] = set()
        for role, role_node in self.names(node, f"A role of {what}"):
            if role not in ROLES:
                known = ", ".join(sorted(ROLES))
                self.fail(role_node, f"{what} names an unknown role `{role}` (known: {known}).")
            found.add(role)
        if not found:
            self.fail(node, f"{what} names no roles, so nobody could make it.")
        return frozenset(found)

    # --- the graph as a whole -----------------------------------------------------------

    def check_reachable(
        self,
        initial: str,
        states: dict[str, State],
        state_nodes: dict[str, Any],
        transitions: list[Transition],
    ) -> None:
        reached = {initial}
        frontier = [initial]
        while frontier:
            here = frontier.pop()
            for t in transitions:
                if here in t.from_states and t.to not in reached:
                    reached.add(t.to)
                    frontier.append(t.to)
        for state_name in states:
            if state_name not in reached:
                self.fail(
                    state_nodes[state_name],
                    f"State `{state_name}` cannot be reached from `{initial}`.",
                )

    def check_no_dead_ends(
        self, states: dict[str, State], state_nodes: dict[str, Any], transitions: list[Transition]
    ) -> None:
        # An open state nothing leaves would trap a cycle for ever.
        for state in states.values():
            if state.is_open and not any(state.name in t.from_states for t in transitions):
                self.fail(
                    state_nodes[state.name],
                    f"State `{state.name}` is open but no transition leaves it; "
                    "add a way out or mark it `terminal: true`.",
                )

    def check_next_cycle(
        self, states: dict[str, State], state_nodes: dict[str, Any], transitions: list[Transition]
    ) -> None:
        # Starting the next cycle from an open state first ends this one: by exactly one move.
        for state in states.values():
            if state.terminal or not state.opens_next_cycle:
                continue
            closing = [
                t
                for t in transitions
                if state.name in t.from_states
                and states[t.to].terminal
                and states[t.to].opens_next_cycle
            ]
            if len(closing) != 1:
                self.fail(
                    state_nodes[state.name],
                    f"State `{state.name}` opens the next cycle, so exactly one transition "
                    "should lead from it to a terminal state that opens the next cycle too "
                    f"(found {len(closing)}).",
                )
