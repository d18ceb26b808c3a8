from sqlalchemy import func, select

from api.extensions import db
from api.idempotency import IdempotencyRecord
from api.roster.models import TeamExternalId
from api.teams.models import Membership
from api.users.models import ExternalIdentity
from tests.integrations.client_helpers import machine_for


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def batch_url(school) -> str:
    return f"/api/v1/organizations/{school.org.id}/roster/batch"


GOOD_AND_BAD = [
    {"op": "upsert_team", "source": "canvas", "external_id": "sec-1", "name": "Biology 9A"},
    {"op": "upsert_user", "source": "canvas", "external_id": "u-1", "display_name": "Ada"},
    {"op": "upsert_user", "source": "canvas", "external_id": "u-2"},
    {
        "op": "upsert_user",
        "source": "canvas",
        "external_id": "u-3",
        "display_name": "Bo",
        "email": "not-an-email",
    },
    {
        "op": "upsert_membership",
        "source": "canvas",
        "team_external_id": "sec-1",
        "user_external_id": "u-1",
        "role": "student",
    },
    {
        "op": "upsert_membership",
        "source": "canvas",
        "team_external_id": "sec-1",
        "user_external_id": "ghost",
        "role": "student",
    },
    {
        "op": "upsert_team",
        "source": "canvas",
        "external_id": "sec-2",
        "name": "Art",
        "role": "teacher",
    },
]


def test_a_batch_lands_its_good_rows_and_says_why_the_bad_ones_failed(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.post(batch_url(school), json={"operations": GOOD_AND_BAD})
    assert response.status_code == 200
    body = response.get_json()
    statuses = [row["status"] for row in body["results"]]
    assert statuses == ["created", "created", "error", "error", "created", "error", "error"]
    assert body["counts"] == {"created": 3, "error": 4}
    assert [row["index"] for row in body["results"]] == list(range(7))
    assert body["results"][2]["errors"] == {"display_name": ["Needed for upsert_user."]}
    assert "email" in body["results"][3]["errors"]
    assert "user_external_id" in body["results"][5]["errors"]
    assert body["results"][6]["errors"] == {"role": ["Not used by upsert_team."]}
    assert count(ExternalIdentity) == 1
    assert count(TeamExternalId) == 1
    team_id = body["results"][0]["id"]
    assert (
        db.session.scalar(select(func.count(Membership.id)).where(Membership.team_id == team_id))
        == 1
    )


def test_the_same_batch_again_changes_nothing(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    operations = GOOD_AND_BAD[:2]
    machine.post(batch_url(school), json={"operations": operations})
    again = machine.post(batch_url(school), json={"operations": operations}).get_json()
    assert again["counts"] == {"unchanged": 2}


def test_a_malformed_batch_is_refused_whole(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    response = machine.post(
        batch_url(school),
        json={"operations": [GOOD_AND_BAD[0], {"op": "explode", "source": "canvas"}]},
    )
    assert response.status_code == 422
    assert "1" in response.get_json()["errors"]["operations"]
    assert count(TeamExternalId) == 0
    assert machine.post(batch_url(school), json={"operations": []}).status_code == 422


def test_a_replayed_idempotency_key_returns_the_first_response_without_a_second_write(
    app, client_for, school
):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    operations = [GOOD_AND_BAD[0], GOOD_AND_BAD[1]]
    headers = {"Idempotency-Key": "sync-2026-11-24"}
    first = machine.post(batch_url(school), json={"operations": operations}, headers=headers)
    # The team is renamed in the LMS meanwhile; a replay must not apply anything again.
    db.session.execute(select(TeamExternalId)).scalar_one().team.name = "Renamed"
    db.session.commit()
    replay = machine.post(batch_url(school), json={"operations": operations}, headers=headers)
    assert replay.status_code == 200
    assert replay.get_json() == first.get_json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert db.session.execute(select(TeamExternalId)).scalar_one().team.name == "Renamed"
    assert count(IdempotencyRecord) == 1


def test_the_same_idempotency_key_with_another_body_is_refused(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    headers = {"Idempotency-Key": "sync-1"}
    machine.post(batch_url(school), json={"operations": [GOOD_AND_BAD[0]]}, headers=headers)
    response = machine.post(
        batch_url(school), json={"operations": [GOOD_AND_BAD[1]]}, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["detail"] == (
        "This Idempotency-Key was used with a different request."
    )
    assert count(ExternalIdentity) == 0


def test_idempotency_keys_belong_to_their_caller(app, client_for, school):
    admin = client_for(school.admin)
    first, second = machine_for(app, admin, school.org.id), machine_for(app, admin, school.org.id)
    headers = {"Idempotency-Key": "shared-name"}
    first.post(batch_url(school), json={"operations": [GOOD_AND_BAD[0]]}, headers=headers)
    other = second.post(batch_url(school), json={"operations": [GOOD_AND_BAD[1]]}, headers=headers)
    assert other.status_code == 200
    assert "Idempotent-Replayed" not in other.headers
    assert count(ExternalIdentity) == 1


def test_a_refused_request_does_not_use_up_its_idempotency_key(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    headers = {"Idempotency-Key": "k-1"}
    refused = machine.post(batch_url(school), json={"operations": []}, headers=headers)
    assert refused.status_code == 422
    assert count(IdempotencyRecord) == 0
    body = {"operations": [GOOD_AND_BAD[0]]}
    assert machine.post(batch_url(school), json=body, headers=headers).status_code == 200
    assert count(IdempotencyRecord) == 1


def test_one_unknown_role_fails_its_row_only(app, client_for, school):
    machine = machine_for(app, client_for(school.admin), school.org.id)
    operations = [
        {"op": "upsert_team", "source": "canvas", "external_id": "sec-1", "name": "7B"},
        {"op": "upsert_user", "source": "canvas", "external_id": "u-1", "display_name": "Ada"},
        {"op": "upsert_user", "source": "canvas", "external_id": "u-2", "display_name": "Bo"},
        {
            "op": "upsert_membership",
            "source": "canvas",
            "team_external_id": "sec-1",
            "user_external_id": "u-1",
            "role": "aide",
        },
        {
            "op": "upsert_membership",
            "source": "canvas",
            "team_external_id": "sec-1",
            "user_external_id": "u-2",
            "role": "student",
        },
    ]
    response = machine.post(batch_url(school), json={"operations": operations})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [row["status"] for row in results] == [
        "created",
        "created",
        "created",
        "error",
        "created",
    ]
    assert "role" in results[3]["errors"]
