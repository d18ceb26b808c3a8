"""Every model, imported once so the metadata (and Alembic) sees all tables."""

from api.actions.models import Action
from api.activity.models import ActivityEntry
from api.agreements.models import AgreementEndorsement, RespectAgreement
from api.analysis.models import AnalysisNote, NoteEvidence
from api.audit.models import AuditEvent
from api.auth.models import ApiToken, PasswordReset
from api.calendar.models import CalendarFeed, NonSchoolDay, Term
from api.comments.models import Comment
from api.cycles.models import Cycle, CycleEvent, CycleFacilitator, PhaseDueDate
from api.evidence.models import Evidence, EvidenceTag
from api.idempotency import IdempotencyRecord
from api.integrations.models import IntegrationClient, IntegrationToken
from api.lti.models import LtiContext, LtiLoginState, LtiPlatform
from api.notifications.models import FailedTask, Notification, NotificationPreference
from api.organizations.models import Organization, OrgMembership
from api.privacy.models import PendingFileDeletion
from api.pulse.models import (
    ClassPulse,
    PulseEligibility,
    PulseReceipt,
    PulseResultCount,
    PulseSealedAnswer,
)
from api.puzzles.models import Puzzle
from api.reflections.models import Reflection
from api.relationships.models import (
    FeedbackTally,
    Relationship,
    RelationshipNote,
    Repair,
    StageChange,
    StudentCard,
    TeacherCard,
    TwoByTen,
    TwoByTenDay,
)
from api.roster.models import TeamExternalId
from api.teams.models import CoachAssignment, Membership, Team
from api.trust.models import (
    Commitment,
    ReflectionSession,
    SessionNote,
    TrustCadence,
    TrustComment,
    TrustEligibility,
    TrustReceipt,
    TrustResultCount,
    TrustSealedAnswer,
    TrustSurvey,
    TrustTarget,
)
from api.users.models import ExternalIdentity, User
from api.webhooks.models import WebhookDelivery, WebhookSubscription

__all__ = [
    "ClassPulse",
    "PulseEligibility",
    "PulseReceipt",
    "PulseResultCount",
    "PulseSealedAnswer",
    "CalendarFeed",
    "NonSchoolDay",
    "Term",
    "AgreementEndorsement",
    "RespectAgreement",
    "FeedbackTally",
    "Relationship",
    "RelationshipNote",
    "Repair",
    "StageChange",
    "StudentCard",
    "TeacherCard",
    "TwoByTen",
    "TwoByTenDay",
    "AuditEvent",
    "PendingFileDeletion",
    "IdempotencyRecord",
    "IntegrationClient",
    "IntegrationToken",
    "TeamExternalId",
    "LtiContext",
    "LtiLoginState",
    "LtiPlatform",
    "WebhookDelivery",
    "WebhookSubscription",
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
    "PasswordReset",
    "CoachAssignment",
    "ExternalIdentity",
    "Membership",
    "OrgMembership",
    "Organization",
    "Team",
    "User",
    "Commitment",
    "ReflectionSession",
    "SessionNote",
    "TrustCadence",
    "TrustComment",
    "TrustEligibility",
    "TrustReceipt",
    "TrustResultCount",
    "TrustSealedAnswer",
    "TrustSurvey",
    "TrustTarget",
]
