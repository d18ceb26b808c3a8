"""Plain helpers for the trust tests: full sets of answers, counts of what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from api.extensions import db
from api.trust.models import TrustReceipt, TrustResultCount, TrustSealedAnswer
from api.trust.questions import ITEM_KEYS, ITEMS

#: the tests' schools keep UTC, so their "today" is the UTC date
TODAY = datetime.now(UTC).date()


def scores(default: int = 4, **overrides: int) -> dict[str, int]:
    """A full set of answers: every statement `default`, some overridden by key."""
    return {key: overrides.get(key, default) for key in ITEM_KEYS}


def by_component(**component_scores: int) -> dict[str, int]:
    """Answers where every statement of a component gets that component's score."""
    return {item.key: component_scores[item.component.value] for item in ITEMS}


def stored() -> tuple[int, int, int]:
    """(sealed answers, result counts, receipts) in the database."""
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (TrustSealedAnswer, TrustResultCount, TrustReceipt)
    )
