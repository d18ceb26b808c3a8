from tests.evidence.helpers import evidence_url, png_bytes, upload
from tests.support.statements import counting_statements


def add_text(client, cycle, title, **fields):
    response = client.post(evidence_url(cycle), json={"title": title, "text": "Seen.", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()]


def test_list_is_newest_first_and_filters_by_kind_group_tag_and_student_voice(
    client_for, school, cycle
):
    teacher = client_for(school.teacher)
    add_text(teacher, cycle, "Journal", kind="journal", tags=["Period 3"], student_voice=True)
    add_text(teacher, cycle, "Exit tickets", kind="exit_ticket", tags=["period 4"])
    add_text(teacher, cycle, "Walkthrough", kind="observation", tags=["period 3"])
    url = evidence_url(cycle)

    assert titles(teacher.get(url)) == ["Walkthrough", "Exit tickets", "Journal"]
    assert titles(teacher.get(url + "?kind=journal")) == ["Journal"]
    assert titles(teacher.get(url + "?group=performance")) == ["Exit tickets"]
    assert titles(teacher.get(url + "?tag=PERIOD 3")) == ["Walkthrough", "Journal"]
    assert titles(teacher.get(url + "?student_voice=true")) == ["Journal"]
    assert titles(teacher.get(url + "?student_voice=false&tag=period 3")) == ["Walkthrough"]
    assert teacher.get(url + "?kind=gossip").status_code == 400
    assert teacher.get(url + "?group=vibes").status_code == 400


def test_list_paginates_with_the_pagination_header(client_for, school, cycle):
    teacher = client_for(school.teacher)
    for number in range(3):
        add_text(teacher, cycle, f"Note {number}")
    response = teacher.get(evidence_url(cycle) + "?page=2&page_size=2")
    assert titles(response) == ["Note 0"]
    assert '"total": 3' in response.headers["X-Pagination"]


def test_other_cycles_evidence_stays_out_of_the_list(client_for, make_cycle, school, cycle):
    teacher = client_for(school.teacher)
    other = make_cycle(school.team, state="evidence", number=2)
    add_text(teacher, other, "Elsewhere")
    add_text(teacher, cycle, "Here")
    assert titles(teacher.get(evidence_url(cycle))) == ["Here"]


def test_listing_takes_the_same_queries_for_one_piece_or_many(client_for, school, cycle):
    teacher = client_for(school.teacher)

    def queries_to_list() -> int:
        with counting_statements() as statements:
            assert teacher.get(evidence_url(cycle)).status_code == 200
        return len(statements)

    add_text(teacher, cycle, "First", tags=["a"])
    one = queries_to_list()
    for number in range(4):
        add_text(teacher, cycle, f"More {number}", tags=["a", f"b{number}"])
    client_for(school.student).post(
        evidence_url(cycle), json={"title": "By a student", "text": "Seen."}
    )
    upload(teacher, cycle, png_bytes())
    assert queries_to_list() == one
