"""What the demo school has been doing, made through the same services people use: puzzles,
cycles in several phases, evidence with real files (pictures, a PDF, a CSV), notes that cite
it, actions overdue and due soon, coach comments and a closed trust survey round."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import select

from api.actions import service as actions
from api.actions.models import Action, ActionStatus
from api.actor import Actor
from api.analysis import service as analysis
from api.analysis.models import NoteKind
from api.comments import service as comments
from api.cycles import service as cycles
from api.evidence import service as evidence
from api.evidence.models import EvidenceKind
from api.evidence.service import IncomingFile
from api.evidence.storage import current_storage
from api.extensions import db
from api.organizations.models import Organization
from api.puzzles import service as puzzles
from api.reflections import service as reflections
from api.teams.models import Membership, Role, Team
from api.trust import answers, surveys
from api.trust.questions import ITEM_KEYS
from api.users.models import User


def _picture(title: str, lines: list[str], colour: tuple[int, int, int]) -> bytes:
    """A picture of a whiteboard or worksheet: a coloured card with a few lines of writing."""
    picture = Image.new("RGB", (900, 600), (250, 248, 240))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((30, 30, 870, 110), fill=colour)
    draw.text((50, 55), title, fill=(255, 255, 255))
    for number, line in enumerate(lines):
        y = 160 + number * 70
        draw.line((50, y + 40, 850, y + 40), fill=(200, 200, 200), width=2)
        draw.text((60, y), line, fill=(20, 30, 40))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return HTML(string=f"<h1>{title}</h1>{body}").write_pdf()


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode() + b"\n"


def _evidence_fields(data: dict) -> dict:
    """Form-like values as the evidence service takes them (what the schema would load)."""
    return {
        **data,
        "kind": EvidenceKind(data["kind"]),
        "student_voice": bool(data.get("student_voice")),
    }


def _note(kind: str, body: str, evidence_ids: list[str]) -> dict:
    return {"kind": NoteKind(kind), "body": body, "evidence_ids": evidence_ids}


class _Team:
    """One demo team, with its people by login, and helpers that act as them."""

    def __init__(self, name: str) -> None:
        self.team = db.session.scalar(select(Team).where(Team.name == name))
        rows = db.session.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == self.team.id)
        ).all()
        self.people = {user.email or user.username: user for user, _ in rows}
        self.students = [user for user, role in rows if role == Role.student]

    def actor(self, login: str) -> Actor:
        return Actor(user=self.people[login])

    def move(self, login: str, cycle_id: str, *moves: str) -> None:
        for move in moves:
            version = cycles.get_cycle(self.actor(login), cycle_id).cycle.version
            cycles.transition(self.actor(login), cycle_id, move=move, if_match=f'"{version}"')

    def file(self, login: str, cycle_id: str, name: str, content: bytes, **data) -> str:
        data = _evidence_fields(data)
        incoming = IncomingFile(stream=io.BytesIO(content), name=name)
        item = evidence.add_evidence(
            self.actor(login),
            cycle_id,
            data,
            incoming,
            storage=current_storage(),
            max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        )
        return item.id

    def text(self, login: str, cycle_id: str, **data) -> str:
        data = _evidence_fields(data)
        item = evidence.add_evidence(
            self.actor(login),
            cycle_id,
            data,
            None,
            storage=current_storage(),
            max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        )
        return item.id


def seed_work(organization: Organization) -> None:
    today = date.today()
    coach = Actor(user=db.session.scalar(select(User).where(User.email == "coach@maple.example")))
    science = _Team("Grade 7 Science")
    teacher = "teacher@maple.example"

    # A puzzle in its second cycle: the first closed with a reflection, the second in action.
    puzzle = puzzles.create_puzzle(
        science.actor(teacher),
        science.team.id,
        {
            "question": "How might exit tickets show us what students are thinking?",
            "context": "Our exit tickets mostly ask for answers. We want to see reasoning.",
            "focus_area": "Monitoring progress together",
        },
    )
    first = cycles.start_cycle(
        science.actor(teacher),
        puzzle.id,
        {
            "facilitator_ids": [science.people["priya"].id, science.people[teacher].id],
        },
    )
    science.move(teacher, first.id, "start_evidence")
    tickets = science.file(
        "priya",
        first.id,
        "exit-tickets-week-1.png",
        _picture(
            "Exit tickets, week 1",
            [
                "Q: Why did the ice melt faster?",
                "A: because it was hot",
                "A: heat moves from warm to cold",
                "A: I don't know",
            ],
            (31, 95, 168),
        ),
        title="Exit tickets, week 1 (photo)",
        kind="exit_ticket",
        student_voice=True,
    )
    science.move(teacher, first.id, "start_analysis")
    analysis.add_note(
        science.actor("priya"),
        first.id,
        _note("pattern", "Most answers name a fact but not a reason.", [tickets]),
    )
    science.move(teacher, first.id, "plan_action")
    actions.add_action(
        science.actor(teacher),
        first.id,
        {
            "title": "Add a 'because…' line to every exit ticket",
            "owner_id": science.people[teacher].id,
            "due_on": today + timedelta(days=1),
            "success_criteria": "Half the answers give a reason.",
        },
    )
    science.move(teacher, first.id, "reflect")
    reflections.save_reflection(
        science.actor("priya"),
        first.id,
        {
            "what_happened": "With a 'because' line, 14 of 26 answers gave a reason.",
            "impact_evidence": "Week 3 exit tickets.",
            "decision": "next_cycle",
        },
    )
    second = cycles.start_next_cycle(science.actor(teacher), first.id)
    db.session.flush()

    for action in db.session.scalars(select(Action).where(Action.cycle_id == first.id)):
        action.status = (
            ActionStatus.done
        )  # the first cycle's action was done before it carried over
    version = cycles.get_cycle(science.actor(teacher), second.id).cycle.version
    cycles.update_cycle(
        science.actor(teacher),
        second.id,
        {
            "facilitator_ids": [science.people["sam"].id, science.people[teacher].id],
            "due_dates": {"action": today + timedelta(days=2)},
        },
        if_match=f'"{version}"',
    )
    science.move(teacher, second.id, "start_evidence")
    scores = science.file(
        "sam",
        second.id,
        "exit-ticket-scores.csv",
        _csv(
            [
                ["student", "week", "gave a reason"],
                ["A", "3", "yes"],
                ["B", "3", "no"],
                ["C", "3", "yes"],
                ["D", "3", "yes"],
                ["E", "3", "no"],
            ]
        ),
        title="Exit ticket scores, week 3",
        kind="student_work",
    )
    rubric = science.file(
        teacher,
        second.id,
        "reasoning-rubric.pdf",
        _pdf(
            "Reasoning rubric",
            [
                "1: names a fact.",
                "2: names a fact and a reason.",
                "3: explains the reason with evidence.",
            ],
        ),
        title="Reasoning rubric we use",
        kind="student_work",
    )
    science.move(teacher, second.id, "start_analysis")
    analysis.add_note(
        science.actor("sam"),
        second.id,
        _note("strength", "More than half the class now gives a reason.", [scores]),
    )
    analysis.add_note(
        science.actor(teacher),
        second.id,
        _note(
            "gap",
            "Few answers reach level 3 of the rubric: evidence for the reason.",
            [scores, rubric],
        ),
    )
    science.move(teacher, second.id, "plan_action")
    late = actions.add_action(
        science.actor(teacher),
        second.id,
        {
            "title": "Model a level-3 answer in class",
            "owner_id": science.people["sam"].id,
            "due_on": today + timedelta(days=1),
            "success_criteria": "Students can say what level 3 needs.",
        },
    )
    actions.add_action(
        science.actor("priya"),
        second.id,
        {
            "title": "Sort this week's tickets by rubric level",
            "owner_id": science.people["priya"].id,
            "due_on": today + timedelta(days=1),
            "success_criteria": "Every ticket has a level.",
        },
    )
    late_row = db.session.get(Action, late.id)
    late_row.due_on = today - timedelta(days=3)  # planned last week; it is now overdue
    db.session.flush()
    comments.add_comment(
        coach,
        second.id,
        body="Lovely use of the rubric. What would a level-3 "
        "answer look like from a student who usually writes one word?",
    )

    # A second puzzle, just started: collecting evidence.
    goals = puzzles.create_puzzle(
        science.actor("zoe"),
        science.team.id,
        {
            "question": "How might students set goals they actually check?",
        },
    )
    goal_cycle = cycles.start_cycle(
        science.actor(teacher),
        goals.id,
        {
            "facilitator_ids": [science.people["zoe"].id],
            "due_dates": {"evidence": today + timedelta(days=6)},
        },
    )
    science.move("zoe", goal_cycle.id, "start_evidence")
    science.file(
        "zoe",
        goal_cycle.id,
        "goal-board.png",
        _picture(
            "Our goal board",
            ["Zoe: read 2 chapters", "Omar: finish lab report", "Lena: ask one question a day"],
            (30, 107, 58),
        ),
        title="Photo of the class goal board",
        kind="photo",
        student_voice=True,
    )
    science.text(
        "omar",
        goal_cycle.id,
        title="What I noticed",
        kind="journal",
        text="I wrote a goal on Monday and forgot it by Wednesday.",
        student_voice=True,
    )

    writing = _Team("Grade 8 Writing")
    feedback = puzzles.create_puzzle(
        writing.actor(teacher),
        writing.team.id,
        {
            "question": "How might feedback help students revise on their own?",
            "focus_area": "Feedback that fosters agency",
        },
    )
    draft = cycles.start_cycle(
        writing.actor(teacher),
        feedback.id,
        {
            "facilitator_ids": [writing.people["ava"].id],
        },
    )
    writing.move(teacher, draft.id, "start_evidence")
    drafts = writing.file(
        "ava",
        draft.id,
        "draft-with-comments.png",
        _picture(
            "Draft 1 with comments",
            ["'Add detail here' - teacher", "'Which detail?' - student"],
            (91, 58, 140),
        ),
        title="A draft with teacher comments",
        kind="student_work",
    )
    writing.move(teacher, draft.id, "start_analysis")
    analysis.add_note(
        writing.actor("noah"),
        draft.id,
        _note("wonder", "Do students know what to do with 'add detail'?", [drafts]),
    )
    comments.add_comment(
        coach,
        draft.id,
        body="Try asking three students what they did with "
        "the comment. Their words are great evidence.",
    )

    # A closed trust survey round with results: everyone answers, then a teacher closes it.
    round_ = surveys.open_survey(
        science.actor(teacher),
        science.team.id,
        period="Autumn check-in",
        closes_on=today + timedelta(days=7),
    )
    for number, person in enumerate(science.people.values()):
        score = 3 + (number % 3 == 0) + (number % 4 == 1) - (number % 5 == 2)
        answers.submit_response(
            Actor(user=person),
            round_.id,
            answers={
                key: max(1, min(5, score + (index % 2))) for index, key in enumerate(ITEM_KEYS)
            },
        )
    surveys.close_survey(science.actor(teacher), round_.id)
    db.session.flush()
