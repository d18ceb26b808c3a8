"""The include registry itself (api/includes.py): a part its loader refuses fails the whole
answer with a 400 naming it, and an in-memory list is paged like a query."""

from __future__ import annotations

import pytest
from flask import g
from flask_smorest.pagination import PaginationParameters

from api.actor import Actor
from api.errors import BadRequest, Forbidden
from api.includes import PAGE_SIZE, Includes, Part, page_of_list
from api.schemas import Schema


def refuse(context):
    raise Forbidden("Only the team's teachers can see that.")


def test_a_part_its_loader_refuses_fails_the_whole_answer_naming_it(app):
    parts = Includes(
        "thing",
        [
            Part("open", Schema, load=lambda context: {}),
            Part("teachers_only", Schema, load=refuse),
        ],
    )
    with app.test_request_context("/?include=open,teachers_only"):
        g.actor = Actor(user=None)
        asked = parts.requested()
        body = {"id": "1"}
        with pytest.raises(BadRequest) as refused:
            parts.answer(body, asked, context=None)
        assert body == {"id": "1"}, "nothing of the answer is served"
    assert refused.value.extra["errors"] == {
        "include": [
            "You can't read “teachers_only” of this thing: Only the team's teachers can see that."
        ]
    }


def test_a_list_held_in_memory_is_paged_and_counted_like_a_query():
    items = list(range(PAGE_SIZE + 3))
    first = PaginationParameters(1, PAGE_SIZE)
    assert page_of_list(items, first) == items[:PAGE_SIZE]
    assert first.item_count == PAGE_SIZE + 3
    second = PaginationParameters(2, PAGE_SIZE)
    assert page_of_list(items, second) == items[PAGE_SIZE:]
