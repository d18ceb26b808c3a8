"""pylti1p3 wired to our tables: registrations come from lti_platforms, keys are fetched with a
timeout, and a launch's data is never stored for reuse (each launch is used once)."""

from __future__ import annotations

import time
from typing import Any

import requests
from flask import current_app
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select

from api import outbound
from api.extensions import db
from api.lti.keys import tool_private_key
from api.lti.models import LtiPlatform

JWKS_TIMEOUT_SECONDS = 5
JWKS_CACHE_SECONDS = 300
_jwks_cache: dict[str, tuple[float, dict]] = {}


class PlatformRegistration(Registration):
    def __init__(self, platform: LtiPlatform) -> None:
        self.platform = platform
        self.set_issuer(platform.issuer)
        self.set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url)
        self.set_auth_token_url(platform.auth_token_url)
        self.set_key_set_url(platform.jwks_url)
        self.set_tool_private_key(tool_private_key())


def find_platform(issuer: str | None, client_id: str | None) -> LtiPlatform | None:
    """The registration for an issuer (and client id, needed when the issuer has several)."""
    if not issuer:
        return None
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    platforms = db.session.scalars(query.limit(2)).all()
    return platforms[0] if len(platforms) == 1 else None


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per organization that registered us)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration:
        return self.find_registration_by_params(iss, None, *args, **kwargs)

    def find_registration_by_params(self, iss: str, client_id, *args, **kwargs) -> Registration:
        platform = find_platform(iss, client_id)
        return PlatformRegistration(platform) if platform else None  # type: ignore[return-value]

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id, *args, **kwargs
    ) -> Deployment | None:
        platform = find_platform(iss, client_id)
        if platform is None or deployment_id not in (platform.deployment_ids or []):
            return None
        return Deployment().set_deployment_id(deployment_id)


def fetch_jwks(url: str) -> dict:
    """The platform's public keys, cached for a few minutes; no redirects, a short timeout."""
    cached = _jwks_cache.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        fetcher = outbound.session(allow_private=current_app.config["LTI_ALLOW_PRIVATE"])
        response = fetcher.get(url, timeout=JWKS_TIMEOUT_SECONDS, allow_redirects=False)
        response.raise_for_status()
        keys = response.json()
    except (requests.RequestException, ValueError) as error:
        raise LtiException(f"Could not read the platform's keys from {url}") from error
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise LtiException(f"The platform's key set at {url} is not a JWKS document")
    _jwks_cache[url] = (time.monotonic() + JWKS_CACHE_SECONDS, keys)
    return keys


class ToolOIDCLogin(FlaskOIDCLogin):
    pass


class ToolMessageLaunch(FlaskMessageLaunch):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # pylti1p3 checks the audience against the registration itself; exp and iat are a must.
        options: dict[str, Any] = {"verify_aud": False, "require": ["exp", "iat"]}
        self.set_jwt_verify_options(options)

    def fetch_public_key(self, key_set_url: str):
        return fetch_jwks(key_set_url)

    def get_public_key(self) -> tuple[str, str]:
        registration = self._registration
        if isinstance(registration, PlatformRegistration) and registration.platform.public_key:
            return registration.platform.public_key, "RS256"
        return super().get_public_key()

    def save_launch_data(self) -> ToolMessageLaunch:
        # Nothing of the launch is kept for later: a launch is used once, then forgotten.
        return self
