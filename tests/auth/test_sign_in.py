from api.extensions import db
from api.passwords import verify_password
from api.users.models import User
from tests.support.client import PASSWORD, ApiClient


def test_teacher_signs_in_with_email_and_sees_who_they_are(anonymous, school):
    response = anonymous.post(
        "/api/v1/auth/session", json={"login": school.teacher.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["display_name"] == "Taylor Teacher"
    assert body["organizations"] == [
        {"id": school.org.id, "name": "Maple Grove", "is_admin": False}
    ]
    me = anonymous.get("/api/v1/me").get_json()
    assert me["id"] == school.teacher.id


def test_student_without_email_signs_in_with_username(anonymous, school):
    anonymous.sign_in("sam")
    assert anonymous.get("/api/v1/me").get_json()["username"] == "sam"


def test_session_cookie_is_httponly_and_samesite(anonymous, school):
    response = anonymous.post("/api/v1/auth/session", json={"login": "sam", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_wrong_password_is_401_problem_with_a_kind_message(anonymous, school):
    response = anonymous.post("/api/v1/auth/session", json={"login": "sam", "password": "nope"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert "Check your email or username" in response.get_json()["detail"]
    assert anonymous.get("/api/v1/me").status_code == 401


def test_unknown_account_gets_the_same_answer_as_a_wrong_password(anonymous, school):
    unknown = anonymous.post("/api/v1/auth/session", json={"login": "ghost", "password": "x" * 9})
    wrong = anonymous.post("/api/v1/auth/session", json={"login": "sam", "password": "x" * 9})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_json()["detail"] == wrong.get_json()["detail"]


def test_ten_wrong_passwords_then_the_account_is_slowed_down_for_that_client(app, school):
    client = ApiClient(app)
    statuses = [
        client.post(
            "/api/v1/auth/session", json={"login": "sam", "password": f"wrong{i}"}
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # Even the right password waits now: guessing cannot continue.
    blocked = client.post("/api/v1/auth/session", json={"login": "sam", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/problem+json"
    assert "wait" in blocked.get_json()["detail"]


def test_failed_sign_ins_from_one_address_do_not_block_another_account(app, school):
    client = ApiClient(app)
    for i in range(10):
        client.post("/api/v1/auth/session", json={"login": "sam", "password": f"wrong{i}"})
    other = client.post("/api/v1/auth/session", json={"login": "priya", "password": PASSWORD})
    assert other.status_code == 200


def test_successful_sign_ins_do_not_count_against_the_limit(app, school):
    client = ApiClient(app)
    for _ in range(12):
        assert (
            client.post(
                "/api/v1/auth/session", json={"login": "sam", "password": PASSWORD}
            ).status_code
            == 200
        )


def test_sign_in_renews_the_session_and_csrf_token(anonymous, school):
    before = anonymous.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    anonymous.csrf = before
    after = anonymous.post(
        "/api/v1/auth/session", json={"login": "sam", "password": PASSWORD}
    ).get_json()["csrf_token"]
    assert after != before


def test_sign_out_ends_the_session(anonymous, school):
    anonymous.sign_in("sam")
    assert anonymous.delete("/api/v1/auth/session").status_code == 204
    assert anonymous.get("/api/v1/me").status_code == 401


def test_changes_without_csrf_token_are_refused(anonymous, school):
    anonymous.sign_in(school.admin.email)
    response = anonymous.client.patch(
        f"/api/v1/organizations/{school.org.id}",
        json={"name": "Forged"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert response.status_code == 403
    assert "security token" in response.get_json()["detail"]
    assert anonymous.get("/api/v1/organizations").get_json()[0]["name"] == "Maple Grove"


def test_passwords_are_stored_as_argon2_hashes(database, school):
    stored = db.session.get(User, school.teacher.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert verify_password(stored, PASSWORD)


def test_malformed_sign_in_body_is_a_4xx_problem(anonymous, school):
    response = anonymous.post(
        "/api/v1/auth/session", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    missing = anonymous.post("/api/v1/auth/session", json={"login": "sam"})
    assert missing.status_code == 422
    assert "password" in missing.get_json()["errors"]


def test_reads_do_not_resend_the_session_cookie_so_sign_out_sticks(anonymous, school):
    anonymous.sign_in("sam")
    anonymous.get("/api/v1/auth/csrf")
    in_flight = anonymous.get("/api/v1/me")
    assert in_flight.status_code == 200
    # A request that was on its way during sign-out must not bring the old session back.
    assert "Set-Cookie" not in in_flight.headers
