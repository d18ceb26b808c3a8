"""A demo school to explore: two teams of teachers and students and a coach following both."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.teams.models import CoachAssignment, Membership, Role, Team
from api.transactions import transactional
from api.users.service import create_user

DEMO_PASSWORD = "demo-password"
DEMO_ORG = "Maple Grove School"


@dataclass(frozen=True)
class DemoPerson:
    login: str
    display_name: str
    is_email: bool = True


ADMIN = DemoPerson("admin@maple.example", "Alex Admin")
COACH = DemoPerson("coach@maple.example", "Casey Coach")
TEAMS = {
    "Grade 7 Science": {
        Role.teacher: [
            DemoPerson("teacher@maple.example", "Taylor Teacher"),
            DemoPerson("morgan@maple.example", "Morgan Reyes"),
        ],
        Role.student: [
            DemoPerson("sam", "Sam Student", False),
            DemoPerson("priya", "Priya Shah", False),
            DemoPerson("leo", "Leo Martin", False),
            DemoPerson("zoe", "Zoe Park", False),
            DemoPerson("omar", "Omar Haddad", False),
            DemoPerson("lena", "Lena Novak", False),
        ],
    },
    "Grade 8 Writing": {
        Role.teacher: [
            DemoPerson("teacher@maple.example", "Taylor Teacher"),
            DemoPerson("jordan@maple.example", "Jordan Lee"),
        ],
        Role.student: [
            DemoPerson("ava", "Ava Chen", False),
            DemoPerson("noah", "Noah Brown", False),
            DemoPerson("mia", "Mia Garcia", False),
            DemoPerson("ethan", "Ethan Walker", False),
            DemoPerson("sofia", "Sofia Rossi", False),
        ],
    },
}


@transactional
def seed_demo(*, with_work: bool = False) -> tuple[Organization, bool]:
    """Create the demo school once; returns it and whether it was created now. `with_work`
    adds what `make demo` shows: cycles in several phases with evidence files, notes, actions
    overdue and due soon, coach comments and a closed trust survey round (api/demo_work.py).
    One operation: the services it calls join it, so a failure leaves no half-made school."""
    existing = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
    if existing:
        return existing, False
    organization = Organization(name=DEMO_ORG, time_zone="America/Chicago")
    db.session.add(organization)
    db.session.flush()
    people: dict[str, str] = {}

    def person(demo: DemoPerson, *, is_admin: bool = False) -> str:
        if demo.login not in people:
            user = create_user(
                display_name=demo.display_name,
                email=demo.login if demo.is_email else None,
                username=None if demo.is_email else demo.login,
                password=DEMO_PASSWORD,
            )
            db.session.add(
                OrgMembership(organization_id=organization.id, user_id=user.id, is_admin=is_admin)
            )
            people[demo.login] = user.id
        return people[demo.login]

    person(ADMIN, is_admin=True)
    coach_id = person(COACH)
    for name, roles in TEAMS.items():
        team = Team(
            organization_id=organization.id,
            name=name,
            description="Our inquiry team for this year.",
        )
        db.session.add(team)
        db.session.flush()
        for role, demo_people in roles.items():
            for demo in demo_people:
                db.session.add(Membership(team_id=team.id, user_id=person(demo), role=role))
        db.session.add(CoachAssignment(team_id=team.id, user_id=coach_id))
    db.session.flush()
    if with_work:
        from api.demo_work import seed_work

        seed_work(organization)
    return organization, True


def sign_ins() -> list[tuple[str, str, str]]:
    """Every demo sign-in: (login, name, what they are)."""
    rows = [(ADMIN.login, ADMIN.display_name, "admin of the school")]
    rows.append((COACH.login, COACH.display_name, "coach of both teams"))
    seen: dict[str, tuple[str, list[str]]] = {}
    for team, roles in TEAMS.items():
        for role, people in roles.items():
            for demo in people:
                name, where = seen.setdefault(demo.login, (demo.display_name, []))
                where.append(f"{role.value}, {team}")
    rows += [(login, name, "; ".join(where)) for login, (name, where) in seen.items()]
    return rows


def sign_in_help() -> str:
    lines = [f"Demo school: {DEMO_ORG}. Every demo password is: {DEMO_PASSWORD}"]
    lines += [f"  {login:<24} {name:<16} {what}" for login, name, what in sign_ins()]
    return "\n".join(lines)
