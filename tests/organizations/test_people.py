from sqlalchemy import func, select

from api.extensions import db
from api.users.models import User


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_admin_provisions_a_student_without_email(client_for, school):
    admin = client_for(school.admin)
    response = admin.post(
        f"/api/v1/organizations/{school.org.id}/people",
        json={"display_name": "Zoe Park", "username": "Zoe.Park", "password": "long enough"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["username"] == "zoe.park"
    assert body["email"] is None
    listed = admin.get(f"/api/v1/organizations/{school.org.id}/people?q=zoe").get_json()
    assert [person["display_name"] for person in listed] == ["Zoe Park"]


def test_duplicate_email_is_409_and_nothing_is_created(client_for, school):
    admin = client_for(school.admin)
    before = count_users()
    response = admin.post(
        f"/api/v1/organizations/{school.org.id}/people",
        json={"display_name": "Copy", "email": school.teacher.email},
    )
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert count_users() == before


def test_person_needs_an_email_or_username(client_for, school):
    response = client_for(school.admin).post(
        f"/api/v1/organizations/{school.org.id}/people", json={"display_name": "Nobody"}
    )
    assert response.status_code == 422
    assert "email" in response.get_json()["errors"]


def test_unknown_fields_wrong_types_and_long_strings_are_422(client_for, school):
    admin = client_for(school.admin)
    url = f"/api/v1/organizations/{school.org.id}/people"
    before = count_users()
    unknown = admin.post(url, json={"display_name": "A", "email": "a@b.example", "role": "god"})
    assert unknown.status_code == 422
    assert "role" in unknown.get_json()["errors"]
    wrong_type = admin.post(url, json={"display_name": 42, "email": "a@b.example"})
    assert wrong_type.status_code == 422
    assert "display_name" in wrong_type.get_json()["errors"]
    too_long = admin.post(url, json={"display_name": "x" * 500, "email": "a@b.example"})
    assert too_long.status_code == 422
    assert count_users() == before


def test_teachers_cannot_provision_people(client_for, school):
    response = client_for(school.teacher).post(
        f"/api/v1/organizations/{school.org.id}/people",
        json={"display_name": "Sneaky", "email": "sneaky@school.example"},
    )
    assert response.status_code == 403


def test_teacher_can_search_people_to_add_but_student_cannot(client_for, school):
    url = f"/api/v1/organizations/{school.org.id}/people?q=priya"
    found = client_for(school.teacher).get(url)
    assert [p["username"] for p in found.get_json()] == ["priya"]
    assert client_for(school.student).get(url).status_code == 403


def test_last_admin_cannot_step_down(client_for, school):
    admin = client_for(school.admin)
    response = admin.patch(
        f"/api/v1/organizations/{school.org.id}/people/{school.admin.id}", json={"is_admin": False}
    )
    assert response.status_code == 409


def test_removing_a_person_takes_them_off_the_organizations_teams(client_for, school):
    admin = client_for(school.admin)
    assert (
        admin.delete(
            f"/api/v1/organizations/{school.org.id}/people/{school.student.id}"
        ).status_code
        == 204
    )
    members = admin.get(f"/api/v1/teams/{school.team.id}/members").get_json()
    assert school.student.id not in [m["user"]["id"] for m in members]


def test_unknown_time_zone_is_refused(client_for, school):
    response = client_for(school.admin).patch(
        f"/api/v1/organizations/{school.org.id}", json={"time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    assert "time_zone" in response.get_json()["errors"]
