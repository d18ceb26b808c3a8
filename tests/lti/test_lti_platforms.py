"""Organization admins register LMS platforms for LTI 1.3; bad details store nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from api.extensions import db
from api.lti.models import LtiPlatform
from tests.lti.test_lti_launch import PLATFORM_PUBLIC_KEY


def platforms_url(school) -> str:
    return f"/api/v1/organizations/{school.org.id}/lti/platforms"


def registration(**changes) -> dict:
    return {
        "name": "Moodle",
        "issuer": "https://moodle.school.example",
        "client_id": "abc123",
        "deployment_ids": ["1"],
        "auth_login_url": "https://moodle.school.example/mod/lti/auth.php",
        "auth_token_url": "https://moodle.school.example/mod/lti/token.php",
        "jwks_url": "https://moodle.school.example/mod/lti/certs.php",
        **changes,
    }


def platform_count() -> int:
    return db.session.scalar(select(func.count()).select_from(LtiPlatform))


def test_admin_registers_a_platform_and_sees_the_tool_urls_to_give_it(client_for, school):
    admin = client_for(school.admin)
    response = admin.post(platforms_url(school), json=registration())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["tool"]["login_initiation_url"].endswith("/lti/login")
    assert body["tool"]["redirect_uri"].endswith("/lti/launch")
    assert body["tool"]["jwks_url"].endswith("/lti/jwks")
    listed = admin.get(platforms_url(school))
    assert [p["id"] for p in listed.get_json()] == [body["id"]]
    changed = admin.patch(
        f"{platforms_url(school)}/{body['id']}", json={"deployment_ids": ["1", "2"]}
    )
    assert changed.get_json()["deployment_ids"] == ["1", "2"]
    assert admin.delete(f"{platforms_url(school)}/{body['id']}").status_code == 204
    assert platform_count() == 0


def test_bad_platform_details_are_refused_with_field_errors(client_for, school):
    admin = client_for(school.admin)
    cases = [
        (registration(jwks_url=None), "jwks_url"),
        (registration(jwks_url=None, public_key="not a key"), "public_key"),
        (registration(auth_login_url="javascript:alert(1)"), "auth_login_url"),
        (registration(deployment_ids=[" "]), "deployment_ids"),
    ]
    for body, field in cases:
        response = admin.post(platforms_url(school), json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], response.get_json()
    assert admin.post(platforms_url(school), json={"name": "x"}).status_code == 422
    assert platform_count() == 0


def test_the_same_issuer_and_client_id_cannot_be_registered_twice(client_for, school):
    admin = client_for(school.admin)
    assert admin.post(platforms_url(school), json=registration()).status_code == 201
    again = admin.post(platforms_url(school), json=registration(public_key=PLATFORM_PUBLIC_KEY))
    assert again.status_code == 422
    assert "client_id" in again.get_json()["errors"]
    assert platform_count() == 1


def test_only_admins_manage_platforms_and_outsiders_get_404(client_for, school):
    created = client_for(school.admin).post(platforms_url(school), json=registration())
    url = f"{platforms_url(school)}/{created.get_json()['id']}"
    assert client_for(school.teacher).get(url).status_code == 403
    assert (
        client_for(school.teacher).post(platforms_url(school), json=registration()).status_code
        == 403
    )
    outsider = client_for(school.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(platforms_url(school)).status_code == 404
    platform_id = created.get_json()["id"]
    theirs = f"/api/v1/organizations/{school.outsider_org.id}/lti/platforms/{platform_id}"
    assert outsider.delete(theirs).status_code == 404
    assert platform_count() == 1
