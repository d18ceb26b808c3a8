import pytest

from tests.evidence.helpers import evidence_count, evidence_url


def test_member_writes_down_text_evidence(client_for, school, cycle):
    response = client_for(school.student).post(
        evidence_url(cycle),
        json={
            "title": "What I heard in group 2",
            "text": "  “I check my work against the rubric first.”  ",
            "tags": ["rubric", "Group 2"],
            "student_voice": True,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["text"] == "“I check my work against the rubric first.”"
    assert (body["kind"], body["group"]) == ("note", "observation")
    assert body["tags"] == ["Group 2", "rubric"]
    assert (body["has_file"], body["download_url"], body["url"]) == (False, None, None)
    assert body["student_voice"] is True


def test_member_saves_a_link(client_for, school, cycle):
    response = client_for(school.teacher).post(
        evidence_url(cycle),
        json={
            "title": "Survey results",
            "url": "https://forms.example/results?id=7",
            "kind": "survey",
            "tags": "survey, week 1",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["url"], body["kind"], body["group"]) == (
        "https://forms.example/results?id=7",
        "survey",
        "perception",
    )
    assert body["tags"] == ["survey", "week 1"]


def test_link_kind_is_the_default_for_a_link(client_for, school, cycle):
    response = client_for(school.teacher).post(
        evidence_url(cycle), json={"title": "Video", "url": "http://video.example/v/1"}
    )
    assert response.get_json()["kind"] == "link"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://files.example/a", "data:text/html,hi", "https://", "notalink"],
)
def test_links_must_be_http_or_https(client_for, school, cycle, url):
    response = client_for(school.teacher).post(
        evidence_url(cycle), json={"title": "Bad", "url": url}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "url": ["Paste a link that starts with http:// or https://."]
    }
    assert evidence_count() == 0


@pytest.mark.parametrize("collected_on", ["14/03/2026", "2026-3-14", "yesterday", "2026-02-30"])
def test_dates_must_be_real_and_written_year_month_day(client_for, school, cycle, collected_on):
    response = client_for(school.teacher).post(
        evidence_url(cycle), json={"title": "Note", "text": "Seen.", "collected_on": collected_on}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"collected_on": ["Use a date like 2026-03-14."]}
    assert evidence_count() == 0


def test_evidence_cannot_be_collected_in_the_future(client_for, school, cycle):
    response = client_for(school.teacher).post(
        evidence_url(cycle), json={"title": "Note", "text": "Seen.", "collected_on": "2999-01-01"}
    )
    assert response.status_code == 422
    assert "future" in response.get_json()["errors"]["collected_on"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Nothing"}, "file"),
        ({"title": "Both", "text": "Seen.", "url": "https://a.example"}, "url"),
        ({"text": "Seen but untitled."}, "title"),
        ({"title": "   ", "text": "Seen."}, "title"),
        ({"title": "Note", "text": "Seen.", "tags": ["x" * 51]}, "tags"),
        ({"title": "Note", "text": "Seen.", "colour": "red"}, "colour"),
        ({"title": "Note", "text": "Seen.", "kind": "gossip"}, "kind"),
    ],
)
def test_unclear_evidence_is_refused_with_the_field_to_fix(client_for, school, cycle, body, field):
    response = client_for(school.teacher).post(evidence_url(cycle), json=body)
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert evidence_count() == 0
