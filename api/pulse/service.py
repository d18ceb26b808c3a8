"""Class pulses: a teacher opens one for a class they teach (every two weeks by default); the
students it was opened for answer once, anonymously; the teacher alone sees the results, only
after it closes and only at five answers or more, with a trend over their earlier pulses.

The anonymity is the trust survey's (api/trust/sealing.py, api/pulse/models.py): this module
reuses its sealing and closes a round the same way (api/trust/sealed_rounds.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from api.access import teaching, team_access
from api.actor import Actor
from api.calendar import days
from api.db import utcnow
from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.evidence.models import EvidenceKind
from api.evidence.service import add_evidence
from api.extensions import db
from api.pulse.models import (
    EVERY_DAYS,
    MIN_RESPONSES,
    ClassPulse,
    PulseEligibility,
    PulseReceipt,
    PulseResultCount,
    PulseSealedAnswer,
)
from api.pulse.questions import HIGHEST_SCORE, ITEM_KEYS, ITEMS, LOWEST_SCORE
from api.storage import Storage
from api.teams.models import Membership, Role
from api.transactions import transactional
from api.trust.sealed_rounds import lock_round, take_sealed_answers
from api.trust.sealing import seal
from api.users.models import User

PULSE_NOT_FOUND = "We couldn't find that class pulse."
OPEN_DAYS = 5
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"
ALREADY_ANSWERED = "You have already answered this pulse. Thank you!"


def status(pulse: ClassPulse, today: date) -> str:
    if pulse.closed_at is not None or today > pulse.closes_on:
        return CLOSED
    return SCHEDULED if today < pulse.opens_on else OPEN


def _today(pulse: ClassPulse) -> date:
    return days.school_today(pulse.team.organization)


def _students(team_id: str) -> list[str]:
    return list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.team_id == team_id, Membership.role == Role.student
            )
        )
    )


def _new_pulse(
    team_id: str, teacher_id: str, opens_on: date, closes_on: date, repeat_every_days: int | None
) -> ClassPulse:
    students = _students(team_id)
    pulse = ClassPulse(
        team_id=team_id,
        teacher_id=teacher_id,
        opens_on=opens_on,
        closes_on=closes_on,
        repeat_every_days=repeat_every_days,
        eligible_count=len(students),
    )
    db.session.add(pulse)
    db.session.flush()
    db.session.add_all(PulseEligibility(pulse_id=pulse.id, user_id=user) for user in students)
    return pulse


@transactional
def open_pulse(
    actor: Actor,
    team_id: str,
    *,
    closes_on: date | None = None,
    repeat_every_days: int | None = EVERY_DAYS,
) -> ClassPulse:
    """Open a pulse today for a class the actor teaches, for its students as they are now.
    Raises NotFound, Forbidden (not its teacher), Unprocessable (a closing day in the past),
    Conflict (one of theirs is already open in this class)."""
    access = teaching(actor, team_id)
    today = days.school_today(access.team.organization)
    closes_on = closes_on or today + timedelta(days=OPEN_DAYS - 1)
    if closes_on < today:
        raise Unprocessable(
            "A pulse closes today or later.", errors={"closes_on": ["Choose today or a later day."]}
        )
    if repeat_every_days is not None and not 7 <= repeat_every_days <= 90:
        raise Unprocessable(
            "Repeat it every 7 to 90 days, or not at all.",
            errors={"repeat_every_days": ["Choose 7 to 90 days."]},
        )
    running = db.session.scalar(
        select(ClassPulse.id).where(
            ClassPulse.team_id == team_id,
            ClassPulse.teacher_id == actor.id,
            ClassPulse.closed_at.is_(None),
            ClassPulse.closes_on >= today,
        )
    )
    if running:
        raise Conflict("You already have a pulse open in this class. Close it first.")
    opened_today = db.session.scalar(
        select(ClassPulse.id).where(
            ClassPulse.team_id == team_id,
            ClassPulse.teacher_id == actor.id,
            ClassPulse.opens_on == today,
        )
    )
    if opened_today:
        raise Conflict(
            "You opened a pulse in this class today already. Open the next one another day."
        )
    assert actor.id is not None
    return _new_pulse(team_id, actor.id, today, closes_on, repeat_every_days)


def _visible(actor: Actor, pulse_id: str) -> tuple[ClassPulse, bool]:
    """The pulse and whether the actor is its teacher; NotFound unless they are, or one of the
    students it was opened for."""
    pulse = db.session.get(ClassPulse, pulse_id)
    if pulse is None or actor.is_client or actor.id is None:
        raise NotFound(PULSE_NOT_FOUND)
    try:
        access = team_access(actor, pulse.team_id)
    except NotFound:
        raise NotFound(PULSE_NOT_FOUND) from None
    if pulse.teacher_id == actor.id and access.is_teacher:
        return pulse, True
    eligible = db.session.get(PulseEligibility, (pulse.id, actor.id))
    if eligible is None:
        raise NotFound(PULSE_NOT_FOUND)
    return pulse, False


def describe(actor: Actor, pulse: ClassPulse, is_teacher: bool) -> dict:
    return describe_many(actor, [pulse], is_teacher)[0]


def describe_many(actor: Actor, pulses: list[ClassPulse], is_teacher: bool) -> list[dict]:
    """The pulses as the actor sees them, with receipts, names and counts read once for all."""
    if not pulses:
        return []
    ids = [pulse.id for pulse in pulses]
    answered = set(
        db.session.scalars(
            select(PulseReceipt.pulse_id).where(
                PulseReceipt.pulse_id.in_(ids), PulseReceipt.user_id == actor.id
            )
        )
    )
    teacher_names = dict(
        db.session.execute(
            select(User.id, User.display_name).where(
                User.id.in_({pulse.teacher_id for pulse in pulses})
            )
        ).all()
    )
    answers_so_far: dict[str, int] = {}
    if is_teacher:
        answers_so_far = dict(
            db.session.execute(
                select(PulseReceipt.pulse_id, func.count())
                .where(PulseReceipt.pulse_id.in_(ids))
                .group_by(PulseReceipt.pulse_id)
            ).all()
        )
    described = []
    for pulse in pulses:
        state = status(pulse, _today(pulse))
        has_answered = pulse.id in answered
        one = {
            "id": pulse.id,
            "team_id": pulse.team_id,
            "teacher": {
                "id": pulse.teacher_id,
                "display_name": teacher_names.get(pulse.teacher_id),
            },
            "opens_on": pulse.opens_on,
            "closes_on": pulse.closes_on,
            "status": state,
            "min_responses": MIN_RESPONSES,
            "i_have_answered": has_answered,
            "can_answer": not is_teacher and state == OPEN and not has_answered,
            "is_mine": is_teacher,
        }
        if is_teacher:
            one.update(
                repeat_every_days=pulse.repeat_every_days,
                eligible_count=pulse.eligible_count,
                response_count=(
                    pulse.response_count if pulse.closed_at else answers_so_far.get(pulse.id, 0)
                ),
                results_released=pulse.results_released,
            )
        described.append(one)
    return described


def get_pulse(actor: Actor, pulse_id: str) -> dict:
    pulse, is_teacher = _visible(actor, pulse_id)
    return describe(actor, pulse, is_teacher)


def class_pulses(actor: Actor, team_id: str) -> list[dict]:
    """A teacher's own pulses in the class, newest first; for a student, the class's pulses
    opened for them (their teachers'). Coaches and admins get Forbidden: counts are elsewhere."""
    if actor.is_client:
        raise NotFound("We couldn't find that team.")
    access = team_access(actor, team_id)
    query = select(ClassPulse).where(ClassPulse.team_id == team_id)
    if access.is_teacher:
        query = query.where(ClassPulse.teacher_id == actor.id)
    elif access.role is Role.student:
        query = query.join(PulseEligibility, PulseEligibility.pulse_id == ClassPulse.id).where(
            PulseEligibility.user_id == actor.id
        )
    else:
        raise Forbidden("Class pulses are for the class's teachers and students.")
    pulses = db.session.scalars(query.order_by(ClassPulse.opens_on.desc(), ClassPulse.id))
    return describe_many(actor, list(pulses), access.is_teacher)


def _check_answers(answers: dict) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    for key in ITEM_KEYS:
        score = answers.get(key)
        if score is None:
            errors[key] = ["Choose an answer for this one."]
        elif (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not (LOWEST_SCORE <= score <= HIGHEST_SCORE)
        ):
            errors[key] = ["Answers go from 1 (not true) to 5 (very true)."]
    for key in set(answers) - set(ITEM_KEYS):
        errors[key] = ["This pulse has no such question."]
    if errors:
        raise Unprocessable("Some answers need another look.", errors={"answers": errors})
    return {key: answers[key] for key in ITEM_KEYS}


@transactional
def answer(actor: Actor, pulse_id: str, *, answers: dict) -> dict:
    """Take one student's answers, sealed, beside a receipt (written together). Raises
    NotFound (not theirs to answer), Forbidden (its teacher), Conflict (not open, or already
    answered), Unprocessable (an answer missing or out of 1–5)."""
    pulse, is_teacher = _visible(actor, pulse_id)
    if is_teacher:
        raise Forbidden("Your students answer your pulse; you see the results when it closes.")
    state = status(pulse, _today(pulse))
    if state == SCHEDULED:
        raise Conflict(f"This pulse opens on {pulse.opens_on:%A %-d %B}.")
    if state == CLOSED:
        raise Conflict("This pulse has closed, so it no longer takes answers.")
    scores = _check_answers(answers)
    # Answering and closing take turns: no answer lands after the count.
    db.session.execute(select(ClassPulse.id).where(ClassPulse.id == pulse.id).with_for_update())
    already = db.session.scalar(
        select(exists().where(PulseReceipt.pulse_id == pulse.id, PulseReceipt.user_id == actor.id))
    )
    if already:
        raise Conflict(ALREADY_ANSWERED)
    db.session.add(PulseReceipt(pulse_id=pulse.id, user_id=actor.id))
    db.session.add(PulseSealedAnswer(pulse_id=pulse.id, sealed=seal(pulse.id, {"answers": scores})))
    try:
        db.session.flush()
    except IntegrityError:
        # Two tabs sent at once: the receipt's key lets only one through (the whole answer
        # is rolled back with it).
        raise Conflict(ALREADY_ANSWERED) from None
    return {"pulse_id": pulse.id, "answered": True}


def close_round(pulse: ClassPulse, now: datetime | None = None) -> None:
    """Open, count and delete the sealed answers (flushed, not committed); counts are kept only
    at MIN_RESPONSES or more. Closing twice changes nothing."""
    locked = lock_round(ClassPulse, pulse.id)
    if locked.closed_at is not None:
        return
    contents = take_sealed_answers(PulseSealedAnswer.pulse_id, locked.id)
    locked.closed_at = now or utcnow()
    locked.response_count = len(contents)
    locked.results_released = len(contents) >= MIN_RESPONSES
    if locked.results_released:
        counts: Counter[tuple[str, int]] = Counter()
        for content in contents:
            for key in ITEM_KEYS:
                counts[(key, content["answers"][key])] += 1
        db.session.add_all(
            PulseResultCount(pulse_id=locked.id, item=item, score=score, count=count)
            for (item, score), count in sorted(counts.items())
        )
    db.session.flush()


@transactional
def close_pulse(actor: Actor, pulse_id: str) -> dict:
    """Stop taking answers now and count them (its teacher)."""
    pulse, is_teacher = _visible(actor, pulse_id)
    if not is_teacher:
        raise NotFound(PULSE_NOT_FOUND)
    close_round(pulse)
    return describe(actor, pulse, True)


def _means(pulse_ids: list[str]) -> dict[str, dict[str, float]]:
    rows = db.session.execute(
        select(
            PulseResultCount.pulse_id,
            PulseResultCount.item,
            func.sum(PulseResultCount.score * PulseResultCount.count),
            func.sum(PulseResultCount.count),
        )
        .where(PulseResultCount.pulse_id.in_(pulse_ids))
        .group_by(PulseResultCount.pulse_id, PulseResultCount.item)
    ).all()
    means: dict[str, dict[str, float]] = {pulse_id: {} for pulse_id in pulse_ids}
    for pulse_id, item, total, count in rows:
        means[pulse_id][item] = round(total / count, 2)
    return means


def results(actor: Actor, pulse_id: str) -> dict:
    """Its teacher's results: per statement the mean and how many gave each answer, and the
    trend over their released pulses in the class. Withheld (released false, no numbers) until
    it has closed with at least five answers."""
    pulse, is_teacher = _visible(actor, pulse_id)
    if not is_teacher:
        raise NotFound(PULSE_NOT_FOUND)
    described = describe(actor, pulse, True)
    if not (pulse.closed_at and pulse.results_released):
        why = (
            "Results show once the pulse closes."
            if pulse.closed_at is None
            else f"Fewer than {MIN_RESPONSES} students answered, so no results are shown: "
            "with so few, answers could be told apart."
        )
        return {**described, "released": False, "withheld_because": why, "items": [], "trend": []}
    distribution: dict[str, dict[int, int]] = {key: {} for key in ITEM_KEYS}
    for item, score, count in db.session.execute(
        select(PulseResultCount.item, PulseResultCount.score, PulseResultCount.count).where(
            PulseResultCount.pulse_id == pulse.id
        )
    ):
        distribution[item][score] = count
    means = _means([pulse.id])[pulse.id]
    earlier = list(
        db.session.scalars(
            select(ClassPulse)
            .where(
                ClassPulse.team_id == pulse.team_id,
                ClassPulse.teacher_id == pulse.teacher_id,
                ClassPulse.results_released.is_(True),
                ClassPulse.opens_on <= pulse.opens_on,
            )
            .order_by(ClassPulse.opens_on)
        )
    )
    trend_means = _means([p.id for p in earlier])
    return {
        **described,
        "released": True,
        "withheld_because": None,
        "items": [
            {
                "key": item.key,
                "prompt": item.prompt,
                "mean": means.get(item.key),
                "counts": [
                    distribution[item.key].get(score, 0)
                    for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)
                ],
            }
            for item in ITEMS
        ],
        "trend": [
            {
                "pulse_id": p.id,
                "opens_on": p.opens_on,
                "response_count": p.response_count,
                "means": trend_means[p.id],
            }
            for p in earlier
        ],
    }


