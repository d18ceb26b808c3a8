import json


def test_teacher_sees_their_team_with_role_and_member_count(client_for, school):
    response = client_for(school.teacher).get("/api/v1/teams")
    assert response.status_code == 200
    assert response.get_json() == [
        {
            "id": school.team.id,
            "organization_id": school.org.id,
            "name": "Grade 7 Science",
            "description": "",
            "stall_days": 10,
            "created_at": response.get_json()[0]["created_at"],
            "updated_at": response.get_json()[0]["updated_at"],
            "my_role": "teacher",
            "member_count": 5,
            "archived": False,
        }
    ]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_coach_and_admin_see_the_team_in_their_own_capacity(client_for, school):
    assert client_for(school.coach).get("/api/v1/teams").get_json()[0]["my_role"] == "coach"
    assert client_for(school.admin).get("/api/v1/teams").get_json()[0]["my_role"] == "admin"


def test_teams_list_paginates(client_for, make_team, school):
    for n in range(3):
        make_team(school.org, name=f"Extra {n}", teachers=[school.teacher])
    teacher = client_for(school.teacher)
    first = teacher.get("/api/v1/teams?page=1&page_size=2")
    second = teacher.get("/api/v1/teams?page=2&page_size=2")
    assert len(first.get_json()) == 2
    assert len(second.get_json()) == 2
    assert json.loads(first.headers["X-Pagination"])["total"] == 4
    names = [t["name"] for t in first.get_json() + second.get_json()]
    assert len(set(names)) == 4


def test_members_are_listed_with_roles_and_filtered(client_for, school):
    teacher = client_for(school.teacher)
    members = teacher.get(f"/api/v1/teams/{school.team.id}/members").get_json()
    roles = sorted((m["user"]["display_name"], m["role"]) for m in members)
    assert ("Sam Student", "student") in roles
    assert ("Taylor Teacher", "teacher") in roles
    students = teacher.get(f"/api/v1/teams/{school.team.id}/members?role=student").get_json()
    assert {m["role"] for m in students} == {"student"}
    assert len(students) == 3


def test_teacher_adds_changes_and_removes_a_member(client_for, make_user, school):
    newcomer = make_user(school.org, name="Nia New", username="nia")
    teacher = client_for(school.teacher)
    url = f"/api/v1/teams/{school.team.id}/members"
    added = teacher.post(url, json={"user_id": newcomer.id, "role": "student"})
    assert added.status_code == 201
    membership_id = added.get_json()["id"]
    changed = teacher.patch(f"{url}/{membership_id}", json={"role": "teacher"})
    assert changed.get_json()["role"] == "teacher"
    assert teacher.delete(f"{url}/{membership_id}").status_code == 204
    assert newcomer.id not in [m["user"]["id"] for m in teacher.get(url).get_json()]


def test_student_cannot_manage_memberships(client_for, make_user, school):
    newcomer = make_user(school.org)
    student = client_for(school.student)
    url = f"/api/v1/teams/{school.team.id}/members"
    assert student.post(url, json={"user_id": newcomer.id, "role": "student"}).status_code == 403
    other = student.get(url).get_json()[-1]["id"]
    assert student.patch(f"{url}/{other}", json={"role": "teacher"}).status_code == 403
    assert student.delete(f"{url}/{other}").status_code == 403


def test_people_from_another_organization_cannot_join(client_for, school):
    response = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/members",
        json={"user_id": school.outsider.id, "role": "student"},
    )
    assert response.status_code == 422
    assert "user_id" in response.get_json()["errors"]


def test_adding_someone_twice_is_a_conflict(client_for, school):
    response = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/members",
        json={"user_id": school.student.id, "role": "student"},
    )
    assert response.status_code == 409


def test_unknown_role_is_422(client_for, make_user, school):
    newcomer = make_user(school.org)
    response = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/members", json={"user_id": newcomer.id, "role": "boss"}
    )
    assert response.status_code == 422
    assert "role" in response.get_json()["errors"]


