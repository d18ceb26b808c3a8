"""The starter library: five puzzles of practice a team can adopt and make its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Starter:
    key: str
    question: str
    context: str
    focus_area: str


STARTERS: tuple[Starter, ...] = (
    Starter(
        key="reflection-quality",
        question="How might we help students reflect on their learning in more depth?",
        context='Students\' reflections are often short and general ("I did good"). We want '
        "them to name what they learned, how they know, and what they will try next.",
        focus_area="Quality of reflection",
    ),
    Starter(
        key="goal-setting",
        question="How might we help every learner set goals that fit where they are?",
        context="Goals look alike across the class, and some learners set goals that are too "
        "easy or out of reach. We want goals that stretch each learner.",
        focus_area="Goal-setting for different learners",
    ),
    Starter(
        key="monitoring-progress",
        question="How might we and our students monitor progress together?",
        context="Progress is tracked by teachers and rarely seen by students. We want students "
        "to know where they stand and to use that to decide their next steps.",
        focus_area="Monitoring progress together",
    ),
    Starter(
        key="feedback-agency",
        question="How might our feedback help students take charge of their next steps?",
        context="Feedback is read once and then forgotten. We want feedback that students act "
        "on, ask for, and give each other.",
        focus_area="Feedback that fosters agency",
    ),
    Starter(
        key="students-co-leading",
        question="How might students co-lead our inquiry cycles?",
        context="Adults plan and run the cycles while students take part. We want students to "
        "facilitate, choose evidence and lead the analysis with us.",
        focus_area="Students co-leading inquiry cycles",
    ),
)

STARTERS_BY_KEY = {starter.key: starter for starter in STARTERS}
