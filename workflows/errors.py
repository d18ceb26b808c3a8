"""The errors the engine raises. Catch `WorkflowError` to catch them all.

Messages are written for people: the API layer can show `str(error)` as it is.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every error the workflow engine raises."""


class DefinitionError(WorkflowError):
    """A workflow definition file is broken; the message names the file and the line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        #: 1-based line number, or None when the problem is with the file as a whole.
        self.line = line
        self.problem = problem
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class UnknownWorkflow(WorkflowError, LookupError):
    """No bundled definition has this name."""


class UnknownTransition(WorkflowError):
    """The move does not exist, or cannot be made from the cycle's current state."""

    def __init__(self, message: str, *, state: str, move: str) -> None:
        self.state = state
        self.move = move
        super().__init__(message)


class RoleNotAllowed(WorkflowError):
    """The actor holds none of the roles that may make this move."""

    def __init__(self, message: str, *, transition: str, allowed_roles: frozenset[str]) -> None:
        self.transition = transition
        self.allowed_roles = allowed_roles
        super().__init__(message)


class GuardFailed(WorkflowError):
    """The move is allowed for this actor, but the cycle is not ready for it yet."""

    def __init__(self, transition: str, reasons: list[str]) -> None:
        self.transition = transition
        #: One plain sentence per missing thing, ready to show as a list.
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))
