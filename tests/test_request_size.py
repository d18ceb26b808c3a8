"""Request bodies have a size limit everywhere; evidence uploads have their own, larger one."""

import io


def test_a_body_over_the_limit_gets_413_problem_json_and_changes_nothing(
    app, client_for, school, monkeypatch
):
    assert 0 < app.config["MAX_CONTENT_LENGTH"] < app.config["MAX_UPLOAD_BYTES"]
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    teacher = client_for(school.teacher)
    response = teacher.patch(f"/api/v1/teams/{school.team.id}", json={"description": "x" * 5000})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert teacher.get(f"/api/v1/teams/{school.team.id}").get_json()["description"] == ""


def test_evidence_uploads_keep_their_own_larger_limit(
    app, client_for, make_cycle, school, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    cycle = make_cycle(school.team, state="evidence", facilitators=[school.teacher])
    response = client_for(school.teacher).post(
        f"/api/v1/cycles/{cycle.id}/evidence",
        data={
            "title": "Exit tickets",
            "kind": "exit_ticket",
            "file": (io.BytesIO(b"Most named one strategy.\n" * 400), "tickets.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
