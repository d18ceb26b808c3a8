"""The courses that open a team, as its teachers see them (the Course link page), and unlinking
a course: who may, what stays, and the bad cases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.extensions import db
from api.lti.models import LtiContext, LtiPlatform
from api.teams.models import Membership, Role


@pytest.fixture()
def courses(school, make_team):
    """A platform with two courses: one opens the school's team, one another team that the
    school's teacher also teaches; a third course opens a team she doesn't teach."""
    platform = LtiPlatform(
        organization_id=school.org.id,
        name="Canvas",
        issuer="https://canvas.school.example",
        client_id="c-1",
        deployment_ids=["1"],
        auth_login_url="https://canvas.school.example/auth",
        auth_token_url="https://canvas.school.example/token",
        jwks_url="https://canvas.school.example/jwks",
    )
    db.session.add(platform)
    db.session.flush()
    taught = make_team(school.org, name="Grade 8 Math", teachers=[school.teacher])
    elsewhere = make_team(school.org, name="Art club", teachers=[school.teacher2])
    rows = {
        "here": LtiContext(
            platform_id=platform.id,
            context_id="course-7",
            team_id=school.team.id,
            title="Science 7",
            memberships_url="https://canvas.school.example/courses/7/names_and_roles",
        ),
        "taught": LtiContext(
            platform_id=platform.id, context_id="course-8", team_id=taught.id, title="Math 8"
        ),
        "elsewhere": LtiContext(
            platform_id=platform.id, context_id="course-9", team_id=elsewhere.id, title="Art"
        ),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return platform, rows, taught


def listed(client, team_id, **query):
    response = client.get(f"/api/v1/teams/{team_id}/lti/courses", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_teacher_sees_the_courses_that_open_the_team_and_those_she_could_link(
    client_for, school, courses
):
    platform, _, taught = courses
    teacher = client_for(school.teacher)
    [here] = listed(teacher, school.team.id)
    assert here == {
        "platform_id": platform.id,
        "platform_name": "Canvas",
        "context_id": "course-7",
        "title": "Science 7",
        "team_id": school.team.id,
        "team_name": "Grade 7 Science",
        "can_fill": True,
        "linked_at": here["linked_at"],
    }
    # Others: only the course of a team she teaches; an admin sees every other one.
    assert [c["title"] for c in listed(teacher, school.team.id, others="true")] == ["Math 8"]
    admin = client_for(school.admin)
    assert [c["title"] for c in listed(admin, school.team.id, others="true")] == ["Art", "Math 8"]
    assert listed(teacher, taught.id)[0]["can_fill"] is False  # no member list shared yet


def test_only_the_teams_teachers_and_admins_see_its_courses(client_for, school, courses):
    url = f"/api/v1/teams/{school.team.id}/lti/courses"
    for person, status in (
        (school.student, 403),
        (school.coach, 403),
        (school.outsider, 404),
    ):
        response = client_for(person).get(url)
        assert response.status_code == status, person.display_name
        assert response.mimetype == "application/problem+json"
    assert (
        client_for(school.teacher).get("/api/v1/teams/no-such-team/lti/courses").status_code == 404
    )
    bad = client_for(school.teacher).get(url, query_string={"others": "perhaps"})
    assert bad.status_code == 422
    assert "others" in bad.get_json()["errors"]


def test_linking_a_course_here_moves_it_from_the_other_list(client_for, school, courses):
    platform, _, _ = courses
    teacher = client_for(school.teacher)
    moved = teacher.put(
        f"/api/v1/organizations/{school.org.id}/lti/platforms/{platform.id}/courses/course-8",
        json={"team_id": school.team.id},
    )
    assert moved.status_code == 200
    assert [c["title"] for c in listed(teacher, school.team.id)] == ["Math 8", "Science 7"]
    assert listed(teacher, school.team.id, others="true") == []


def test_unlinking_a_course_keeps_the_team_and_its_people(client_for, school, courses):
    platform, rows, _ = courses
    brought = db.session.scalar(
        select(Membership).where(
            Membership.team_id == school.team.id, Membership.user_id == school.student.id
        )
    )
    brought.lti_context_id = rows["here"].id
    db.session.commit()
    base = f"/api/v1/organizations/{school.org.id}/lti/platforms/{platform.id}/courses"

    assert client_for(school.student).delete(f"{base}/course-7").status_code == 403
    # A course of a team she is not on is as good as not there.
    assert client_for(school.teacher2).delete(f"{base}/course-8").status_code == 404
    assert client_for(school.teacher).delete(f"{base}/no-such-course").status_code == 404
    other_org = client_for(school.outsider).delete(
        f"/api/v1/organizations/{school.outsider_org.id}/lti/platforms/{platform.id}"
        "/courses/course-7"
    )
    assert other_org.status_code == 404
    assert listed(client_for(school.teacher), school.team.id)  # nothing changed so far

    teacher = client_for(school.teacher)
    assert teacher.delete(f"{base}/course-7").status_code == 204
    assert listed(teacher, school.team.id) == []
    assert teacher.delete(f"{base}/course-7").status_code == 404
    db.session.expire_all()
    # Sam stays on the team, now as if added by hand: no later fill takes him off.
    sam = db.session.get(Membership, brought.id)
    assert sam.role is Role.student and sam.lti_context_id is None
