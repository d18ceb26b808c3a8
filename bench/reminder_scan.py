"""The reminder scan over 100,000 actions and 10,000 cycles on PostgreSQL: time and statements.

python -m bench.reminder_scan   (BENCH_DATABASE_URL names the server; default local test)
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from api.actions.models import Action
from api.cycles.models import Cycle, CycleFacilitator, PhaseDueDate
from api.db import new_id
from api.extensions import db
from api.notifications import reminders
from api.notifications.models import Notification
from api.organizations.models import Organization
from api.puzzles.models import Puzzle
from api.teams.models import CoachAssignment, Membership, Team
from api.users.models import User
from bench.database import StatementCounter, bench_app, scratch_database

TEAMS, CYCLES, ACTIONS = 200, 10_000, 100_000
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
STATES = ["draft", "evidence", "analysis", "action", "reflection", "closed"]


def seed(random_source: random.Random) -> None:
    org_id = new_id()
    db.session.execute(
        insert(Organization),
        [{"id": org_id, "name": "Bench District", "time_zone": "America/Chicago"}],
    )
    users = [
        {"id": new_id(), "email": f"u{n}@bench.example", "display_name": f"User {n}"}
        for n in range(TEAMS * 6)
    ]
    db.session.execute(insert(User), users)
    teams = [{"id": new_id(), "organization_id": org_id, "name": f"Team {n}"} for n in range(TEAMS)]
    db.session.execute(insert(Team), teams)
    memberships, coaches, members_of = [], [], {}
    for n, team in enumerate(teams):
        people = users[n * 6 : (n + 1) * 6]
        members_of[team["id"]] = [p["id"] for p in people[:5]]
        memberships += [
            {
                "id": new_id(),
                "team_id": team["id"],
                "user_id": p["id"],
                "role": "teacher" if i < 2 else "student",
            }
            for i, p in enumerate(people[:5])
        ]
        coaches.append({"id": new_id(), "team_id": team["id"], "user_id": people[5]["id"]})
    db.session.execute(insert(Membership), memberships)
    db.session.execute(insert(CoachAssignment), coaches)
    puzzles = [
        {"id": new_id(), "team_id": team["id"], "question": "How might we?"} for team in teams
    ]
    db.session.execute(insert(Puzzle), puzzles)
    cycles, facilitators, due_dates = [], [], []
    for n in range(CYCLES):
        team = teams[n % TEAMS]
        cycle_id = new_id()
        state = random_source.choice(STATES)
        cycles.append(
            {
                "id": cycle_id,
                "puzzle_id": puzzles[n % TEAMS]["id"],
                "team_id": team["id"],
                "number": n // TEAMS + 1,
                "state": state,
                "workflow": "eaa",
                "last_activity_at": NOW - timedelta(days=random_source.randint(0, 30)),
            }
        )
        facilitators.append(
            {
                "id": new_id(),
                "cycle_id": cycle_id,
                "user_id": random_source.choice(members_of[team["id"]]),
            }
        )
        if state not in ("draft", "closed"):
            due_dates.append(
                {
                    "id": new_id(),
                    "cycle_id": cycle_id,
                    "phase": state,
                    "due_on": NOW.date() + timedelta(days=random_source.randint(-5, 20)),
                }
            )
    db.session.execute(insert(Cycle), cycles)
    db.session.execute(insert(CycleFacilitator), facilitators)
    db.session.execute(insert(PhaseDueDate), due_dates)
    statuses = ["planned", "in_progress", "done", "dropped"]
    for start in range(0, ACTIONS, 10_000):
        rows = []
        for n in range(start, start + 10_000):
            cycle = cycles[n % CYCLES]
            rows.append(
                {
                    "id": new_id(),
                    "cycle_id": cycle["id"],
                    "team_id": cycle["team_id"],
                    "title": f"Action {n}",
                    "status": random_source.choice(statuses),
                    "owner_id": random_source.choice(members_of[cycle["team_id"]]),
                    "due_on": date(2026, 11, 24) + timedelta(days=random_source.randint(-60, 60)),
                }
            )
        db.session.execute(insert(Action), rows)
    db.session.commit()


def timed_scan(counter: StatementCounter) -> tuple[float, int, int]:
    before = counter.count
    started = time.perf_counter()
    created = reminders.scan(NOW)
    return time.perf_counter() - started, counter.count - before, len(created)


def main() -> None:
    with scratch_database() as url:
        app = bench_app(url)
        with app.app_context():
            started = time.perf_counter()
            seed(random.Random(7))
            seeded = time.perf_counter() - started
            counter = StatementCounter(db.engine)
            first = timed_scan(counter)
            second = timed_scan(counter)
            kinds = db.session.execute(
                select(Notification.kind, func.count())
                .group_by(Notification.kind)
                .order_by(Notification.kind)
            ).all()
            db.session.remove()
            db.engine.dispose()
    print(
        f"\nReminder scan on PostgreSQL: {ACTIONS:,} actions, {CYCLES:,} cycles, {TEAMS} teams "
        f"(seeded in {seeded:.1f} s)"
    )
    print(f"{'run':<28}{'seconds':>10}{'statements':>12}{'reminders':>11}")
    for label, (seconds, statements, made) in (
        ("first (makes reminders)", first),
        ("again (all already made)", second),
    ):
        print(f"{label:<28}{seconds:>10.2f}{statements:>12}{made:>11}")
    print("reminders by kind: " + ", ".join(f"{kind} {count:,}" for kind, count in kinds))


if __name__ == "__main__":
    main()
