import json

import pytest
from sqlalchemy import func, select

from api.activity.models import ActivityEntry
from api.comments.models import Comment
from api.extensions import db


def comment_count() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.id}/comments"


@pytest.fixture()
def cycle(make_cycle, school):
    return make_cycle(school.team, state="analysis")


def test_coach_comments_and_the_team_reads_it(client_for, school, cycle):
    response = client_for(school.coach).post(
        url(cycle), json={"body": "  Which students' voices are in this evidence?  "}
    )
    assert response.status_code == 201, response.get_json()
    comment = response.get_json()
    assert comment["body"] == "Which students' voices are in this evidence?"
    assert comment["author"] == {"id": school.coach.id, "display_name": "Casey Coach"}
    assert comment["cycle_id"] == cycle.id
    listed = client_for(school.student).get(url(cycle)).get_json()
    assert [c["id"] for c in listed] == [comment["id"]]
    entry = db.session.scalars(select(ActivityEntry)).one()
    assert (entry.verb, entry.summary, entry.actor_id) == (
        "comment.added",
        "commented on cycle 1",
        school.coach.id,
    )


@pytest.mark.parametrize("who", ["student", "teacher", "admin"])
def test_members_and_admins_comment_too(client_for, school, cycle, who):
    response = client_for(getattr(school, who)).post(url(cycle), json={"body": "Agreed."})
    assert response.status_code == 201


@pytest.mark.parametrize("state", ["closed", "abandoned"])
def test_comments_are_welcome_after_a_cycle_ends(client_for, make_cycle, school, state):
    ended = make_cycle(school.team, state=state)
    response = client_for(school.coach).post(url(ended), json={"body": "Well done, team."})
    assert response.status_code == 201
    assert comment_count() == 1


def test_outsider_can_neither_read_nor_comment(client_for, school, cycle):
    comment = client_for(school.teacher).post(url(cycle), json={"body": "Ours"}).get_json()
    outsider = client_for(school.outsider)
    assert outsider.get(url(cycle)).status_code == 404
    assert outsider.post(url(cycle), json={"body": "Hello"}).status_code == 404
    assert outsider.delete(f"/api/v1/comments/{comment['id']}").status_code == 404
    assert comment_count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "x" * 2001}, "body"),
        ({"body": "   "}, "body"),
        ({}, "body"),
        ({"body": "Hi", "author_id": "someone"}, "author_id"),
    ],
)
def test_bad_comment_input_is_422(client_for, school, cycle, body, field):
    response = client_for(school.coach).post(url(cycle), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert comment_count() == 0


def test_only_the_author_deletes_a_comment(client_for, school, cycle):
    comment = client_for(school.coach).post(url(cycle), json={"body": "A question"}).get_json()
    comment_url = f"/api/v1/comments/{comment['id']}"
    assert client_for(school.teacher).delete(comment_url).status_code == 403
    assert client_for(school.student).delete(comment_url).status_code == 403
    assert client_for(school.coach).delete(comment_url).status_code == 204
    assert client_for(school.coach).delete(comment_url).status_code == 404
    assert comment_count() == 0


def test_comments_list_oldest_first_in_pages(client_for, school, cycle):
    coach, student = client_for(school.coach), client_for(school.student)
    ids = [
        client.post(url(cycle), json={"body": f"Comment {n}"}).get_json()["id"]
        for n, client in enumerate([coach, student, coach])
    ]
    first_page = student.get(url(cycle) + "?page_size=2")
    assert [c["id"] for c in first_page.get_json()] == ids[:2]
    pagination = json.loads(first_page.headers["X-Pagination"])
    assert (pagination["total"], pagination["total_pages"]) == (3, 2)
    assert [c["id"] for c in student.get(url(cycle) + "?page=2&page_size=2").get_json()] == ids[2:]
