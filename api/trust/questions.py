"""Bryk and Schneider's four components of relational trust, three prompts each, scored 1–5."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Component(enum.StrEnum):
    respect = "respect"
    personal_regard = "personal_regard"
    competence = "competence"
    integrity = "integrity"


@dataclass(frozen=True)
class Item:
    key: str
    component: Component
    prompt: str


COMPONENT_LABELS = {
    Component.respect: "Respect",
    Component.personal_regard: "Personal regard",
    Component.competence: "Competence",
    Component.integrity: "Integrity",
}

SCALE = {
    1: "Not evident",
    2: "Rarely evident",
    3: "Sometimes evident",
    4: "Often evident",
    5: "Consistently evident",
}
LOWEST_SCORE, HIGHEST_SCORE = min(SCALE), max(SCALE)

ITEMS: tuple[Item, ...] = (
    Item("respect_listening", Component.respect,
         "We listen actively and acknowledge diverse viewpoints."),
    Item("respect_every_voice", Component.respect,
         "Everyone's perspective counts in our decisions."),
    Item("respect_disagreement", Component.respect,
         "We handle disagreements with professionalism and openness."),
    Item("regard_empathy", Component.personal_regard,
         "We show empathy and care for each other under stress."),
    Item("regard_wellbeing", Component.personal_regard,
         "We support each other's well-being."),
    Item("regard_encouragement", Component.personal_regard,
         "We offer encouragement rather than judgement."),
    Item("competence_follow_through", Component.competence,
         "We follow through and contribute meaningfully."),
    Item("competence_fair_share", Component.competence,
         "Responsibilities fit our skills and are shared fairly."),
    Item("competence_capacity", Component.competence,
         "We trust each other's capacity to do our part."),
    Item("integrity_keep_word", Component.integrity,
         "We do what we say we will do."),
    Item("integrity_shared_values", Component.integrity,
         "Our actions match our shared values, even in hard times."),
    Item("integrity_honesty", Component.integrity,
         "Honesty is the norm in our hard conversations."),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}


def items_of(component: Component) -> list[Item]:
    return [item for item in ITEMS if item.component is component]


def catalogue() -> list[dict]:
    """The components and their prompts, in the order the survey asks them."""
    return [
        {
            "component": component,
            "label": COMPONENT_LABELS[component],
            "items": [{"key": item.key, "prompt": item.prompt} for item in items_of(component)],
        }
        for component in Component
    ]
