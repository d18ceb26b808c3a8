"""Relational trust in the browser: a teacher opens a round, a student answers it on a phone in
the students' words, results stay away while it is open and appear once the teacher closes it —
with the seed's names, definitions, scale, strengths and areas to grow. Discussion mode shows
the prompts for a meeting; a reflection session shows the seed's four steps in full.
Screenshots at 1200 px and 390 px go to /work/notes/shots/trust/."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from api.trust.questions import COMPONENTS, ITEMS

SHOTS = Path("/work/notes/shots/trust")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    """No sideways scroll on the page itself (a phone's layout viewport grows to fit the page,
    so compare with the phone's width, not innerWidth); wide tables scroll in their own box."""
    width = page.viewport_size["width"]
    return page.evaluate(f"document.documentElement.scrollWidth <= {width}")


def sign_in_on(page, login: str, password: str) -> None:
    page.context.clear_cookies()  # whoever was signed in here before
    page.goto("/sign-in")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Your teams").wait_for()


def answer_through_the_api(browser, live_server, login, password, survey_id):
    """Another member answers (their own session, the same API the page uses)."""
    context = browser.new_context(base_url=live_server)
    try:
        api = context.request
        token = api.get("/api/v1/auth/csrf").json()["csrf_token"]
        signed_in = api.post(
            "/api/v1/auth/session",
            data={"login": login, "password": password},
            headers={"X-CSRF-Token": token},
        )
        assert signed_in.ok, signed_in.text()
        token = signed_in.json()["csrf_token"]
        answered = api.post(
            f"/api/v1/trust-surveys/{survey_id}/responses",
            data={"answers": {item.key: 4 for item in ITEMS}},
            headers={"X-CSRF-Token": token},
        )
        assert answered.status == 201, answered.text()
    finally:
        context.close()


def test_a_round_is_answered_on_a_phone_and_shows_results_only_once_closed(
    page, phone, browser, live_server, sign_in, demo_password
):
    period = f"Trust check {uuid.uuid4().hex[:6]}"

    # A teacher opens a round from the team's trust page.
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grade 7 Science")
    trust_path = page.url.split(live_server, 1)[1] + "/trust"
    page.goto(trust_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Relational trust")
    form = page.get_by_role("region", name="Open a survey")
    form.get_by_label("Name of this round").fill(period)
    form.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_role("status").first).to_contain_text(f"The survey “{period}” is open.")
    surveys = page.get_by_role("region", name="Surveys")
    expect(surveys).to_contain_text(period)
    expect(page.get_by_role("region", name="Open rounds by themselves")).to_contain_text(
        "Every quarter (3 months)"
    )
    shot(page, "trust-page-desktop")

    # Sam answers on a phone, in the students' words, under the seed's names and definitions.
    sign_in_on(phone, "sam", demo_password)
    phone.goto(trust_path)
    phone.get_by_role("link", name=f"Answer the survey {period}").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Trust survey: {period}")
    main = phone.get_by_role("main")
    for info in COMPONENTS.values():
        expect(main).to_contain_text(info.label)
        expect(main).to_contain_text(info.definition)
    expect(main).to_contain_text("1 (not evident) to 5 (consistently evident)")
    expect(main).not_to_contain_text(ITEMS[0].prompt)
    assert fits(phone)

    # Leaving statements out names each one in the list, and sends nothing.
    for item in ITEMS[1:-1]:
        phone.get_by_role("group", name=item.student_prompt).get_by_role(
            "radio", name="4 Often"
        ).check()
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("listitem")).to_have_text(
        [
            f"Choose a score from 1 to 5 for “{item.student_prompt}”"
            for item in (ITEMS[0], ITEMS[-1])
        ]
    )
    shot(phone, "survey-student-phone")

    for item, score in ((ITEMS[0], "4 Often"), (ITEMS[-1], "5 Consistently")):
        phone.get_by_role("group", name=item.student_prompt).get_by_role(
            "radio", name=score
        ).check()
    phone.get_by_label("Anything else? (optional)").fill("We disagree kindly.")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you — your answers are in.")).to_be_visible()
    survey_id = re.search(r"/trust-surveys/([^/]+)$", phone.url).group(1)

    answer_through_the_api(browser, live_server, "priya", demo_password, survey_id)
    answer_through_the_api(browser, live_server, "leo", demo_password, survey_id)

    # Three answers, but the round is open: nothing but how many have answered.
    page.goto(f"/trust-surveys/{survey_id}/results")
    expect(
        page.get_by_role("heading", level=2, name="Results come when the round closes")
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("So far 3 of")
    expect(page.get_by_role("img", name="Average score by component", exact=True)).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text("We disagree kindly.")
    shot(page, "results-while-open-desktop")

    # The teacher closes and counts the round; now the results are there.
    page.goto(trust_path)
    page.get_by_role("button", name=f"Close and count now ({period})").click()
    expect(page.get_by_role("status").first).to_contain_text("is closed and counted")
    page.get_by_role("link", name=f"See results for {period}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results: {period}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("3 of 8 eligible answered")
    summary = page.get_by_role("region", name="What the round says")
    expect(summary).to_contain_text("Strengths to celebrate")
    expect(summary).to_contain_text("Areas to grow")
    for info in COMPONENTS.values():
        expect(main).to_contain_text(info.definition)
    expect(page.get_by_role("img", name="Average score by component", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Results by component (scores 1 to 5)")
    expect(table.get_by_role("row", name=re.compile("^Mutual respect"))).to_contain_text("4.00")
    expect(table.get_by_role("row", name=re.compile("^Integrity"))).to_contain_text("4.11")
    expect(page.get_by_role("list").filter(has_text="We disagree kindly.")).to_be_visible()
    expect(page.get_by_role("region", name="Students and adults")).to_contain_text(
        "only when each group has at least 3"
    )
    shot(page, "results-closed-desktop")

    sign_in_on(phone, "teacher@maple.example", demo_password)
    phone.goto(f"/trust-surveys/{survey_id}/results")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Results: {period}")
    assert fits(phone)
    shot(phone, "results-closed-phone")


def test_discussion_mode_shows_the_prompts_for_a_meeting_and_collects_nothing(
    page, phone, sign_in, live_server, demo_password
):
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    trust_path = page.url.split(live_server, 1)[1] + "/trust"
    page.goto(trust_path)
    page.get_by_role("link", name="Talk it through in a meeting (discussion mode)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discussion mode")
    main = page.get_by_role("main")
    expect(main).to_contain_text("No answers are collected.")
    for item in ITEMS:
        expect(main).to_contain_text(item.prompt)
    expect(main.get_by_role("radio")).to_have_count(2)  # the words chooser, no scores
    expect(main.get_by_role("button")).to_have_count(0)
    page.get_by_label("Students").check()
    for item in ITEMS:
        expect(main).to_contain_text(item.student_prompt)
    shot(page, "discussion-desktop")

    sign_in_on(phone, "sam", demo_password)
    phone.goto(trust_path + "/discuss")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Discussion mode")
    assert fits(phone)
    shot(phone, "discussion-phone")


def test_a_reflection_session_shows_the_seeds_steps_in_full_and_its_cycle(
    page, phone, sign_in, seed_cycle, live_server, demo_password
):
    cycle_id = seed_cycle(f"How might we listen better {uuid.uuid4().hex[:4]}?")
    sign_in("teacher@maple.example")
    page.get_by_role("link", name="Grade 7 Science").click()
    trust_path = page.url.split(live_server, 1)[1] + "/trust"
    page.goto(trust_path)
    form = page.get_by_role("region", name="Plan a reflection session")
    form.get_by_label("Title").fill("After our listening cycle")
    select = form.get_by_label("The shared task we reflect on")
    select.select_option(value=cycle_id)
    form.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("After our listening cycle")
    main = page.get_by_role("main")
    expect(main).to_contain_text("The shared task we reflect on: Cycle 1")
    steps = page.locator("[data-steps]")
    for text in (
        "Individual reflection",
        "5 min",
        "Pair or small-group sharing",
        "10 min",
        "In pairs or small groups",
        "Whole-team debrief",
        "Commitment to action",
        "What was our shared task?",
        "How did we rely on each other to get it done?",
        "Where did trust grow, or where was it challenged?",
        "What got in the way of trust?",
        "Trust strengths: what we do that builds trust",
        "Trust opportunities: where we can grow trust",
        "What is one thing I will do to strengthen trust in our team?",
    ):
        expect(steps).to_contain_text(text)

    # The minutes are the seed's by default and change on the page.
    settings = page.locator("#session-settings")
    settings.get_by_label("Pair or small-group sharing (minutes)").fill("12")
    settings.get_by_role("button", name="Save timing").click()
    expect(page.get_by_role("status").first).to_contain_text("Timing saved.")
    expect(steps).to_contain_text("12 min")
    page.get_by_role("button", name="Start the session").click()
    page.get_by_role("button", name="Next: Pair or small-group sharing").click()
    page.get_by_role("button", name="Next: Whole-team debrief").click()
    expect(page.locator("[data-step]")).to_contain_text("Trust opportunities")
    shot(page, "session-desktop")

    session_path = page.url.split(live_server, 1)[1]
    sign_in_on(phone, "sam", demo_password)
    phone.goto(session_path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("After our listening cycle")
    assert fits(phone)
    shot(phone, "session-phone")


def test_students_and_adults_are_shown_side_by_side_once_each_group_has_three(
    e2e_app, page, phone, sign_in, demo_password
):
    """A team of three students and three adults answers and the round closes: the results
    page puts the students' and the adults' means side by side."""
    from sqlalchemy import select

    from api.actor import Actor
    from api.extensions import db
    from api.organizations.models import OrgMembership
    from api.teams.models import Membership, Role, Team
    from api.trust.answers import submit_response
    from api.trust.surveys import close_survey, open_survey
    from api.users.models import User

    tag = uuid.uuid4().hex[:6]
    with e2e_app.app_context():
        teacher = db.session.scalar(select(User).where(User.email == "teacher@maple.example"))
        org_id = db.session.scalar(
            select(OrgMembership.organization_id).where(OrgMembership.user_id == teacher.id)
        )
        team = Team(organization_id=org_id, name=f"Trust pairs {tag}")
        db.session.add(team)
        db.session.flush()
        people = [(teacher, Role.teacher)]
        for n in range(5):
            user = User(username=f"pair{tag}{n}", display_name=f"Person {n}")
            db.session.add(user)
            db.session.flush()
            db.session.add(OrgMembership(organization_id=org_id, user_id=user.id))
            people.append((user, Role.teacher if n < 2 else Role.student))
        for user, role in people:
            db.session.add(Membership(team_id=team.id, user_id=user.id, role=role))
        db.session.commit()
        survey = open_survey(
            Actor(teacher),
            team.id,
            period=f"Side by side {tag}",
            closes_on=date.today() + timedelta(days=7),
        )
        for user, role in people:
            score = 5 if role is Role.student else 3
            submit_response(Actor(user), survey.id, answers={item.key: score for item in ITEMS})
        close_survey(Actor(teacher), survey.id)
        survey_id = survey.id
        db.session.remove()

    sign_in("teacher@maple.example")
    page.goto(f"/trust-surveys/{survey_id}/results")
    groups = page.get_by_role("region", name="Students and adults, side by side")
    table = groups.get_by_role("table", name="Average score by group")
    expect(table.get_by_role("columnheader", name="Students (3)")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Adults (3)")).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Mutual respect"))).to_contain_text("5.00")
    expect(table.get_by_role("row", name=re.compile("^Mutual respect"))).to_contain_text("3.00")
    shot(page, "results-side-by-side-desktop")
    sign_in_on(phone, "teacher@maple.example", demo_password)
    phone.goto(f"/trust-surveys/{survey_id}/results")
    expect(phone.get_by_role("region", name="Students and adults, side by side")).to_be_visible()
    assert fits(phone)
    shot(phone, "results-side-by-side-phone")


def test_the_trend_chart_shows_every_period_name_whole(
    e2e_app, page, phone, sign_in, demo_password
):
    """Two closed rounds: the trend chart's period names, the last one too, sit inside it."""
    from sqlalchemy import select

    from api.actor import Actor
    from api.extensions import db
    from api.organizations.models import OrgMembership
    from api.teams.models import Membership, Role, Team
    from api.trust.answers import submit_response
    from api.trust.surveys import close_survey, open_survey
    from api.users.models import User

    tag = uuid.uuid4().hex[:6]
    with e2e_app.app_context():
        teacher = db.session.scalar(select(User).where(User.email == "teacher@maple.example"))
        org_id = db.session.scalar(
            select(OrgMembership.organization_id).where(OrgMembership.user_id == teacher.id)
        )
        team = Team(organization_id=org_id, name=f"Trust trend {tag}")
        db.session.add(team)
        db.session.flush()
        people = [teacher]
        for n in range(3):
            user = User(username=f"trend{tag}{n}", display_name=f"Person {n}")
            db.session.add(user)
            db.session.flush()
            db.session.add(OrgMembership(organization_id=org_id, user_id=user.id))
            people.append(user)
        for user in people:
            db.session.add(Membership(team_id=team.id, user_id=user.id, role=Role.teacher))
        db.session.commit()
        for period, score in (("Autumn check-in", 3), ("Spring check-in, end of year", 4)):
            survey = open_survey(
                Actor(teacher), team.id, period=period, closes_on=date.today() + timedelta(days=7)
            )
            for user in people:
                submit_response(Actor(user), survey.id, answers={item.key: score for item in ITEMS})
            close_survey(Actor(teacher), survey.id)
        survey_id = survey.id
        db.session.remove()

    outside = """() => {
        const chart = document.querySelector('#trend-heading ~ .trust-chart-wrap svg');
        const box = chart.getBoundingClientRect();
        return [...chart.querySelectorAll('text')].filter((text) => {
            const r = text.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        }).map((text) => text.textContent);
    }"""
    sign_in("teacher@maple.example")
    sign_in_on(phone, "teacher@maple.example", demo_password)
    for viewer, name in ((page, "trend-desktop"), (phone, "trend-phone")):
        viewer.goto(f"/trust-surveys/{survey_id}/results")
        chart = viewer.get_by_role("img", name="Average score by component over time")
        expect(chart).to_contain_text("Spring check-in, end of year")
        assert viewer.evaluate(outside) == []
        chart.screenshot(path=f"/work/notes/shots/daily2/{name}.png")
