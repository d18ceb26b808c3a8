"""Anonymity that holds: the attacks tried on the old survey, played again, and failing.

- differencing: read everything a viewer can read after each answer and subtract;
- puppets: add accounts during a round and subtract their known answers;
- a database reader: join answers to receipts by row order, transaction id or time.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, text

from api.activity.models import ActivityEntry
from api.audit.models import AuditEvent
from api.db import Base
from api.extensions import db
from api.notifications.models import Notification
from api.teams.models import Membership, Role
from api.trust.models import (
    TrustComment,
    TrustEligibility,
    TrustReceipt,
    TrustResultCount,
    TrustSealedAnswer,
)
from api.trust.sealing import PADDED_SIZE
from api.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.trust.trust_helpers import TODAY, by_component, stored

#: five people whose answers would each give them away if anything leaked
SAM = by_component(respect=1, personal_regard=2, competence=3, integrity=4)
PRIYA = by_component(respect=5, personal_regard=5, competence=5, integrity=5)
LEO = by_component(respect=3, personal_regard=1, competence=2, integrity=1)
ANA = by_component(respect=1, personal_regard=1, competence=1, integrity=1)
BEN = by_component(respect=4, personal_regard=4, competence=2, integrity=3)
COMMENTS = [
    "zebra crossings feel safer",
    "apples every day",
    "middle of the road",
    "kind words matter",
    "bring snacks",
]


def five(school):
    """(person, answers, comment) for the team's five members: three students, two teachers."""
    people = [*school.students, school.teacher, school.teacher2]
    return list(zip(people, (SAM, PRIYA, LEO, ANA, BEN), COMMENTS, strict=True))


def everything_a_viewer_reads(client, team_id: str, survey_id: str) -> dict[str, str]:
    paths = [
        f"/api/v1/trust-surveys/{survey_id}",
        f"/api/v1/trust-surveys/{survey_id}/results",
        f"/api/v1/teams/{team_id}/trust-surveys",
        f"/api/v1/teams/{team_id}/trust-trend",
        f"/api/v1/teams/{team_id}/trust-results.csv",
        f"/api/v1/teams/{team_id}/activity",
        "/api/v1/coach/dashboard",
    ]
    return {path: client.get(path).get_data(as_text=True) for path in paths}


MAY_MOVE = ("response_count", "message", "can_answer", "i_have_answered")


def without_counts_of_who_answered(readings: dict[str, str]) -> dict[str, str]:
    """The readings with "how many have answered" (and the reader's own "I have answered")
    blanked: the only things allowed to move."""
    result = {}
    for path, body in readings.items():
        try:
            data = json.loads(body)
        except ValueError:
            result[path] = body
            continue

        def scrub(value):
            if isinstance(value, dict):
                return {
                    key: (None if key in MAY_MOVE else scrub(item)) for key, item in value.items()
                }
            if isinstance(value, list):
                return [scrub(item) for item in value]
            return value

        result[path] = json.dumps(scrub(data), sort_keys=True)
    return result


