"""Retention: an organization may keep ended cycles only so long, then they go with their files."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select

from api.audit import service as audit
from api.cycles.models import Cycle
from api.db import utcnow
from api.evidence.models import Evidence
from api.extensions import db
from api.organizations.models import Organization
from api.privacy.files import finish_file_deletions, queue_file_deletions
from api.storage import Storage
from api.teams.models import Team
from api.transactions import transaction
from workflows.registry import all_definitions


def _ended():
    """A cycle has ended when its workflow says its state is terminal (closed, abandoned)."""
    return or_(
        *(
            and_(
                Cycle.workflow == name,
                Cycle.state.in_(
                    [state for state in definition.states if definition.is_terminal(state)]
                ),
            )
            for name, definition in all_definitions().items()
        )
    )


def delete_expired_cycles(*, storage: Storage, now: datetime | None = None) -> int:
    """Delete the cycles that ended longer ago than their organization's
    ``closed_cycle_retention_days`` (None keeps them forever), with everything in them:
    evidence and its files, notes, actions, comments, reflection, history.

    One transaction per organization, audited; the evidence files are deleted after its
    commit (queued first, so one the store refuses is retried by the worker).
    Returns the number of cycles deleted.
    """
    now = now or utcnow()
    organizations = db.session.execute(
        select(Organization.id, Organization.closed_cycle_retention_days).where(
            Organization.closed_cycle_retention_days.is_not(None)
        )
    ).all()
    deleted = 0
    for organization_id, days in organizations:
        cycle_ids = list(
            db.session.scalars(
                select(Cycle.id)
                .join(Team, Team.id == Cycle.team_id)
                .where(
                    Team.organization_id == organization_id,
                    _ended(),
                    Cycle.state_changed_at < now - timedelta(days=days),
                )
            )
        )
        if not cycle_ids:
            continue
        with transaction():
            keys = queue_file_deletions(
                db.session.scalars(
                    select(Evidence.storage_key).where(
                        Evidence.cycle_id.in_(cycle_ids), Evidence.storage_key.is_not(None)
                    )
                )
            )
            # The database cascades to the cycles' evidence, notes, actions, comments, events.
            db.session.execute(delete(Cycle).where(Cycle.id.in_(cycle_ids)))
            audit.record(
                None,
                organization_id,
                "retention.cycles_deleted",
                details={
                    "cycles": len(cycle_ids),
                    "evidence_files": len(keys),
                    "retention_days": days,
                },
            )
        finish_file_deletions(storage, keys)
        deleted += len(cycle_ids)
    return deleted
