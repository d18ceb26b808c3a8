"""Bryk and Schneider's four components of relational trust, three statements each, scored 1–5.

Adults answer the seed's statements. Students answer the same twelve ideas in words a 10–14
year old uses, one idea per statement (several adult statements hold two). Both versions share
the item keys, so a closed round's counts say nothing about which version an answer came from
unless the students' and adults' results are shown apart (api/trust/closing.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Component(enum.StrEnum):
    respect = "respect"
    personal_regard = "personal_regard"
    competence = "competence"
    integrity = "integrity"


class Version(enum.StrEnum):
    adult = "adult"
    student = "student"


@dataclass(frozen=True)
class Item:
    key: str
    component: Component
    prompt: str
    #: the same idea in a 10–14-year-old's words
    student_prompt: str

    def prompt_for(self, version: Version) -> str:
        return self.student_prompt if version is Version.student else self.prompt


@dataclass(frozen=True)
class ComponentInfo:
    label: str
    definition: str
    #: the definition in a 10–14-year-old's words, shown under the seed's
    student_definition: str


COMPONENTS = {
    Component.respect: ComponentInfo(
        "Mutual respect",
        "We recognise the important role each person plays and genuinely listen to one another.",
        "Everyone matters here, and we really listen to each other.",
    ),
    Component.personal_regard: ComponentInfo(
        "Personal regard",
        "We care about one another and go beyond what our roles require.",
        "We care about each other and help out, even when we don't have to.",
    ),
    Component.competence: ComponentInfo(
        "Competence in core responsibilities",
        "We trust that each of us has the skill and the will to do our part well.",
        "We can count on each other to do our jobs well.",
    ),
    Component.integrity: ComponentInfo(
        "Integrity",
        "We keep our word, and our actions follow our shared values — students first.",
        "We do what we say, and we stick to what we believe is right.",
    ),
}
COMPONENT_LABELS = {component: info.label for component, info in COMPONENTS.items()}

SCALE = {
    1: "Not evident",
    2: "Rarely evident",
    3: "Sometimes evident",
    4: "Often evident",
    5: "Consistently evident",
}
LOWEST_SCORE, HIGHEST_SCORE = min(SCALE), max(SCALE)

ITEMS: tuple[Item, ...] = (
    Item(
        "respect_listening",
        Component.respect,
        "We listen actively and acknowledge diverse viewpoints.",
        "When I talk, people in my team really listen.",
    ),
    Item(
        "respect_every_voice",
        Component.respect,
        "Everyone's perspective counts in our decisions.",
        "My ideas count when my team decides something.",
    ),
    Item(
        "respect_disagreement",
        Component.respect,
        "We handle disagreements with professionalism and openness.",
        "When we disagree, we stay kind to each other.",
    ),
    Item(
        "regard_empathy",
        Component.personal_regard,
        "We show empathy and care for each other under stress.",
        "People in my team notice when I am having a hard time.",
    ),
    Item(
        "regard_wellbeing",
        Component.personal_regard,
        "We support each other's well-being.",
        "People in my team help me when I need it.",
    ),
    Item(
        "regard_encouragement",
        Component.personal_regard,
        "We offer encouragement rather than judgement.",
        "People in my team cheer me on.",
    ),
    Item(
        "competence_follow_through",
        Component.competence,
        "We follow through and contribute meaningfully.",
        "People in my team finish the jobs they start.",
    ),
    Item(
        "competence_fair_share",
        Component.competence,
        "Responsibilities fit our skills and are shared fairly.",
        "Everyone in my team does a fair share of the work.",
    ),
    Item(
        "competence_capacity",
        Component.competence,
        "We trust each other's capacity to do our part.",
        "I trust my teammates to do their part well.",
    ),
    Item(
        "integrity_keep_word",
        Component.integrity,
        "We do what we say we will do.",
        "People in my team keep their promises.",
    ),
    Item(
        "integrity_shared_values",
        Component.integrity,
        "Our actions match our shared values, even in hard times.",
        "My team sticks to our rules, even when it is hard.",
    ),
    Item(
        "integrity_honesty",
        Component.integrity,
        "Honesty is the norm in our hard conversations.",
        "People in my team tell the truth, even when it is hard to say.",
    ),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}


def items_of(component: Component) -> list[Item]:
    return [item for item in ITEMS if item.component is component]


def component_info(component: Component) -> dict:
    """The seed's name and one-line definition of a component, and the students' line."""
    info = COMPONENTS[component]
    return {
        "component": component,
        "label": info.label,
        "definition": info.definition,
        "student_definition": info.student_definition,
    }


def catalogue(version: Version = Version.adult) -> list[dict]:
    """The components, their definitions and statements in one version, in survey order."""
    return [
        {
            **component_info(component),
            "items": [
                {"key": item.key, "prompt": item.prompt_for(version)}
                for item in items_of(component)
            ],
        }
        for component in Component
    ]


def scale() -> list[dict]:
    return [{"score": score, "label": label} for score, label in SCALE.items()]