def test_the_differencing_attack_finds_nothing_to_subtract(
    answer, client_for, school, make_survey, make_org, make_user
):
    """Read results, CSV, trend, list, activity and the coach dashboard after the 3rd, 4th and
    5th answer: nothing derived from answers is there to subtract, only how many answered.
    After closing, every read gives the same figures, and no late answer changes them."""
    subscriber = WebhookSubscription(
        organization_id=school.org.id,
        url="https://lms.example/hook",
        secret="s" * 32,
        event_types=["survey.released"],
    )
    db.session.add(subscriber)
    db.session.commit()
    survey = make_survey(school.team)
    viewers = {
        "admin": client_for(school.admin),
        "coach": client_for(school.coach),
        "teacher": client_for(school.teacher),
    }
    snapshots = []
    for count, (person, answers, comment) in enumerate(five(school), start=1):
        assert answer(person, survey, answers, comment=comment).status_code == 201
        if count < 3:
            continue
        readings = {
            name: everything_a_viewer_reads(client, school.team.id, survey.id)
            for name, client in viewers.items()
        }
        results = json.loads(readings["coach"][f"/api/v1/trust-surveys/{survey.id}/results"])
        assert results["released"] is False and results["response_count"] == count
        assert results["components"] == [] and results["groups"] == []
        assert results["summary"] is None and results["comments"] == []
        assert f"So far {count} of 5 have answered." in results["message"]
        csv_text = readings["coach"][f"/api/v1/teams/{school.team.id}/trust-results.csv"]
        assert csv_text.count("\r\n") == 1, "the CSV has rows while the round is open"
        for body in readings["admin"].values():
            for comment_text in COMMENTS:
                assert comment_text not in body
        snapshots.append(
            {name: without_counts_of_who_answered(reading) for name, reading in readings.items()}
        )
        # Nothing told anyone anything about answers while open: no webhook, no audit entry.
        assert db.session.scalar(select(WebhookDelivery.id)) is None
    assert snapshots[0] == snapshots[1] == snapshots[2], "an answer moved something readable"
    assert db.session.scalars(select(ActivityEntry.verb)).all().count("trust.survey_closed") == 0

    closed = viewers["teacher"].post(f"/api/v1/trust-surveys/{survey.id}/close")
    assert closed.status_code == 200
    first = everything_a_viewer_reads(viewers["coach"], school.team.id, survey.id)
    results = json.loads(first[f"/api/v1/trust-surveys/{survey.id}/results"])
    assert results["released"] is True and results["response_count"] == 5
    assert results["eligible_count"] == 5
    assert sorted(results["comments"]) == results["comments"] == sorted(COMMENTS)
    # A late answer, a second close and a threshold change are all refused; reads stay equal.
    newcomer = make_user(school.org)
    db.session.add(Membership(team_id=school.team.id, user_id=newcomer.id, role=Role.student))
    db.session.commit()
    assert answer(newcomer, survey, SAM).status_code in (403, 409)
    assert viewers["teacher"].post(f"/api/v1/trust-surveys/{survey.id}/close").status_code == 200
    assert (
        viewers["teacher"]
        .patch(f"/api/v1/trust-surveys/{survey.id}", json={"min_responses": 6})
        .status_code
        == 409
    )
    again = everything_a_viewer_reads(viewers["coach"], school.team.id, survey.id)
    assert (
        again[f"/api/v1/trust-surveys/{survey.id}/results"]
        == first[f"/api/v1/trust-surveys/{survey.id}/results"]
    )
    assert (
        again[f"/api/v1/teams/{school.team.id}/trust-results.csv"]
        == first[f"/api/v1/teams/{school.team.id}/trust-results.csv"]
    )
    # One webhook, at closing, with counts only.
    payloads = db.session.scalars(select(WebhookDelivery.payload)).all()
    assert len(payloads) == 1
    payload = json.dumps(payloads[0])
    assert '"response_count": 5' in payload and "mean" not in payload
    assert not any(person.id in payload for person, _, _ in five(school))
    # No audit entry and no notification carries anything from a survey answer.
    for row in db.session.scalars(select(AuditEvent)).all():
        assert "trust_response" not in json.dumps(row.details or {})
    for title, body in db.session.execute(select(Notification.title, Notification.body)).all():
        assert not any(comment_text in f"{title} {body}" for comment_text in COMMENTS)


