"""Respect agreements: written with students, endorsed by members, reviewed each term."""

from __future__ import annotations

import datetime as dt


def path(school) -> str:
    return f"/api/v1/teams/{school.team.id}/respect-agreement"


def test_a_team_writes_endorses_and_rewording_asks_again(client_for, school, school_day):
    school_day(dt.date(2026, 11, 2))
    sam, teacher = client_for(school.student), client_for(school.teacher)
    assert teacher.get(path(school)).status_code == 404
    written = sam.put(path(school), json={"body": "We listen when someone is talking."})
    assert written.status_code == 200, written.get_json()
    assert written.get_json()["review_on"] == "2027-01-31"  # a term's length without a calendar
    teacher.put(f"{path(school)}/endorsement")
    endorsed = sam.put(f"{path(school)}/endorsement").get_json()
    assert [p["display_name"] for p in endorsed["endorsements"]] == [
        "Taylor Teacher",
        "Sam Student",
    ]
    assert endorsed["endorsed_by_me"] and endorsed["member_count"] == 5
    same = teacher.put(path(school), json={"body": "We listen when someone is talking."})
    assert len(same.get_json()["endorsements"]) == 2
    reworded = teacher.put(path(school), json={"body": "We listen, and we take turns."})
    assert reworded.get_json()["endorsements"] == []
    assert sam.delete(f"{path(school)}/endorsement").status_code == 200


def test_coaches_and_admins_read_but_do_not_write(client_for, school):
    client_for(school.teacher).put(path(school), json={"body": "We take turns."})
    for who in (school.coach, school.admin):
        client = client_for(who)
        assert client.get(path(school)).get_json()["body"] == "We take turns."
        assert client.put(path(school), json={"body": "Changed"}).status_code == 403
        assert client.put(f"{path(school)}/endorsement").status_code == 403
    assert client_for(school.outsider).get(path(school)).status_code == 404


def test_a_review_moves_to_the_next_term_and_only_teachers_mark_it(client_for, school, school_day):
    school_day(dt.date(2026, 11, 2))
    teacher = client_for(school.teacher)
    teacher.put(path(school), json={"body": "We take turns.", "review_on": "2026-11-02"})
    assert teacher.get(path(school)).get_json()["review_due"] is True
    assert client_for(school.student).post(f"{path(school)}/review").status_code == 403
    reviewed = teacher.post(f"{path(school)}/review").get_json()
    assert reviewed["review_due"] is False and reviewed["reviewed_at"]
    blank = teacher.put(path(school), json={"body": "  "})
    assert blank.status_code == 422
    past = teacher.put(path(school), json={"body": "Ok", "review_on": "2026-10-01"})
    assert past.status_code == 422


def test_the_teachers_are_reminded_when_the_review_comes(client_for, school, school_day):
    from api.notifications.relationship_reminders import agreement_review_reminders

    school_day(dt.date(2026, 11, 2))
    client_for(school.student).put(
        path(school), json={"body": "We take turns.", "review_on": "2026-11-20"}
    )
    before = dt.datetime(2026, 11, 19, 9, tzinfo=dt.UTC)
    assert list(agreement_review_reminders(before)) == []
    due = list(agreement_review_reminders(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)))
    assert sorted(r.user_id for r in due) == sorted([school.teacher.id, school.teacher2.id])
