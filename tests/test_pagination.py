"""Lists count their items only when the first page cannot tell: the total stays right."""

from __future__ import annotations

import json

from tests.support.statements import counting_statements


def _counts(statements: list[str]) -> int:
    return sum(1 for statement in statements if statement.lstrip().startswith("SELECT count(*)"))


def test_a_first_page_that_holds_every_item_gives_the_total_without_counting(
    client_for, make_team, school
):
    make_team(school.org, name="Extra", teachers=[school.teacher])
    teacher = client_for(school.teacher)
    with counting_statements() as statements:
        response = teacher.get("/api/v1/teams?page=1&page_size=5")
    assert len(response.get_json()) == 2
    assert json.loads(response.headers["X-Pagination"])["total"] == 2
    assert _counts(statements) == 0


def test_a_full_first_page_counts_so_the_total_includes_later_pages(client_for, make_team, school):
    for n in range(3):
        make_team(school.org, name=f"Extra {n}", teachers=[school.teacher])
    teacher = client_for(school.teacher)
    with counting_statements() as statements:
        first = teacher.get("/api/v1/teams?page=1&page_size=2")
    last = teacher.get("/api/v1/teams?page=2&page_size=2")
    beyond = teacher.get("/api/v1/teams?page=3&page_size=2")
    assert json.loads(first.headers["X-Pagination"])["total"] == 4
    assert _counts(statements) == 1
    assert [len(page.get_json()) for page in (first, last, beyond)] == [2, 2, 0]
    assert json.loads(last.headers["X-Pagination"])["total"] == 4
