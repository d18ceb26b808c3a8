"""Every model, imported once so the metadata (and Alembic) sees all tables."""

from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.analysis.models import AnalysisNote, NoteEvidence
from api.auth.models import ApiToken
from api.comments.models import Comment
from api.cycles.models import Cycle, CycleEvent, CycleFacilitator, PhaseDueDate
from api.evidence.models import Evidence, EvidenceTag
from api.notifications.models import FailedTask, Notification, NotificationPreference
from api.organizations.models import Organization, OrgMembership
from api.puzzles.models import Puzzle
from api.reflections.models import Reflection
from api.teams.models import CoachAssignment, Membership, Team
from api.users.models import ExternalIdentity, User

__all__ = [
    "FailedTask",
    "Notification",
    "NotificationPreference",
    "Action",
    "ActivityEntry",
    "AnalysisNote",
    "Comment",
    "Cycle",
    "CycleEvent",
    "CycleFacilitator",
    "Evidence",
    "EvidenceTag",
    "NoteEvidence",
    "PhaseDueDate",
    "Puzzle",
    "Reflection",
    "ApiToken",
    "CoachAssignment",
    "ExternalIdentity",
    "Membership",
    "OrgMembership",
    "Organization",
    "Team",
    "User",
]
