"""Opening, answering and closing trust surveys, and every kind of bad answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from api.extensions import db
from api.trust.models import TrustReceipt, TrustSurvey
from tests.trust.trust_helpers import TODAY, scores, stored


def survey_count() -> int:
    return db.session.scalar(select(func.count(TrustSurvey.id)))


def test_teacher_opens_a_survey_that_opens_today_and_students_see_it(client_for, school):
    teacher = client_for(school.teacher)
    created = teacher.post(
        f"/api/v1/teams/{school.team.id}/trust-surveys",
        json={"period": "Autumn 2026", "closes_on": (TODAY + timedelta(days=7)).isoformat()},
    )
    assert created.status_code == 201, created.get_json()
    survey = created.get_json()
    assert survey["opens_on"] == TODAY.isoformat()
    assert survey["status"] == "open"
    assert survey["min_responses"] == 3
    assert survey["response_count"] == 0

    student = client_for(school.student)
    listed = student.get(f"/api/v1/teams/{school.team.id}/trust-surveys?status=open").get_json()
    assert [s["id"] for s in listed] == [survey["id"]]
    mine = student.get(f"/api/v1/trust-surveys/{survey['id']}").get_json()
    assert mine["can_answer"] is True and mine["i_have_answered"] is False


def test_the_questions_cover_four_components_with_three_statements_each(client_for, school):
    questions = client_for(school.student).get("/api/v1/trust-questions").get_json()
    assert [q["component"] for q in questions] == [
        "respect",
        "personal_regard",
        "competence",
        "integrity",
    ]
    assert all(len(q["items"]) == 3 for q in questions)
    assert "disagreements" in questions[0]["items"][2]["prompt"]
    assert [q["label"] for q in questions] == [
        "Mutual respect",
        "Personal regard",
        "Competence in core responsibilities",
        "Integrity",
    ]
    assert all(q["definition"] for q in questions)


def test_students_get_their_own_words_for_the_same_statements(client_for, school):
    adult = client_for(school.teacher).get("/api/v1/trust-questions").get_json()
    student = client_for(school.student).get("/api/v1/trust-questions?version=student")
    student = student.get_json()
    adult_items = [item for q in adult for item in q["items"]]
    student_items = [item for q in student for item in q["items"]]
    assert [i["key"] for i in student_items] == [i["key"] for i in adult_items]
    assert all(s["prompt"] != a["prompt"] for s, a in zip(student_items, adult_items, strict=True))
    # One idea each: no "and" joining two, and short.
    assert not [i["prompt"] for i in student_items if " and " in i["prompt"]]
    assert max(len(i["prompt"].split()) for i in student_items) <= 14
    assert [q["label"] for q in student] == [q["label"] for q in adult]
    assert (
        client_for(school.student).get("/api/v1/trust-questions?version=child").status_code == 422
    )
    survey = (
        client_for(school.teacher)
        .post(
            f"/api/v1/teams/{school.team.id}/trust-surveys",
            json={"period": "Now", "closes_on": TODAY.isoformat()},
        )
        .get_json()
    )
    mine = client_for(school.student).get(f"/api/v1/trust-surveys/{survey['id']}").get_json()
    assert mine["my_version"] == "student"
    theirs = client_for(school.teacher).get(f"/api/v1/trust-surveys/{survey['id']}").get_json()
    assert theirs["my_version"] == "adult"


def test_students_and_coaches_cannot_open_a_survey(client_for, school):
    before = survey_count()
    for who in (school.student, school.coach):
        refused = client_for(who).post(
            f"/api/v1/teams/{school.team.id}/trust-surveys",
            json={"period": "Spring", "closes_on": TODAY.isoformat()},
        )
        assert refused.status_code == 403
    assert survey_count() == before


def test_an_admin_opens_a_survey_for_a_team_they_are_not_on(client_for, school):
    created = client_for(school.admin).post(
        f"/api/v1/teams/{school.team.id}/trust-surveys",
        json={"period": "Spring", "closes_on": TODAY.isoformat()},
    )
    assert created.status_code == 201


def test_a_teacher_cannot_open_a_survey_for_another_schools_team(client_for, school, make_team):
    elsewhere = make_team(school.outsider_org)
    before = survey_count()
    refused = client_for(school.teacher).post(
        f"/api/v1/teams/{elsewhere.id}/trust-surveys",
        json={"period": "Spring", "closes_on": TODAY.isoformat()},
    )
    assert refused.status_code == 404
    assert survey_count() == before


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        (
            {
                "period": "Spring",
                "opens_on": TODAY.isoformat(),
                "closes_on": (TODAY - timedelta(days=1)).isoformat(),
            },
            "closes_on",
            422,
        ),
        (
            {"period": "Spring", "closes_on": TODAY.isoformat(), "min_responses": 2},
            "min_responses",
            422,
        ),
        ({"period": "", "closes_on": TODAY.isoformat()}, "period", 422),
        ({"period": "Spring"}, "closes_on", 422),
        ({"period": "Spring", "closes_on": TODAY.isoformat(), "user_id": "x"}, "user_id", 422),
    ],
)
def test_survey_dates_and_threshold_are_checked(client_for, school, body, field, status):
    before = survey_count()
    refused = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/trust-surveys", json=body
    )
    assert refused.status_code == status
    assert refused.mimetype == "application/problem+json"
    assert field in refused.get_json()["errors"]
    assert survey_count() == before


def test_a_period_name_is_used_once_per_team(client_for, school, make_survey):
    make_survey(school.team, period="Autumn 2026")
    before = survey_count()
    again = client_for(school.teacher).post(
        f"/api/v1/teams/{school.team.id}/trust-surveys",
        json={"period": "Autumn 2026", "closes_on": TODAY.isoformat()},
    )
    assert again.status_code == 409
    assert "Autumn 2026" in again.get_json()["detail"]
    assert survey_count() == before


def test_the_threshold_can_be_raised_but_never_below_three(client_for, school, make_survey):
    survey = make_survey(school.team)
    teacher = client_for(school.teacher)
    raised = teacher.patch(f"/api/v1/trust-surveys/{survey.id}", json={"min_responses": 5})
    assert raised.get_json()["min_responses"] == 5
    lowered = teacher.patch(f"/api/v1/trust-surveys/{survey.id}", json={"min_responses": 1})
    assert lowered.status_code == 422
    db.session.refresh(survey)
    assert survey.min_responses == 5


def test_member_answers_once_and_a_second_answer_is_refused(
    answer, client_for, school, make_survey
):
    survey = make_survey(school.team)
    first = answer(school.student, survey, comment="We listen well.")
    assert first.status_code == 201
    assert first.get_json() == {"survey_id": survey.id, "answered": True}
    assert stored() == (1, 0, 1)

    second = answer(school.student, survey, scores(1))
    assert second.status_code == 409
    assert "already answered" in second.get_json()["detail"]
    assert stored() == (1, 0, 1)
    mine = client_for(school.student).get(f"/api/v1/trust-surveys/{survey.id}").get_json()
    assert mine["i_have_answered"] is True and mine["can_answer"] is False
    assert mine["response_count"] == 1


@pytest.mark.parametrize(
    "answers",
    [
        scores(respect_listening=0),
        scores(integrity_honesty=6),
        {key: value for key, value in scores().items() if key != "regard_wellbeing"},
        {**scores(), "extra_question": 3},
        scores(competence_capacity="5"),
        scores(competence_capacity=True),
        scores(competence_capacity=None),
        scores(competence_capacity=3.5),
        {},
    ],
    ids=["zero", "six", "missing", "unknown", "string", "boolean", "null", "fraction", "empty"],
)
def test_bad_answers_are_refused_and_nothing_is_stored(answer, school, make_survey, answers):
    survey = make_survey(school.team)
    refused = answer(school.student, survey, answers)
    assert refused.status_code == 422
    assert refused.mimetype == "application/problem+json"
    assert "answers" in refused.get_json()["errors"]
    assert stored() == (0, 0, 0)


def test_an_answer_without_the_answers_is_refused(client_for, school, make_survey):
    survey = make_survey(school.team)
    refused = client_for(school.student).post(
        f"/api/v1/trust-surveys/{survey.id}/responses", json={"comment": "Only a comment"}
    )
    assert refused.status_code == 422
    assert stored() == (0, 0, 0)


def test_an_answer_after_closing_is_refused(answer, client_for, school, make_survey):
    survey = make_survey(school.team)
    answer(school.teacher, survey)
    closed = client_for(school.teacher).post(f"/api/v1/trust-surveys/{survey.id}/close")
    assert closed.get_json()["status"] == "closed"
    refused = answer(school.student, survey)
    assert refused.status_code == 409
    assert "closed" in refused.get_json()["detail"]
    # One answer, fewer than three: set aside unread, nothing kept but the receipt.
    assert stored() == (0, 0, 1)
    reopened = client_for(school.teacher).patch(
        f"/api/v1/trust-surveys/{survey.id}",
        json={"closes_on": (TODAY + timedelta(days=9)).isoformat()},
    )
    assert reopened.status_code == 409
    db.session.execute(delete(TrustReceipt))
    db.session.commit()

    past = make_survey(
        school.team,
        period="Last term",
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1),
    )
    assert answer(school.student, past).status_code == 409
    assert stored() == (0, 0, 0)


def test_an_answer_before_opening_is_refused(answer, school, make_survey):
    survey = make_survey(school.team, opens_on=TODAY + timedelta(days=2))
    refused = answer(school.student, survey)
    assert refused.status_code == 409
    assert "opens on" in refused.get_json()["detail"]
    assert stored() == (0, 0, 0)


def test_coaches_and_admins_who_are_not_members_cannot_answer(answer, school, make_survey):
    survey = make_survey(school.team)
    for who in (school.coach, school.admin):
        refused = answer(who, survey)
        assert refused.status_code == 403
        assert "Only members" in refused.get_json()["detail"]
    assert stored() == (0, 0, 0)


def test_a_survey_of_another_team_is_not_found(answer, school, make_survey, make_team, make_user):
    other_team = make_team(school.org, teachers=[make_user(school.org)])
    survey = make_survey(other_team)
    assert answer(school.student, survey).status_code == 404
    assert answer(school.outsider, survey).status_code == 404
    assert stored() == (0, 0, 0)


def test_surveys_filter_by_status(client_for, school, make_survey):
    open_now = make_survey(school.team, period="Now")
    later = make_survey(school.team, period="Later", opens_on=TODAY + timedelta(days=10))
    earlier = make_survey(
        school.team,
        period="Before",
        opens_on=TODAY - timedelta(days=40),
        closes_on=TODAY - timedelta(days=20),
    )
    client = client_for(school.coach)
    base = f"/api/v1/teams/{school.team.id}/trust-surveys"

    def ids(status):
        return [s["id"] for s in client.get(f"{base}?status={status}").get_json()]

    assert ids("open") == [open_now.id]
    assert ids("scheduled") == [later.id]
    assert ids("closed") == [earlier.id]
    assert [s["id"] for s in client.get(base).get_json()] == [later.id, open_now.id, earlier.id]
    assert client.get(f"{base}?status=someday").status_code == 422