def test_the_puppet_attack_fails(answer, client_for, school, make_survey, make_user):
    """An admin adds two accounts to the team during a round and has them answer, to subtract
    them from the results: the accounts cannot answer, and the one real answer stays below the
    threshold, so it is set aside unread."""
    survey = make_survey(school.team)
    assert answer(school.student, survey, SAM).status_code == 201
    admin = client_for(school.admin)
    puppets = [make_user(school.org) for _ in range(2)]
    for puppet in puppets:
        added = admin.post(
            f"/api/v1/teams/{school.team.id}/members",
            json={"user_id": puppet.id, "role": "student"},
        )
        assert added.status_code in (200, 201), added.get_json()
    before = stored()
    for puppet in puppets:
        refused = answer(puppet, survey, PRIYA)
        assert refused.status_code == 403
        assert refused.mimetype == "application/problem+json"
        assert "after this round opened" in refused.get_json()["detail"]
        shown = client_for(puppet).get(f"/api/v1/trust-surveys/{survey.id}").get_json()
        assert shown["can_answer"] is False and shown["i_am_eligible"] is False
    assert stored() == before
    # A role changed mid-round does not move anyone between students and adults either.
    db.session.execute(
        Membership.__table__.update()
        .where(Membership.user_id == school.students[1].id, Membership.team_id == school.team.id)
        .values(role=Role.teacher)
    )
    db.session.commit()
    group = db.session.scalar(
        select(TrustEligibility.role_group).where(
            TrustEligibility.survey_id == survey.id,
            TrustEligibility.user_id == school.students[1].id,
        )
    )
    assert group.value == "student"

    admin.post(f"/api/v1/trust-surveys/{survey.id}/close")
    results = admin.get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()
    assert results["released"] is False and results["components"] == []
    assert results["eligible_count"] == 5 and results["response_count"] == 1
    assert "Only 1 of 5 answered" in results["message"]
    assert stored() == (0, 0, 1), "a set-aside answer left something behind"


def everything_stored() -> str:
    """Every row of every table, as text."""
    return "\n".join(
        repr(db.session.execute(select(table)).all()) for table in Base.metadata.sorted_tables
    )


def written_by(transactions: set[str]) -> set[str]:
    """PostgreSQL: the tables holding a row written by one of these transactions."""
    return {
        table.name
        for table in Base.metadata.sorted_tables
        if db.session.execute(
            text(
                f"SELECT 1 FROM {table.name} WHERE xmin::text = ANY(:ids) LIMIT 1"  # noqa: S608
            ),
            {"ids": list(transactions)},
        ).first()
    }


def _physical(table: str, order: str, columns: str) -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(text(f"SELECT {columns} FROM {table} ORDER BY {order}")).all()
    ]  # noqa: S608


def test_a_database_reader_cannot_join_an_answer_to_a_person(
    answer, school, make_survey, make_team, close
):
    """Every table an answer touches, read the way a database reader would: on SQLite by rowid
    (insertion order), on PostgreSQL by ctid (physical order) and xmin (the writing transaction).

    While open: the sealed answers are all one size and hold nothing readable. After closing:
    no sealed answer is left, the counts and comments are in key and text order, all written by
    the closing transaction and none by an answer's — and the same answers given in the opposite
    order leave the very same rows in the very same order."""
    postgres = db.engine.dialect.name == "postgresql"
    physical = "ctid" if postgres else "rowid"
    writer = "xmin::text" if postgres else "0"
    twin_team = make_team(
        school.org, teachers=[school.teacher, school.teacher2], students=school.students
    )
    forward = make_survey(school.team, period="Forward")
    backward = make_survey(twin_team, period="Backward")
    for survey, people in ((forward, five(school)), (backward, list(reversed(five(school))))):
        for person, answers, comment in people:
            assert answer(person, survey, answers, comment=comment).status_code == 201

    sealed = _physical("trust_sealed_answers", physical, f"sealed, {writer}")
    assert len(sealed) == 10
    assert {len(bytes(row[0])) for row in sealed} == {12 + PADDED_SIZE + 16}, "sizes differ"
    for row in sealed:
        blob = bytes(row[0])
        for comment_text in COMMENTS:
            assert comment_text.encode() not in blob
        assert b"respect" not in blob and b"student" not in blob

    receipt_writers = {row[0] for row in _physical("trust_receipts", physical, writer)}
    # Every table, read whole: no comment is stored readably anywhere while the rounds are open.
    dump = everything_stored()
    assert not [comment for comment in COMMENTS if comment in dump]
    if postgres:
        assert written_by(receipt_writers) == {"trust_receipts", "trust_sealed_answers"}
    if postgres:
        # The reader's join works on held answers (each is written beside its receipt) — which
        # is why what they hold is sealed, and why they are gone once the round closes.
        assert {row[1] for row in sealed} == receipt_writers and len(receipt_writers) == 10
    close(forward)
    close(backward)
    assert _physical("trust_sealed_answers", physical, "id") == []

    def kept(survey) -> tuple[list[tuple], list[tuple]]:
        counts = [
            row
            for row in _physical(
                "trust_result_counts",
                physical,
                f"survey_id, result_group, item, score, count, {writer}",
            )
            if row[0] == survey.id
        ]
        comments = [
            row
            for row in _physical("trust_comments", physical, f"survey_id, body, {writer}")
            if row[0] == survey.id
        ]
        return counts, comments

    forward_counts, forward_comments = kept(forward)
    backward_counts, backward_comments = kept(backward)
    # Physical order is the order of the keys, whoever answered first.
    assert [row[1:4] for row in forward_counts] == sorted(row[1:4] for row in forward_counts)
    assert [row[1] for row in forward_comments] == sorted(COMMENTS)
    assert [row[1:5] for row in forward_counts] == [row[1:5] for row in backward_counts]
    assert [row[1] for row in forward_comments] == [row[1] for row in backward_comments]
    if postgres:
        # After closing, the answers' transactions have left nothing but the receipts.
        assert written_by(receipt_writers) == {"trust_receipts"}
        writers = {row[-1] for row in forward_counts + forward_comments}
        assert len(writers) == 1, "the counts were written by more than one transaction"
        assert not writers & receipt_writers, "a count was written by an answer's transaction"
    # No per-person row is left at all, and nothing kept has a time or a person in it.
    for model in (TrustResultCount, TrustComment):
        columns = set(model.__table__.columns.keys())
        assert not columns & {"user_id", "created_at", "updated_at", "answered_at"}, model
        assert not any(fk.column.table.name == "users" for fk in model.__table__.foreign_keys)
    assert set(TrustReceipt.__table__.columns.keys()) == {"survey_id", "user_id"}
    assert set(TrustSealedAnswer.__table__.columns.keys()) == {"id", "survey_id", "sealed"}
    # The rounds record when they closed, once, not when anyone answered.
    for survey in (forward, backward):
        db.session.refresh(survey)
        assert survey.response_count == 5 and survey.opened_at <= survey.closed_at


