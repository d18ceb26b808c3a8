"""What the material offers a teacher at each stage, in plain words: strategies, empathy stems
for a repair, and the kinds of strengths-based notes."""

from __future__ import annotations

from api.relationships.models import NoteKind, Stage

STAGE_LABELS = {
    Stage.pre_establish: "Pre-establish",
    Stage.establish: "Establish",
    Stage.maintain: "Maintain",
    Stage.restore: "Restore",
}

STAGE_MEANINGS = {
    Stage.pre_establish: "Starting again from old patterns: set them aside and begin fresh.",
    Stage.establish: "Building the relationship on purpose, so it is strong enough.",
    Stage.maintain: "Keeping a good relationship good, so it doesn't drift.",
    Stage.restore: "Repairing after harm, so the student knows the relationship is intact.",
}

STRATEGIES = {
    Stage.pre_establish: (
        "Let go of what happened before: each day is a fresh start.",
        "Greet the student by name at the door, every day.",
        "Notice one thing they do well today, and tell them.",
        "Plan a Two-by-Ten: two minutes a day for ten school days.",
    ),
    Stage.establish: (
        "Two-by-Ten: two minutes a day, ten school days in a row, about anything they like.",
        "Read their get-to-know-me card and ask about one interest.",
        "Share something about yourself: your about-me card is a start.",
        "Give praise that is specific and true.",
        "Look for common ground: a hobby, a team, a book.",
    ),
    Stage.maintain: (
        "Keep five positives for every correction (5:1).",
        "Check in briefly and often, not only when something is wrong.",
        "Notice effort and progress out loud.",
        "Follow up on something they told you.",
        "Ask how the class feels to them (the class pulse).",
    ),
    Stage.restore: (
        "Repair soon, and in private.",
        "Separate what happened from who the student is.",
        "Own your part, if you had one.",
        "Start with an empathy statement.",
        "Offer a real chance to make things right, and help them do it.",
        "Show the relationship is intact: back to maintain.",
    ),
}

EMPATHY_STEMS = (
    "I could see you were feeling … when …",
    "It sounds like … was really hard for you.",
    "I'm sorry that I …",
    "I wonder if …",
    "That must have been frustrating.",
    "I should have … Next time I will …",
)

NOTE_KIND_LABELS = {
    NoteKind.interest: "An interest",
    NoteKind.strength: "A strength",
    NoteKind.what_helps: "What helps them",
    NoteKind.connection: "A moment we connected",
}


def guide() -> dict:
    """Everything above, in the shape the API serves it."""
    return {
        "stages": [
            {
                "stage": stage,
                "label": STAGE_LABELS[stage],
                "meaning": STAGE_MEANINGS[stage],
                "strategies": list(STRATEGIES[stage]),
            }
            for stage in Stage
        ],
        "empathy_stems": list(EMPATHY_STEMS),
        "note_kinds": [{"kind": kind, "label": label} for kind, label in NOTE_KIND_LABELS.items()],
    }