def test_last_teacher_cannot_leave_a_team_by_a_teachers_hand(client_for, make_team, school):
    team = make_team(school.org, teachers=[school.teacher], students=[school.student])
    teacher = client_for(school.teacher)
    members = teacher.get(f"/api/v1/teams/{team.id}/members?role=teacher").get_json()
    url = f"/api/v1/teams/{team.id}/members/{members[0]['id']}"
    for response in (teacher.delete(url), teacher.patch(url, json={"role": "student"})):
        assert response.status_code == 409
        assert response.content_type == "application/problem+json"
        assert "Make someone else a teacher first" in response.get_json()["detail"]
    # Nothing changed: still the team's one teacher.
    after = teacher.get(f"/api/v1/teams/{team.id}/members?role=teacher").get_json()
    assert [m["user"]["id"] for m in after] == [school.teacher.id]


def test_admin_creates_a_team_and_assigns_a_coach(client_for, school):
    admin = client_for(school.admin)
    created = admin.post(
        f"/api/v1/organizations/{school.org.id}/teams", json={"name": "Grade 5 Math"}
    )
    assert created.status_code == 201
    team_id = created.get_json()["id"]
    assigned = admin.post(f"/api/v1/teams/{team_id}/coaches", json={"user_id": school.coach.id})
    assert assigned.status_code == 201
    coach_teams = {t["name"] for t in client_for(school.coach).get("/api/v1/teams").get_json()}
    assert coach_teams == {"Grade 7 Science", "Grade 5 Math"}


def test_teachers_cannot_assign_coaches(client_for, school):
    response = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/coaches", json={"user_id": school.admin.id}
    )
    assert response.status_code == 403


def test_outsider_gets_404_for_another_schools_team(client_for, school):
    outsider = client_for(school.outsider)
    response = outsider.get(f"/api/v1/teams/{school.team.id}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "Grade 7" not in response.get_data(as_text=True)


def test_removing_a_member_frees_their_open_work_and_keeps_finished_history(
    client_for, make_cycle, school
):
    from api.actions.models import Action, ActionStatus
    from api.cycles.models import Cycle, CycleFacilitator
    from api.extensions import db
    from api.teams.models import Membership
    from tests.cycles.helpers import add_action

    sam = school.student
    active = make_cycle(school.team, state="action", facilitators=[sam, school.teacher])
    active.recorder_id = sam.id
    finished = make_cycle(
        school.team, state="closed", facilitators=[sam], number=2, puzzle=active.puzzle
    )
    open_action = add_action(active, owner=sam)
    done_action = add_action(finished, owner=sam, title="Share the exit tickets")
    done_action.status = ActionStatus.done
    db.session.commit()
    membership = (
        db.session.query(Membership).filter_by(team_id=school.team.id, user_id=sam.id).one()
    )

    response = client_for(school.teacher).delete(
        f"/api/v1/teams/{school.team.id}/members/{membership.id}"
    )

    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(Action, open_action.id).owner_id is None
    assert db.session.get(Action, done_action.id).owner_id == sam.id
    facilitators = {(f.cycle_id, f.user_id) for f in db.session.query(CycleFacilitator)}
    assert (active.id, sam.id) not in facilitators
    assert (active.id, school.teacher.id) in facilitators
    assert (finished.id, sam.id) in facilitators
    assert db.session.get(Cycle, active.id).recorder_id is None


def test_admin_archives_a_team_it_leaves_the_lists_and_takes_no_new_people(
    client_for, school, make_user
):
    admin = client_for(school.admin)
    url = f"/api/v1/teams/{school.team.id}"
    assert client_for(school.teacher).patch(url, json={"archived": True}).status_code == 403
    archived = admin.patch(url, json={"archived": True, "name": "Grade 7 Science (2025)"})
    assert archived.status_code == 200
    assert archived.get_json()["archived"] is True
    assert archived.get_json()["name"] == "Grade 7 Science (2025)"
    assert admin.get("/api/v1/teams").get_json() == []
    assert [t["id"] for t in admin.get("/api/v1/teams?archived=true").get_json()] == [
        school.team.id
    ]
    assert client_for(school.coach).get("/api/v1/coach/dashboard").get_json() == []
    newcomer = make_user(school.org)
    added = admin.post(f"{url}/members", json={"user_id": newcomer.id, "role": "student"})
    assert added.status_code == 409
    coach = admin.post(f"{url}/coaches", json={"user_id": newcomer.id})
    assert coach.status_code == 409
    assert len(admin.get(f"{url}/members").get_json()) == 5
    restored = admin.patch(url, json={"archived": False})
    assert restored.get_json()["archived"] is False
    assert (
        admin.post(f"{url}/members", json={"user_id": newcomer.id, "role": "student"}).status_code
        == 201
    )