def test_a_round_that_closes_below_its_threshold_keeps_nothing_of_its_answers(
    answer, client_for, school, make_survey
):
    survey = make_survey(school.team, closes_on=TODAY + timedelta(days=3))
    for person, answers, comment in five(school)[:2]:
        answer(person, survey, answers, comment=comment)
    client_for(school.teacher).post(f"/api/v1/trust-surveys/{survey.id}/close")
    assert stored() == (0, 0, 2)
    assert db.session.scalar(select(TrustComment.id)) is None
    db.session.refresh(survey)
    assert survey.results_released is False and survey.response_count == 2


def test_a_persons_privacy_export_names_their_rounds_only_to_them(
    answer, client_for, school, make_survey
):
    """An admin reading someone else's export alongside results must not learn which rounds
    they answered; the person reading their own export does."""
    import io
    import zipfile

    db.session.add(Membership(team_id=school.team.id, user_id=school.admin.id, role=Role.teacher))
    db.session.commit()
    survey = make_survey(school.team)
    answer(school.student, survey)
    answer(school.admin, survey)

    def document(actor, person):
        response = client_for(actor).post(
            f"/api/v1/organizations/{school.org.id}/people/{person.id}/privacy-export"
        )
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            return json.loads(archive.read("person.json"))

    theirs = document(school.admin, school.student)["trust"]
    assert theirs["surveys_answered"] is None
    assert survey.id not in json.dumps(theirs)
    assert "only to the person" in theirs["about_survey_answers"]
    mine = document(school.admin, school.admin)["trust"]
    assert [row["survey_id"] for row in mine["surveys_answered"]] == [survey.id]


def test_answering_keeps_no_fingerprint_of_the_request(app):
    """An Idempotency-Key record keeps a hash of the request body with the caller: twelve
    scores from 1 to 5 are few enough to try every one, so answering must never keep one."""
    view = app.view_functions["trust.submit_response"]
    assert not getattr(view, "idempotent", False)
