"""The one list of the API's blueprints."""

from api.actions.routes import blp as actions
from api.activity.routes import blp as activity
from api.agreements.routes import blp as agreements
from api.analysis.routes import blp as analysis
from api.audit.routes import blp as audit
from api.auth.routes import blp as auth
from api.calendar.feed_routes import blp as calendar_feeds
from api.calendar.routes import blp as calendar
from api.coaching.routes import blp as coaching
from api.comments.routes import blp as comments
from api.cycles.routes import blp as cycles
from api.evidence.routes import blp as evidence
from api.health import blp as health
from api.integrations.routes import blp as integrations
from api.lti.routes import blp as lti_platforms
from api.lti.views import bp as lti
from api.notifications.routes import blp as notifications
from api.organizations.account_routes import blp as accounts
from api.organizations.routes import blp as organizations
from api.privacy.routes import blp as privacy
from api.pulse.routes import blp as pulse
from api.puzzles.routes import blp as puzzles
from api.reflections.routes import blp as reflections
from api.relationships.routes import blp as relationships
from api.reports.routes import blp as reports
from api.roster.routes import blp as roster
from api.teams.routes import blp as teams
from api.trust.routes import blp as trust
from api.webhooks.routes import blp as webhooks
from api.work.routes import blp as work
from api.workflows.routes import blp as workflows

BLUEPRINTS = [
    health,
    auth,
    organizations,
    accounts,
    calendar,
    calendar_feeds,
    teams,
    puzzles,
    workflows,
    cycles,
    evidence,
    analysis,
    actions,
    reflections,
    reports,
    comments,
    activity,
    coaching,
    notifications,
    work,
    trust,
    webhooks,
    integrations,
    roster,
    lti_platforms,
    audit,
    privacy,
    relationships,
    agreements,
    pulse,
]

#: plain Flask blueprints outside /api/v1 (not in the OpenAPI document)
FLASK_BLUEPRINTS = [lti]
