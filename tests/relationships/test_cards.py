"""Get to know each other: a student's card for them and their teachers; a teacher's card
for their students."""

from __future__ import annotations


def test_a_student_writes_a_card_their_teachers_read_and_no_one_else(
    client_for, school, make_user, make_team
):
    sam = client_for(school.student)
    saved = sam.put(
        "/api/v1/me/get-to-know-me",
        json={
            "interests": "Chess, drawing",
            "helps_me_learn": "Examples first",
            "want_teacher_to_know": "I get nervous reading aloud",
        },
    )
    assert saved.status_code == 200, saved.get_json()
    assert sam.get("/api/v1/me/get-to-know-me").get_json()["interests"] == "Chess, drawing"
    cards = client_for(school.teacher).get(f"/api/v1/teams/{school.team.id}/student-cards")
    by_name = {entry["person"]["display_name"]: entry["card"] for entry in cards.get_json()}
    assert by_name["Sam Student"]["helps_me_learn"] == "Examples first"
    assert by_name["Priya Shah"] is None
    for who, status in (
        (school.student, 403),
        (school.coach, 403),
        (school.admin, 403),
        (school.outsider, 404),
    ):
        response = client_for(who).get(f"/api/v1/teams/{school.team.id}/student-cards")
        assert response.status_code == status
        assert "nervous" not in response.get_data(as_text=True)
    # A teacher of another class of the school does not see it either.
    stranger = make_user(school.org)
    make_team(school.org, teachers=[stranger])
    assert (
        client_for(stranger).get(f"/api/v1/teams/{school.team.id}/student-cards").status_code == 404
    )


def test_a_teacher_writes_an_about_me_card_their_students_read(client_for, school):
    teacher = client_for(school.teacher)
    saved = teacher.put(
        "/api/v1/me/about-me",
        json={"about_me": "I grew up by the sea", "ask_me_about": "Rock pools"},
    )
    assert saved.status_code == 200
    listed = client_for(school.student).get(f"/api/v1/teams/{school.team.id}/teacher-cards")
    cards = {entry["person"]["display_name"]: entry["card"] for entry in listed.get_json()}
    assert cards["Taylor Teacher"]["ask_me_about"] == "Rock pools"
    assert cards["Morgan Reyes"] is None
    assert (
        client_for(school.coach).get(f"/api/v1/teams/{school.team.id}/teacher-cards").status_code
        == 403
    )


def test_cards_are_for_their_roles(client_for, school):
    assert (
        client_for(school.teacher)
        .put("/api/v1/me/get-to-know-me", json={"interests": "x"})
        .status_code
        == 403
    )
    assert (
        client_for(school.student).put("/api/v1/me/about-me", json={"about_me": "x"}).status_code
        == 403
    )
    too_long = client_for(school.student).put(
        "/api/v1/me/get-to-know-me", json={"interests": "x" * 1001}
    )
    assert too_long.status_code == 422
