"""Anonymity that holds: try every way of tying an answer back to a person, and fail."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import DateTime, Time, select

from api.activity.models import ActivityEntry
from api.extensions import db
from api.teams.models import Membership, Role
from api.trust.models import TrustAnswer, TrustReceipt, TrustResponse
from tests.trust.trust_helpers import by_component

#: three people with answers and comments that would give them away if order leaked
SAM = by_component(respect=1, personal_regard=2, competence=3, integrity=4)
PRIYA = by_component(respect=5, personal_regard=5, competence=5, integrity=5)
LEO = by_component(respect=3, personal_regard=1, competence=2, integrity=1)
COMMENTS = {"sam": "zebra crossings feel safer", "priya": "apples every day",
            "leo": "middle of the road"}


def everything_a_viewer_can_read(client, team_id: str, survey_id: str) -> dict:
    paths = [
        f"/api/v1/trust-surveys/{survey_id}",
        f"/api/v1/trust-surveys/{survey_id}/results",
        f"/api/v1/teams/{team_id}/trust-surveys",
        f"/api/v1/teams/{team_id}/trust-trend",
        f"/api/v1/teams/{team_id}/trust-results.csv",
        f"/api/v1/teams/{team_id}/activity",
    ]
    return {path: client.get(path).get_data(as_text=True) for path in paths}


def test_response_rows_carry_no_user_and_no_time():
    for table in (TrustResponse.__table__, TrustAnswer.__table__, TrustReceipt.__table__):
        for column in table.columns:
            assert not isinstance(column.type, DateTime | Time), f"{table.name}.{column.name}"
            assert column.type.python_type not in (date, datetime), f"{table.name}.{column.name}"
    response_columns = set(TrustResponse.__table__.columns.keys())
    assert response_columns == {"id", "survey_id", "role_group", "comment"}
    assert not any(fk.column.table.name == "users" for fk in TrustResponse.__table__.foreign_keys)
    # The receipt says who answered, and nothing about what.
    assert set(TrustReceipt.__table__.columns.keys()) == {"survey_id", "user_id"}


def test_response_ids_are_random_and_say_nothing_about_order(answer, school, make_survey):
    survey = make_survey(school.team)
    for student, answers in zip(school.students, (SAM, PRIYA, LEO), strict=True):
        assert answer(student, survey, answers).status_code == 201
    ids = db.session.scalars(select(TrustResponse.id)).all()
    assert len(set(ids)) == 3 and all(len(i) == 24 for i in ids)
    int(ids[0], 16)  # hex from secrets, not a sequence or a timestamp-based id


def test_a_viewer_cannot_tie_any_answer_to_the_person_who_gave_it(
    answer, client_for, school, make_survey, make_team, make_org
):
    """The same three answers given in two different orders produce byte-identical results;
    nothing any viewer — admin, coach or teacher — can read mentions a response id, a receipt,
    or lists comments in the order they came in."""
    sam, priya, leo = school.students
    people = {"sam": (sam, SAM), "priya": (priya, PRIYA), "leo": (leo, LEO)}
    # Same team shape twice so the two surveys differ only in the order people answered.
    first = make_survey(school.team, period="First")
    second_team = make_team(school.org, teachers=[school.teacher], students=school.students,
                            coaches=[school.coach])
    second = make_survey(second_team, period="First")
    for order, survey in ((["sam", "priya", "leo"], first), (["leo", "sam", "priya"], second)):
        for name in order:
            user, answers = people[name]
            assert answer(user, survey, answers, comment=COMMENTS[name]).status_code == 201

    viewers = [client_for(school.admin), client_for(school.coach), client_for(school.teacher)]
    results = [viewers[0].get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()
               for survey in (first, second)]
    for body in results:
        for key in ("survey_id", "team_id"):
            body.pop(key)
    assert results[0] == results[1], "results depend on who answered first"
    assert results[0]["comments"] == sorted(COMMENTS.values())

    response_ids = db.session.scalars(select(TrustResponse.id)).all()
    user_ids = [sam.id, priya.id, leo.id]
    for viewer in viewers:
        for survey, team_id in ((first, school.team.id), (second, second_team.id)):
            readable = everything_a_viewer_can_read(viewer, team_id, survey.id)
            for path, text in readable.items():
                for response_id in response_ids:
                    assert response_id not in text, f"{path} shows a response id"
                for user_id in user_ids:
                    assert user_id not in text, f"{path} shows who answered"
    # Answering leaves no trace in the activity feed, which does carry names and times.
    verbs = db.session.scalars(select(ActivityEntry.verb)).all()
    assert not [verb for verb in verbs if "respon" in verb or "answer" in verb]


def test_no_endpoint_shows_one_persons_scores(answer, client_for, school, make_survey):
    survey = make_survey(school.team)
    for student, answers in zip(school.students, (SAM, PRIYA, LEO), strict=True):
        answer(student, survey, answers)
    body = client_for(school.admin).get(f"/api/v1/trust-surveys/{survey.id}/results").get_json()
    respect = body["components"][0]
    # Only the mean and the pooled distribution: 1, 5 and 3 each three times (three statements).
    assert respect["mean"] == 3.0
    assert [bucket["count"] for bucket in respect["distribution"]] == [3, 0, 3, 0, 3]
    text = json.dumps(body)
    for forbidden in ("response_id", "\"responses\"", "user", "created_at", "submitted"):
        assert forbidden not in text


def test_results_are_withheld_until_three_people_answer(answer, client_for, school,
                                                         make_survey):
    survey = make_survey(school.team)
    coach = client_for(school.coach)
    url = f"/api/v1/trust-surveys/{survey.id}/results"
    for count, (student, answers) in enumerate(zip(school.students[:2], (SAM, PRIYA),
                                                   strict=True), start=1):
        answer(student, survey, answers, comment=f"comment {count}")
        body = coach.get(url).get_json()
        assert body["released"] is False
        assert body["message"] == "Results appear after 3 responses."
        assert body["response_count"] == count
        assert body["components"] == [] and body["comments"] == [] and body["groups"] == []
        csv = coach.get(f"/api/v1/teams/{school.team.id}/trust-results.csv")
        assert csv.get_data(as_text=True).count("\r\n") == 1  # the header only
        trend = coach.get(f"/api/v1/teams/{school.team.id}/trust-trend").get_json()
        assert trend["periods"][0]["released"] is False
        assert trend["periods"][0]["components"] == []

    answer(school.students[2], survey, LEO)
    body = coach.get(url).get_json()
    assert body["released"] is True and body["message"] is None
    assert [c["count"] for c in body["components"]] == [3, 3, 3, 3]


def test_a_higher_threshold_holds_results_back_longer(answer, client_for, school, make_survey):
    survey = make_survey(school.team, min_responses=4)
    for student in school.students:
        answer(student, survey)
    body = client_for(school.teacher).get(f"/api/v1/trust-surveys/{survey.id}/results")
    assert body.get_json()["released"] is False
    assert body.get_json()["message"] == "Results appear after 4 responses."
    answer(school.teacher, survey)
    assert client_for(school.teacher).get(
        f"/api/v1/trust-surveys/{survey.id}/results").get_json()["released"] is True


def test_students_and_adults_are_split_only_when_each_group_has_three(
    answer, client_for, school, make_survey, make_user
):
    survey = make_survey(school.team)
    for student, answers in zip(school.students, (SAM, PRIYA, LEO), strict=True):
        answer(student, survey, answers)
    answer(school.teacher, survey, by_component(respect=2, personal_regard=2, competence=2,
                                                integrity=2))
    url = f"/api/v1/trust-surveys/{survey.id}/results"
    body = client_for(school.teacher).get(url).get_json()
    # Four answers released, but a lone adult would be exposed by a split: none is shown.
    assert body["released"] is True and body["groups"] == []

    answer(school.teacher2, survey, by_component(respect=2, personal_regard=2, competence=2,
                                                 integrity=2))
    assert client_for(school.teacher).get(url).get_json()["groups"] == []

    third_adult = make_user(school.org)
    db.session.add(Membership(team_id=school.team.id, user_id=third_adult.id, role=Role.teacher))
    db.session.commit()
    answer(third_adult, survey, by_component(respect=2, personal_regard=2, competence=2,
                                             integrity=2))
    groups = client_for(school.teacher).get(url).get_json()["groups"]
    assert [(g["group"], g["count"]) for g in groups] == [("student", 3), ("adult", 3)]
    adults = {c["component"]: c["mean"] for c in groups[1]["components"]}
    assert adults == {"respect": 2.0, "personal_regard": 2.0, "competence": 2.0,
                      "integrity": 2.0}
