"""A seeded district for the load and upload benchmarks, written with PostgreSQL's COPY.

200 teams of 2 teachers and 4 students, 2 puzzles each, 2,000 cycles (cycles 1–4 of a puzzle
closed, cycle 5 open), 50,000 evidence rows pointing at a few small stored files, 100,000
actions, notes that cite evidence, history, comments and activity; four closed trust rounds a
team (counts released), two trust targets, a cadence and a finished reflection session with
notes and commitments; a coach following 50 teams;
a personal access token (read, write) for one teacher of every team and for the coach; that
teacher also has a password (BROWSER_PASSWORD), for the browser that records pages.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import Table

from api.db import Base, new_id
from api.passwords import hash_password
from api.storage.local import LocalStorage
from api.trust.questions import ITEM_KEYS

TEAMS = 200
PUZZLES_PER_TEAM = 2
CYCLES_PER_PUZZLE = 5
EVIDENCE = 50_000
ACTIONS = 100_000
NOTES_PER_CYCLE = 5
COMMENTS_PER_CYCLE = 3
ACTIVITY_PER_TEAM = 30
COACHED_TEAMS = 50
NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()
#: the open cycle of a team's first puzzle sits in analysis; of its second, in these states
OTHER_OPEN_STATES = ("evidence", "action", "reflection")
PATH = ["draft", "evidence", "analysis", "action", "reflection", "closed"]
TRANSITION_INTO = {
    "evidence": "start_evidence",
    "analysis": "start_analysis",
    "action": "plan_action",
    "reflection": "reflect",
    "closed": "close",
}
#: the password of every team's first teacher (t<n>-0@bench.example), for the browser that
#: records pages (bench/pages.py): a scratch database on loopback, dropped after the run
BROWSER_PASSWORD = "bench-pages-2026"
TRUST_ROUNDS = 4
TRUST_COMPONENTS = ["respect", "personal_regard", "competence", "integrity"]
EVIDENCE_KINDS = ["student_work", "exit_ticket", "journal", "self_assessment", "observation"]


@dataclass
class TeamSeed:
    id: str
    teacher_ids: list[str]
    student_ids: list[str]
    token: str
    #: the open cycle in analysis (moved back and forth by the transition benchmark)
    analysis_cycle_id: str = ""
    #: the second puzzle's open cycle (evidence, action or reflection)
    other_open_cycle_id: str = ""
    closed_cycle_ids: list[str] = field(default_factory=list)
    #: every cycle's state and puzzle, by cycle id
    cycle_states: dict[str, str] = field(default_factory=dict)
    puzzle_ids: dict[str, str] = field(default_factory=dict)
    number: int = 0

    @property
    def login(self) -> str:
        """The email of the teacher who holds `token` and BROWSER_PASSWORD."""
        return f"t{self.number}-0@bench.example"


@dataclass
class District:
    organization_id: str
    teams: list[TeamSeed]
    coach_token: str
    coached_team_ids: list[str]
    counts: dict[str, int]


def _minimal_png(size: int) -> bytes:
    # The signature is all the sniffer reads; the rest pads the file to a realistic size.
    return b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(size - 8)


def _copy(cursor: psycopg.Cursor, table_name: str, rows: Iterable[dict]) -> int:
    """COPY rows into a table; columns a row leaves out get the model's Python default."""
    table: Table = Base.metadata.tables[table_name]
    columns = [column for column in table.columns]
    fixed: dict[str, object] = {}
    for column in columns:
        default = column.default
        if default is None or column.name == "id":
            continue
        value = default.arg(None) if default.is_callable else default.arg  # type: ignore[union-attr]
        fixed[column.name] = getattr(value, "value", value)
    names = ", ".join(f'"{column.name}"' for column in columns)
    count = 0
    with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for column in columns:
                if column.name in row:
                    value = row[column.name]
                elif column.name == "id":
                    value = new_id()
                else:
                    value = fixed.get(column.name)
                if isinstance(value, list | dict):
                    value = json.dumps(value)
                values.append(value)
            copy.write_row(values)
            count += 1
    return count