def attach_to_cycle(
    actor: Actor, pulse_id: str, cycle_id: str, *, storage: Storage, max_bytes: int
):
    """Add a released pulse's aggregates to a cycle of the same class as perception evidence
    (student voice): means and answer counts only. Raises NotFound, Conflict (not released)."""
    found = results(actor, pulse_id)
    if not found["released"]:
        raise Conflict(found["withheld_because"])
    lines = [
        f"Class pulse {found['opens_on']:%-d %b} to {found['closes_on']:%-d %b %Y}: "
        f"{found['response_count']} of {found['eligible_count']} students answered."
    ]
    for item in found["items"]:
        counts = ", ".join(f"{n}×{score}" for score, n in enumerate(item["counts"], 1) if n)
        lines.append(f"{item['prompt']} Average {item['mean']} of 5 ({counts}).")
    pulse = db.session.get(ClassPulse, pulse_id)
    from api.cycles.models import Cycle

    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or pulse is None or cycle.team_id != pulse.team_id:
        raise NotFound("We couldn't find that cycle in this class.")
    return add_evidence(
        actor,
        cycle_id,
        {
            "kind": EvidenceKind.survey,
            "title": f"Class pulse, {found['opens_on']:%-d %b %Y}",
            "text": "\n".join(lines),
            "student_voice": True,
            "tags": ["class pulse"],
        },
        None,
        storage=storage,
        max_bytes=max_bytes,
    )


