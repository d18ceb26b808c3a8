"""What the engine needs to know about a cycle and a person: plain values the API fills in.

The engine never reads the database; the API counts things once and hands them over here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from workflows.roles import ROLES


@dataclass(frozen=True)
class ActionFacts:
    """One action of the cycle, as far as the guards care."""

    title: str
    has_owner: bool
    has_due_date: bool
    done: bool = False


@dataclass(frozen=True)
class CycleFacts:
    """A snapshot of one cycle, taken by the API just before it asks for a decision."""

    #: The cycle's current state name.
    state: str
    has_puzzle: bool = False
    facilitator_count: int = 0
    evidence_count: int = 0
    #: Analysis notes that cite at least one piece of evidence.
    cited_note_count: int = 0
    actions: tuple[ActionFacts, ...] = ()
    has_reflection: bool = False
    #: Further counts that another definition's guards may need, by name.
    extra: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class Actor:
    """The person asking to move a cycle, reduced to their roles towards *this* cycle.

    A student who facilitates the cycle is `Actor.with_roles("student", "facilitator")`.
    """

    roles: frozenset[str]

    def __post_init__(self) -> None:
        # A misspelt role would silently deny everything; fail loudly instead.
        unknown = set(self.roles) - ROLES
        if unknown:
            raise ValueError(f"Unknown roles {sorted(unknown)}; expected some of {sorted(ROLES)}.")

    @classmethod
    def with_roles(cls, *roles: str) -> Actor:
        return cls(frozenset(roles))

    @classmethod
    def from_iterable(cls, roles: Iterable[str]) -> Actor:
        return cls(frozenset(roles))