def seed(database_url: str, storage_root: Path, *, seed_value: int = 7) -> District:
    """Fill an empty schema (tables already created) with the bench district; returns its ids."""
    chance = random.Random(seed_value)
    storage = LocalStorage(storage_root)
    stored = [
        storage.save(io.BytesIO(_minimal_png(size)), max_bytes=1 << 20)
        for size in (12_000, 48_000, 150_000, 300_000)
    ]
    counts: dict[str, int] = {}
    plain_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain_url) as connection, connection.cursor() as cursor:

        def copy(table_name: str, rows: Iterable[dict]) -> None:
            counts[table_name] = counts.get(table_name, 0) + _copy(cursor, table_name, rows)

        organization_id = new_id()
        copy("organizations", [{"id": organization_id, "name": "Bench District"}])
        people: list[dict] = []
        password_hash = hash_password(BROWSER_PASSWORD)  # one hash for all: 0.1 s, not 20
        teams: list[TeamSeed] = []
        tokens: list[dict] = []
        for n in range(TEAMS):
            team_people = [
                {
                    "id": new_id(),
                    "email": f"t{n}-{i}@bench.example",
                    "display_name": f"Teacher {n}.{i}",
                }
                for i in range(2)
            ] + [
                {"id": new_id(), "username": f"s{n}-{i}", "display_name": f"Student {n}.{i}"}
                for i in range(4)
            ]
            team_people[0]["password_hash"] = password_hash
            people += team_people
            secret = "eaa_" + secrets.token_urlsafe(32)
            teams.append(
                TeamSeed(
                    id=new_id(),
                    teacher_ids=[p["id"] for p in team_people[:2]],
                    student_ids=[p["id"] for p in team_people[2:]],
                    token=secret,
                    number=n,
                )
            )
            tokens.append(_token_row(team_people[0]["id"], secret))
        coach_id = new_id()
        people.append({"id": coach_id, "email": "coach@bench.example", "display_name": "Coach"})
        coach_secret = "eaa_" + secrets.token_urlsafe(32)
        tokens.append(_token_row(coach_id, coach_secret))
        copy("users", people)
        copy(
            "org_memberships",
            ({"organization_id": organization_id, "user_id": p["id"]} for p in people),
        )
        copy(
            "teams",
            (
                {"id": team.id, "organization_id": organization_id, "name": f"Team {n:03d}"}
                for n, team in enumerate(teams)
            ),
        )
        copy(
            "memberships",
            (
                {"team_id": team.id, "user_id": user_id, "role": role}
                for team in teams
                for role, user_ids in (("teacher", team.teacher_ids), ("student", team.student_ids))
                for user_id in user_ids
            ),
        )
        coached = [team.id for team in teams[:COACHED_TEAMS]]
        copy("coach_assignments", ({"team_id": tid, "user_id": coach_id} for tid in coached))
        copy("api_tokens", tokens)

        puzzles, cycles, facilitators, due_dates, events, reflections = [], [], [], [], [], []
        for team in teams:
            for p in range(PUZZLES_PER_TEAM):
                puzzle_id = new_id()
                puzzles.append(
                    {"id": puzzle_id, "team_id": team.id, "question": f"How might we {p}?"}
                )
                for number in range(1, CYCLES_PER_PUZZLE + 1):
                    cycle_id = new_id()
                    if number < CYCLES_PER_PUZZLE:
                        state = "closed"
                        team.closed_cycle_ids.append(cycle_id)
                    elif p == 0:
                        state = "analysis"
                        team.analysis_cycle_id = cycle_id
                    else:
                        state = chance.choice(OTHER_OPEN_STATES)
                        team.other_open_cycle_id = cycle_id
                    team.cycle_states[cycle_id] = state
                    team.puzzle_ids[cycle_id] = puzzle_id
                    started = NOW - timedelta(days=30 * (CYCLES_PER_PUZZLE - number) + 20)
                    steps = PATH[1 : PATH.index(state) + 1]
                    cycles.append(
                        {
                            "id": cycle_id,
                            "puzzle_id": puzzle_id,
                            "team_id": team.id,
                            "number": number,
                            "title": f"Cycle {number}",
                            "state": state,
                            "version": len(steps) + 1,
                            "state_changed_at": started + timedelta(days=3 * len(steps)),
                            "last_activity_at": NOW - timedelta(days=chance.randint(0, 20)),
                            "created_at": started,
                        }
                    )
                    facilitator = chance.choice(team.student_ids + team.teacher_ids)
                    facilitators.append({"cycle_id": cycle_id, "user_id": facilitator})
                    for version, to_state in enumerate(steps, start=2):
                        events.append(
                            {
                                "cycle_id": cycle_id,
                                "version": version,
                                "transition": TRANSITION_INTO[to_state],
                                "from_state": PATH[PATH.index(to_state) - 1],
                                "to_state": to_state,
                                "actor_id": facilitator,
                                "created_at": started + timedelta(days=3 * (version - 1)),
                            }
                        )
                    if state != "closed":
                        for offset, phase in enumerate(PATH[1:5]):
                            due_dates.append(
                                {
                                    "cycle_id": cycle_id,
                                    "phase": phase,
                                    "due_on": TODAY + timedelta(days=7 * offset - 10),
                                }
                            )
                    if state in ("reflection", "closed"):
                        reflections.append(
                            {
                                "cycle_id": cycle_id,
                                "what_happened": "Students set goals and checked them weekly.",
                                "decision": "next_cycle",
                                "author_id": team.teacher_ids[0],
                            }
                        )
        copy("puzzles", puzzles)
        copy("cycles", cycles)
        copy("cycle_facilitators", facilitators)
        copy("phase_due_dates", due_dates)
        copy("cycle_events", events)
        copy("reflections", reflections)

        team_of = {team.id: team for team in teams}
        evidence_ids_of: dict[str, list[str]] = {}

        def evidence_rows():
            for n in range(EVIDENCE):
                cycle = cycles[n % len(cycles)]
                team = team_of[cycle["team_id"]]
                evidence_id = new_id()
                evidence_ids_of.setdefault(cycle["id"], []).append(evidence_id)
                row = {
                    "id": evidence_id,
                    "cycle_id": cycle["id"],
                    "team_id": team.id,
                    "kind": EVIDENCE_KINDS[n % len(EVIDENCE_KINDS)],
                    "title": f"Evidence {n}",
                    "collected_on": TODAY - timedelta(days=n % 90),
                    "student_voice": n % 3 == 0,
                    "added_by_id": chance.choice(team.student_ids + team.teacher_ids),
                    "created_at": cycle["created_at"] + timedelta(minutes=n % 5000),
                }
                if n % 4 == 3:
                    row.update(kind="note", text="What we saw in the exit tickets this week.")
                else:
                    file = stored[n % len(stored)]
                    row.update(
                        storage_key=file.key,
                        original_name=f"work-{n}.png",
                        content_type=file.content_type,
                        size=file.size,
                        sha256=file.sha256,
                    )
                yield row

        copy("evidence", evidence_rows())
        notes, citations = [], []
        for cycle in cycles:
            team = team_of[cycle["team_id"]]
            for k in range(NOTES_PER_CYCLE):
                note_id = new_id()
                notes.append(
                    {
                        "id": note_id,
                        "cycle_id": cycle["id"],
                        "kind": ["observation", "pattern", "strength", "gap", "wonder"][k],
                        "body": "Most students named a goal but few checked it again.",
                        "author_id": chance.choice(team.teacher_ids + team.student_ids),
                    }
                )
                cited = evidence_ids_of.get(cycle["id"], [])
                if cited:
                    citations.append({"note_id": note_id, "evidence_id": chance.choice(cited)})
        copy("analysis_notes", notes)
        copy("note_evidence", citations)

        def action_rows():
            for n in range(ACTIONS):
                cycle = cycles[n % len(cycles)]
                team = team_of[cycle["team_id"]]
                yield {
                    "cycle_id": cycle["id"],
                    "team_id": team.id,
                    "title": f"Action {n}",
                    "owner_id": chance.choice(team.teacher_ids + team.student_ids),
                    "due_on": TODAY + timedelta(days=chance.randint(-30, 30)),
                    "status": ["planned", "in_progress", "done", "dropped"][n % 4],
                }

        copy("actions", action_rows())
        copy(
            "comments",
            (
                {
                    "cycle_id": cycle["id"],
                    "author_id": team_of[cycle["team_id"]].teacher_ids[k % 2],
                    "body": "Let's look at the exit tickets together on Thursday.",
                }
                for cycle in cycles
                for k in range(COMMENTS_PER_CYCLE)
            ),
        )
        copy(
            "activity_entries",
            (
                {
                    "team_id": team.id,
                    "actor_id": team.teacher_ids[0],
                    "verb": "evidence.added",
                    "summary": f"added evidence “Evidence {k}”",
                    "cycle_id": team.analysis_cycle_id,
                    "created_at": NOW - timedelta(hours=k),
                }
                for team in teams
                for k in range(ACTIVITY_PER_TEAM)
            ),
        )
        _seed_trust(copy, teams, chance)
        connection.commit()
        # As autovacuum would leave it: statistics, and a visibility map for index-only scans.
        connection.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    return District(
        organization_id=organization_id,
        teams=teams,
        coach_token=coach_secret,
        coached_team_ids=coached,
        counts=counts,
    )


