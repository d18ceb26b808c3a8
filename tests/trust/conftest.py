"""Fixtures for the trust tests: open a survey, answer it, plan a session at some step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from api.extensions import db
from api.trust.models import ReflectionSession, SessionStep, TrustSurvey
from api.trust.surveys import start_round
from tests.trust.trust_helpers import TODAY, scores


@pytest.fixture()
def make_survey(database):
    """make_survey(team, period=..., opens_on=..., closes_on=..., min_responses=3) → survey."""

    def make(
        team,
        *,
        period: str | None = None,
        opens_on: date | None = None,
        closes_on: date | None = None,
        min_responses: int = 3,
    ) -> TrustSurvey:
        opens_on = opens_on or TODAY
        survey = TrustSurvey(
            team_id=team.id,
            period=period or f"Round {opens_on.isoformat()}",
            opens_on=opens_on,
            closes_on=closes_on or opens_on + timedelta(days=14),
            min_responses=min_responses,
        )
        db.session.add(survey)
        db.session.flush()
        if opens_on <= TODAY:
            # As the API and beat do: a round that has opened knows who may answer it.
            start_round(survey)
        db.session.commit()
        return survey

    return make


@pytest.fixture()
def answer(client_for):
    """answer(user, survey, answers=None, comment=None) → the HTTP response."""

    def send(user, survey, answers=None, comment=None):
        body = {"answers": answers if answers is not None else scores()}
        if comment is not None:
            body["comment"] = comment
        survey_id = survey if isinstance(survey, str) else survey.id
        return client_for(user).post(f"/api/v1/trust-surveys/{survey_id}/responses", json=body)

    return send


@pytest.fixture()
def close(database):
    """close(survey) → the survey, closed and counted as its closing date on beat would."""

    def close_it(survey):
        from api.trust.closing import close_round

        close_round(survey.id)
        db.session.commit()
        db.session.refresh(survey)
        return survey

    return close_it


@pytest.fixture()
def make_session(database):
    """make_session(team, step="ready", facilitator=user) → a session written directly."""

    def make(team, *, step: str = "ready", facilitator=None, title: str = "After cycle 1"):
        from api.db import utcnow

        session = ReflectionSession(
            team_id=team.id,
            title=title,
            step=SessionStep(step),
            step_started_at=None if step in ("ready", "finished") else utcnow(),
            facilitator_id=facilitator.id if facilitator else None,
        )
        db.session.add(session)
        db.session.commit()
        return session

    return make
