"""The one list of the API's blueprints."""

from api.auth.routes import blp as auth
from api.health import blp as health
from api.organizations.routes import blp as organizations
from api.teams.routes import blp as teams

BLUEPRINTS = [health, auth, organizations, teams]
