"""The roles a person can hold towards one cycle, and how to name them to people."""

from __future__ import annotations

from collections.abc import Iterable

FACILITATOR = "facilitator"
TEACHER = "teacher"
STUDENT = "student"
ADMIN = "admin"
COACH = "coach"

# Ordered: this is the order in which we list who may do something.
ROLE_DESCRIPTIONS: dict[str, str] = {
    FACILITATOR: "the cycle's facilitators",
    TEACHER: "the team's teachers",
    ADMIN: "organization admins",
    STUDENT: "students of the team",
    COACH: "the team's coaches",
}

ROLES: frozenset[str] = frozenset(ROLE_DESCRIPTIONS)


def describe_roles(roles: Iterable[str]) -> str:
    """'the cycle's facilitators, the team's teachers or organization admins'."""
    wanted = set(roles)
    names = [text for role, text in ROLE_DESCRIPTIONS.items() if role in wanted]
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