# ---- On a beat (the worker calls this; it checks no actor) -----------------------------------


@transactional
def run_pulses(now: datetime | None = None) -> dict[str, int]:
    """Close pulses whose last day has passed, and open the next round of repeating ones whose
    teacher still teaches the class. Safe to run twice (one round per teacher, class, day)."""
    now = now or utcnow()
    closed = opened = 0
    for pulse in db.session.scalars(
        select(ClassPulse).where(ClassPulse.closed_at.is_(None)).order_by(ClassPulse.id)
    ):
        if _today(pulse) > pulse.closes_on:
            close_round(pulse, now)
            closed += 1
    latest = select(
        ClassPulse.team_id, ClassPulse.teacher_id, func.max(ClassPulse.opens_on)
    ).group_by(ClassPulse.team_id, ClassPulse.teacher_id)
    for team_id, teacher_id, opens_on in db.session.execute(latest).all():
        latest_pulse = db.session.scalar(
            select(ClassPulse).where(
                ClassPulse.team_id == team_id,
                ClassPulse.teacher_id == teacher_id,
                ClassPulse.opens_on == opens_on,
            )
        )
        if latest_pulse is None or latest_pulse.repeat_every_days is None:
            continue
        pulse, every = latest_pulse, latest_pulse.repeat_every_days
        today = _today(pulse)
        due = pulse.opens_on + timedelta(days=every)
        still_teaching = db.session.scalar(
            select(Membership.id).where(
                Membership.team_id == team_id,
                Membership.user_id == teacher_id,
                Membership.role == Role.teacher,
            )
        )
        if due > today or not still_teaching or status(pulse, today) != CLOSED:
            continue
        length = pulse.closes_on - pulse.opens_on
        _new_pulse(team_id, teacher_id, today, today + length, every)
        opened += 1
    return {"opened": opened, "closed": closed}
