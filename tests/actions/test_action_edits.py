"""Fixing an action: owner, date and wording change, each a line in the cycle's history; the
new owner is told at once; bad input changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api.activity.models import ActivityEntry
from api.extensions import db
from api.notifications.models import Notification
from api.teams.models import Membership


@pytest.fixture()
def action(client_for, school, make_cycle):
    cycle = make_cycle(school.team, state="action", facilitators=[school.student])
    response = client_for(school.teacher).post(
        f"/api/v1/cycles/{cycle.id}/actions",
        json={"title": "Try exit tickts", "owner_id": school.students[2].id},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def history(action) -> list[str]:
    return db.session.scalars(
        select(ActivityEntry.summary)
        .where(ActivityEntry.cycle_id == action["cycle_id"])
        .order_by(ActivityEntry.created_at, ActivityEntry.id)
    ).all()


def notices_for(user) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()


def test_a_mistyped_action_is_fixed_and_each_change_is_a_line_in_the_history(
    client_for, school, action
):
    priya = school.students[1]
    due = date.today() + timedelta(days=9)
    response = client_for(school.teacher).patch(
        f"/api/v1/actions/{action['id']}",
        json={"title": "Try exit tickets", "owner_id": priya.id, "due_on": due.isoformat()},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["title"], body["owner"]["id"], body["due_on"]) == (
        "Try exit tickets",
        priya.id,
        due.isoformat(),
    )
    assert response.headers["ETag"]
    assert history(action)[-3:] == [
        "renamed the action “Try exit tickts” to “Try exit tickets”",
        "gave “Try exit tickets” to Priya Shah",
        f"moved the due date of “Try exit tickets” to {due.day} {due:%B}",
    ]
    [told] = [n for n in notices_for(priya) if n.kind == "action.assigned"]
    assert told.title == "Taylor Teacher gave you an action: “Try exit tickets”"
    assert told.link == f"/cycles/{action['cycle_id']}#action-{action['id']}"
    assert told.email_status == "pending"  # the email follows the person's settings


def test_the_first_owner_was_told_when_the_action_was_planned(school, action):
    [told] = notices_for(school.students[2])
    assert told.kind == "action.assigned"
    assert notices_for(school.teacher) == []  # nobody hears of their own doing


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_on": (date.today() - timedelta(days=1)).isoformat()}, "due_on"),
        ({"title": "   "}, "title"),
        ({"owner_id": "not-on-the-team"}, "owner_id"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(client_for, school, action, change, field):
    before = history(action)
    response = client_for(school.teacher).patch(f"/api/v1/actions/{action['id']}", json=change)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert history(action) == before
    again = client_for(school.teacher).get(f"/api/v1/actions/{action['id']}").get_json()
    assert (again["title"], again["due_on"]) == ("Try exit tickts", None)


def test_an_owner_who_left_the_team_cannot_be_given_the_action(client_for, school, action):
    leo = school.students[2]
    priya = school.students[1]
    db.session.delete(db.session.scalar(select(Membership).where(Membership.user_id == priya.id)))
    db.session.commit()
    response = client_for(school.teacher).patch(
        f"/api/v1/actions/{action['id']}", json={"owner_id": priya.id}
    )
    assert response.status_code == 422
    assert (
        client_for(school.teacher).get(f"/api/v1/actions/{action['id']}").get_json()["owner"]["id"]
        == leo.id
    )


def test_a_stale_edit_gets_412_and_the_newer_version_stays(client_for, school, action):
    url = f"/api/v1/actions/{action['id']}"
    seen = client_for(school.teacher).get(url).headers["ETag"]
    assert (
        client_for(school.teacher2)
        .patch(url, json={"title": "Two exit tickets a week"})
        .status_code
        == 200
    )
    stale = client_for(school.teacher).patch(
        url, json={"title": "One exit ticket"}, headers={"If-Match": seen}
    )
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert "Someone else changed this action" in stale.get_json()["detail"]
    current = client_for(school.teacher).get(url)
    assert current.get_json()["title"] == "Two exit tickets a week"
    fresh = client_for(school.teacher).patch(
        url, json={"title": "One exit ticket"}, headers={"If-Match": current.headers["ETag"]}
    )
    assert fresh.status_code == 200


def test_another_teams_action_is_not_found(client_for, school, action, make_user, make_team):
    other = make_user(school.org, name="Other Teacher")
    make_team(school.org, teachers=[other])
    response = client_for(other).patch(
        f"/api/v1/actions/{action['id']}", json={"title": "Mine now"}
    )
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
