def test_health_answers_ok_without_signing_in(anonymous, app):
    response = anonymous.get("/api/v1/health")
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok"}
    if app.config["REDIS_URL"]:  # the services pass: Redis is checked too
        expected["redis"] = "ok"
    assert response.get_json() == expected


def test_unknown_api_path_is_a_problem_document(anonymous):
    response = anonymous.get("/api/v1/health/nope")
    assert response.status_code in (401, 404)
    assert response.mimetype == "application/problem+json"
