"""pylti1p3's launch data kept in the database (lti_login_states), not in the browser's session.

The platform's launch is a cross-site POST, so the SameSite=Lax session cookie does not come
with it; the nonce and the state therefore live on the server, keyed by their random values.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pylti1p3.launch_data_storage.base import LaunchDataStorage
from sqlalchemy import delete

from api.db import rows_changed, utcnow
from api.extensions import db
from api.lti.models import LtiLoginState

#: how long a login may take before its launch arrives
LOGIN_LIFETIME_SECONDS = 10 * 60


class DatabaseLaunchDataStorage(LaunchDataStorage[Any]):
    def get_session_cookie_name(self) -> str | None:
        # Keys are random nonces and states; no per-browser cookie (it would be cross-site).
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def _row(self, key: str) -> LtiLoginState | None:
        row = db.session.get(LtiLoginState, self._prepare_key(key))
        if row is None or row.expires_at <= utcnow():
            return None
        return row

    def get_value(self, key: str) -> Any:
        row = self._row(key)
        return None if row is None else row.value

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        lifetime = min(exp or LOGIN_LIFETIME_SECONDS, LOGIN_LIFETIME_SECONDS)
        db.session.merge(
            LtiLoginState(
                key=self._prepare_key(key),
                value=value,
                expires_at=utcnow() + timedelta(seconds=lifetime),
            )
        )

    def check_value(self, key: str) -> bool:
        return self._row(key) is not None

    def remove(self, key: str) -> None:
        db.session.execute(delete(LtiLoginState).where(LtiLoginState.key == self._prepare_key(key)))


def forget_expired() -> int:
    """Delete login states whose time has passed (called at each login)."""
    return rows_changed(
        db.session.execute(delete(LtiLoginState).where(LtiLoginState.expires_at <= utcnow()))
    )
