"""Every model, imported once so the metadata (and Alembic) sees all tables."""

from api.auth.models import ApiToken
from api.organizations.models import Organization, OrgMembership
from api.teams.models import CoachAssignment, Membership, Team
from api.users.models import ExternalIdentity, User

__all__ = [
    "ApiToken",
    "CoachAssignment",
    "ExternalIdentity",
    "Membership",
    "OrgMembership",
    "Organization",
    "Team",
    "User",
]
