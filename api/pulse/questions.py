"""The five statements of the class pulse, in a 12-year-old's words, and the answer scale."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    prompt: str


ITEMS = (
    Item("knows_me", "My teacher knows me: what I like and what I'm good at."),
    Item("cares", "My teacher cares how I'm doing."),
    Item("believes_in_me", "My teacher believes I can reach high goals."),
    Item("safe_to_make_mistakes", "It's safe to make mistakes in this class."),
    Item("belong", "I belong in this class."),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
SCALE = (
    (1, "Not true"),
    (2, "A little true"),
    (3, "Sometimes true"),
    (4, "Mostly true"),
    (5, "Very true"),
)
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


def catalogue() -> dict:
    return {
        "items": [{"key": item.key, "prompt": item.prompt} for item in ITEMS],
        "scale": [{"score": score, "label": label} for score, label in SCALE],
    }