def _seed_trust(copy, teams: list[TeamSeed], chance: random.Random) -> None:
    """Closed quarterly rounds with released counts (everyone's only: 2 adults are too few to
    show apart), targets, a cadence, and a finished session with its notes and commitments."""
    surveys, counts, comments, targets, cadences, sessions, notes, commitments = (
        [] for _ in range(8)
    )
    eligible, receipts = [], []
    for team in teams:
        members = team.teacher_ids + team.student_ids
        survey_ids = []
        for k in range(TRUST_ROUNDS):
            survey_id = new_id()
            survey_ids.append(survey_id)
            opens = TODAY - timedelta(days=90 * (TRUST_ROUNDS - k))
            closed = datetime.combine(opens + timedelta(days=14), datetime.min.time(), UTC)
            surveys.append(
                {
                    "id": survey_id,
                    "team_id": team.id,
                    "period": f"Round {k + 1}",
                    "opens_on": opens,
                    "closes_on": opens + timedelta(days=14),
                    "opened_at": closed - timedelta(days=14),
                    "eligible_count": len(members),
                    "closed_at": closed,
                    "response_count": len(members),
                    "results_released": True,
                    "created_by_id": team.teacher_ids[0],
                    "created_at": closed - timedelta(days=15),
                }
            )
            for item in ITEM_KEYS:
                scores = collections.Counter(chance.randint(2, 5) for _ in members)
                counts += [
                    {
                        "survey_id": survey_id,
                        "result_group": "everyone",
                        "item": item,
                        "score": score,
                        "count": count,
                    }
                    for score, count in sorted(scores.items())
                ]
            comments.append({"survey_id": survey_id, "body": "We listen better than last time."})
            for user_id in members:
                group = "adult" if user_id in team.teacher_ids else "student"
                eligible.append({"survey_id": survey_id, "user_id": user_id, "role_group": group})
                receipts.append({"survey_id": survey_id, "user_id": user_id})
        for component in TRUST_COMPONENTS[:2]:
            targets.append(
                {
                    "team_id": team.id,
                    "component": component,
                    "description": "How we handle disagreements in meetings",
                    "review_on": TODAY + timedelta(days=30),
                    "status": "active",
                    "survey_id": survey_ids[-1],
                    "created_by_id": team.teacher_ids[0],
                }
            )
        cadences.append(
            {"team_id": team.id, "next_opens_on": TODAY + timedelta(days=20), "active": True}
        )
        session_id = new_id()
        sessions.append(
            {
                "id": session_id,
                "team_id": team.id,
                "title": "What our last round says",
                "step": "finished",
                "facilitator_id": team.teacher_ids[0],
                "created_by_id": team.teacher_ids[0],
            }
        )
        notes += [
            {
                "session_id": session_id,
                "kind": kind,
                "body": "We share the marking load.",
                "author_id": chance.choice(members),
            }
            for kind in ("shared_task", "strength", "opportunity")
        ]
        commitments += [
            {
                "session_id": session_id,
                "team_id": team.id,
                "user_id": user_id,
                "body": "I will ask before I decide for the group.",
                "follow_up_on": TODAY + timedelta(days=14),
                "status": "open",
            }
            for user_id in members[:3]
        ]
    copy("trust_surveys", surveys)
    copy("trust_eligibility", eligible)
    copy("trust_receipts", receipts)
    copy("trust_result_counts", counts)
    copy("trust_comments", comments)
    copy("trust_targets", targets)
    copy("trust_cadences", cadences)
    copy("trust_sessions", sessions)
    copy("trust_session_notes", notes)
    copy("trust_commitments", commitments)


def _token_row(user_id: str, secret: str) -> dict:
    return {
        "user_id": user_id,
        "name": "bench",
        "token_hash": hashlib.sha256(secret.encode()).hexdigest(),
        "prefix": secret[:10],
        "scopes": ["read", "write"],
        "expires_at": NOW + timedelta(days=30),
    }
