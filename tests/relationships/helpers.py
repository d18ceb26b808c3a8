"""Private records of a teacher about a student, written directly, for the privacy walks."""

from __future__ import annotations

import datetime as dt

from api.extensions import db
from api.pulse.models import ClassPulse
from api.relationships.models import (
    FeedbackTally,
    NoteKind,
    Relationship,
    RelationshipNote,
    Repair,
    Stage,
    StageChange,
    StudentCard,
    TwoByTen,
    TwoByTenDay,
)

#: written into every private record, so a walk can look for it in every answer
PRIVATE = "loves-chess-private-marker"


def private_records(school) -> dict[str, str]:
    """The teacher's relationship with the student (stage restore), a note, a running
    Two-by-Ten with a day done, an open repair, a focus tally; the student's card."""
    today = dt.date.today()
    relation = Relationship(
        team_id=school.team.id,
        teacher_id=school.teacher.id,
        student_id=school.student.id,
        stage=Stage.restore,
    )
    db.session.add(relation)
    db.session.flush()
    note = RelationshipNote(
        relationship_id=relation.id, kind=NoteKind.interest, body=f"Sam {PRIVATE}"
    )
    plan = TwoByTen(
        relationship_id=relation.id,
        streak_starts_on=today,
        reminder_at=dt.time(8, 15),
        days=[TwoByTenDay(day=today, outcome="done", note=f"chess {PRIVATE}")],
    )
    repair = Repair(
        relationship_id=relation.id,
        what_happened=f"Raised my voice {PRIVATE}",
        empathy_statement="I'm sorry that I shouted.",
    )
    tally = FeedbackTally(
        team_id=school.team.id,
        teacher_id=school.teacher.id,
        focus_student_id=school.student.id,
        lesson_on=today,
        label=f"Period 3 {PRIVATE}",
        positive=4,
        corrective=1,
    )
    db.session.add_all(
        [
            note,
            plan,
            repair,
            tally,
            StageChange(relationship_id=relation.id, to_stage=Stage.restore),
            StudentCard(user_id=school.student.id, interests="Chess and drawing"),
        ]
    )
    db.session.commit()
    pulse = ClassPulse(
        team_id=school.team.id,
        teacher_id=school.teacher.id,
        opens_on=today,
        closes_on=today,
        eligible_count=3,
    )
    db.session.add(pulse)
    db.session.commit()
    return {
        "pulse_id": pulse.id,
        "student_id": school.student.id,
        "relationship_note_id": note.id,
        "plan_id": plan.id,
        "repair_id": repair.id,
        "tally_id": tally.id,
    }


def student_path(school, student=None) -> str:
    """Where the teacher reaches their relationship with a student of the school's class."""
    student = student or school.student
    return f"/api/v1/teams/{school.team.id}/my-students/{student.id}"
