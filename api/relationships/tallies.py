"""5:1: positive and corrective feedback counted with quick taps, and the ratio over time.

A tally is the teacher's. A coach observing the lesson keeps a tally of their own on the same
teacher, which only that teacher and that coach read, so the two can compare.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from datetime import date

from sqlalchemy import Select, select, update

from api.access import team_access
from api.actor import Actor
from api.calendar import days
from api.errors import Forbidden, NotFound, Unprocessable
from api.extensions import db
from api.relationships.access import student_of
from api.relationships.models import FeedbackTally
from api.teams.models import Membership, Role
from api.transactions import transactional
from api.users.models import User

TALLY_NOT_FOUND = "We couldn't find that tally."
TARGET_RATIO = 5


class FeedbackKind(enum.StrEnum):
    positive = "positive"
    corrective = "corrective"


def _teacher_of(team_id: str, teacher_id: str) -> None:
    found = db.session.scalar(
        select(Membership.id).where(
            Membership.team_id == team_id,
            Membership.user_id == teacher_id,
            Membership.role == Role.teacher,
        )
    )
    if not found:
        raise Unprocessable(
            "Choose a teacher of this class.",
            errors={"teacher_id": ["Choose a teacher of this class."]},
        )


@transactional
def start_tally(
    actor: Actor,
    team_id: str,
    *,
    lesson_on: date | None = None,
    label: str = "",
    focus_student_id: str | None = None,
    teacher_id: str | None = None,
) -> FeedbackTally:
    """Begin counting a lesson: a teacher of the class for their own lesson (for the whole
    period, or one focus student), or a coach of the class observing one of its teachers.
    Raises NotFound (class or student not found), Forbidden (students, admins who don't teach
    it), Unprocessable (a future day; a teacher who isn't the class's)."""
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    access = team_access(actor, team_id)
    today = days.school_today(access.team.organization)
    lesson_on = lesson_on or today
    if lesson_on > today:
        raise Unprocessable(
            "Count a lesson on its day, not ahead of it.",
            errors={"lesson_on": ["Choose today or an earlier day."]},
        )
    observer_id = None
    if access.is_teacher and teacher_id in (None, actor.id):
        teacher_id = actor.id
        if focus_student_id is not None:
            student_of(team_id, focus_student_id)
    elif access.is_coach and not access.is_member:
        if teacher_id is None:
            raise Unprocessable(
                "Choose whose lesson you are observing.",
                errors={"teacher_id": ["Choose a teacher of this class."]},
            )
        _teacher_of(team_id, teacher_id)
        if focus_student_id is not None:
            raise Unprocessable(
                "An observation counts the whole lesson, not one student.",
                errors={"focus_student_id": ["Leave this out when observing."]},
            )
        observer_id = actor.id
    else:
        raise Forbidden("Only the class's teachers, or a coach observing them, count feedback.")
    assert teacher_id is not None
    tally = FeedbackTally(
        team_id=team_id,
        teacher_id=teacher_id,
        observer_id=observer_id,
        focus_student_id=focus_student_id,
        lesson_on=lesson_on,
        label=label.strip(),
    )
    db.session.add(tally)
    db.session.flush()
    return tally


def _readable(actor: Actor, tally_id: str) -> FeedbackTally:
    """A tally the actor wrote, or one about their own lesson; NotFound for anyone else."""
    tally = db.session.get(FeedbackTally, tally_id)
    if tally is None or actor.id is None or actor.id not in (tally.teacher_id, tally.observer_id):
        raise NotFound(TALLY_NOT_FOUND)
    try:
        team_access(actor, tally.team_id)
    except NotFound:
        raise NotFound(TALLY_NOT_FOUND) from None
    return tally


def _writable(actor: Actor, tally_id: str) -> FeedbackTally:
    tally = _readable(actor, tally_id)
    writer = tally.observer_id or tally.teacher_id
    if writer != actor.id:
        raise Forbidden("Only the person who kept this tally can change it.")
    return tally


def describe(tally: FeedbackTally, names: dict[str, str] | None = None) -> dict:
    names = names or {}
    return {
        "id": tally.id,
        "team_id": tally.team_id,
        "teacher_id": tally.teacher_id,
        "observer_id": tally.observer_id,
        "observer_name": names.get(tally.observer_id or ""),
        "focus_student_id": tally.focus_student_id,
        "focus_student_name": names.get(tally.focus_student_id or ""),
        "lesson_on": tally.lesson_on,
        "label": tally.label,
        "positive": tally.positive,
        "corrective": tally.corrective,
        "ratio": ratio(tally.positive, tally.corrective),
        "created_at": tally.created_at,
    }


def _names(tallies: list[FeedbackTally]) -> dict[str, str]:
    ids = {tally.observer_id for tally in tallies} | {tally.focus_student_id for tally in tallies}
    ids.discard(None)
    if not ids:
        return {}
    return dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    )


def get_tally(actor: Actor, tally_id: str) -> dict:
    tally = _readable(actor, tally_id)
    return describe(tally, _names([tally]))


@transactional
def tap(actor: Actor, tally_id: str, *, kind: FeedbackKind, undo: bool = False) -> dict:
    """Add one positive or corrective (or take the last one back); one UPDATE, so taps from
    two devices at once both count and a count never goes below zero."""
    tally = _writable(actor, tally_id)
    column = getattr(FeedbackTally, kind.value)
    statement = update(FeedbackTally).where(FeedbackTally.id == tally.id)
    if undo:
        statement = statement.where(column > 0).values({kind.value: column - 1})
    else:
        statement = statement.values({kind.value: column + 1})
    db.session.execute(statement)
    db.session.flush()
    db.session.refresh(tally)
    return describe(tally, _names([tally]))


@transactional
def delete_tally(actor: Actor, tally_id: str) -> None:
    db.session.delete(_writable(actor, tally_id))


def _visible_tallies(actor: Actor, team_id: str, focus_student_id: str | None) -> Select:
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    access = team_access(actor, team_id)
    if not (access.is_teacher or (access.is_coach and not access.is_member)):
        raise Forbidden("Only the class's teachers, or a coach observing them, see tallies.")
    query = select(FeedbackTally).where(FeedbackTally.team_id == team_id)
    if access.is_teacher:
        query = query.where(FeedbackTally.teacher_id == actor.id)
    else:
        query = query.where(FeedbackTally.observer_id == actor.id)
    if focus_student_id is not None:
        query = query.where(FeedbackTally.focus_student_id == focus_student_id)
    return query.order_by(
        FeedbackTally.lesson_on.desc(), FeedbackTally.created_at.desc(), FeedbackTally.id
    )


def team_tallies(actor: Actor, team_id: str, *, focus_student_id: str | None = None) -> list[dict]:
    """The actor's tallies in a class: a teacher's own and coaches' observations of them; a
    coach's own observations."""
    tallies = list(db.session.scalars(_visible_tallies(actor, team_id, focus_student_id)))
    names = _names(tallies)
    return [describe(tally, names) for tally in tallies]


def ratio(positive: int, corrective: int) -> float | None:
    """Positives per corrective; None when nothing corrective was counted (no ratio yet)."""
    return round(positive / corrective, 2) if corrective else None


def ratio_over_time(actor: Actor, team_id: str, *, focus_student_id: str | None = None) -> dict:
    """Positive and corrective per lesson day, the teacher's own counts and observers' apart,
    against the 5:1 target."""
    series: dict[str, dict[date, list[int]]] = {
        "own": defaultdict(lambda: [0, 0]),
        "observed": defaultdict(lambda: [0, 0]),
    }
    for tally in db.session.scalars(_visible_tallies(actor, team_id, focus_student_id)):
        kind = "observed" if tally.observer_id else "own"
        counts = series[kind][tally.lesson_on]
        counts[0] += tally.positive
        counts[1] += tally.corrective

    def points(by_day: dict[date, list[int]]) -> list[dict]:
        return [
            {
                "day": day,
                "positive": positive,
                "corrective": corrective,
                "ratio": ratio(positive, corrective),
            }
            for day, (positive, corrective) in sorted(by_day.items())
        ]

    return {
        "target_ratio": TARGET_RATIO,
        "own": points(series["own"]),
        "observed": points(series["observed"]),
    }
