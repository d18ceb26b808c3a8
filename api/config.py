"""Configuration read from the environment, with safe development defaults."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from api.proxies import parse_networks

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
DEV_SECRET = "dev-only-secret-change-me"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


#: libpq settings a PostgreSQL URL gets unless it names its own: a server that stops answering
#: (a dropped network, not a refused connection) fails requests in seconds with a 503 instead
#: of holding them until the operating system gives up, minutes later.
POSTGRES_CONNECTION_DEFAULTS = {
    "connect_timeout": "5",
    # unacknowledged data for 20 s: the server is gone (a slow query sends nothing, so it's fine)
    "tcp_user_timeout": "20000",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
}


def database_url(default: str) -> str:
    """DATABASE_URL, with plain postgresql:// URLs pointed at the psycopg 3 driver we ship and
    given the connection timeouts above."""
    url = os.environ.get("DATABASE_URL") or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    if not url.startswith("postgresql+psycopg://"):
        return url
    parsed = make_url(url)
    missing = {k: v for k, v in POSTGRES_CONNECTION_DEFAULTS.items() if k not in parsed.query}
    return parsed.update_query_dict(missing).render_as_string(hide_password=False)


class Config:
    """Development and production settings; every value can come from the environment."""

    ENV_NAME = os.environ.get("EAA_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = database_url(f"sqlite:///{INSTANCE / 'eaa.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    STORAGE_URL = os.environ.get("STORAGE_URL", "")
    STORAGE_ROOT = INSTANCE / "files"
    MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
    #: any other request body (JSON, roster CSV files); the evidence upload sets its own limit
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_REQUEST_BYTES", str(10 * 1024 * 1024)))
    #: a JSON body's size and nesting, checked before it is parsed (a roster batch of 1000
    #: people is about 200 KB)
    MAX_JSON_BYTES = int(os.environ.get("MAX_JSON_BYTES", str(2 * 1024 * 1024)))
    MAX_JSON_DEPTH = 32

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    #: the address people reach the app at, for links in emails
    #: https://eaa.school.example — links in emails and every LTI tool URL start with it; unset
    #: in development, the address of each request is used (see api/public_url.py)
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "EAA cycles <no-reply@localhost>")

    SESSION_COOKIE_NAME = "eaa_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Behind https (production) the cookie never travels in clear text.
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", ENV_NAME == "production")
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    # Only a changed session is sent back: a request still in flight at sign-out cannot
    # re-send the old cookie and sign the person back in.
    SESSION_REFRESH_EACH_REQUEST = False
    #: addresses or networks of the reverse proxies in front (compose: the Caddy container);
    #: X-Forwarded-For and X-Forwarded-Proto are believed only from them. Empty: from no one.
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = False  # api.http_conventions writes RateLimit-* itself
    # Redis down never turns into 500s: limits move to this process's memory (sign-in stays
    # guarded) and back to Redis when it answers; any other limiter error is logged, not raised.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {
        "wrap_exceptions": True,
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
    }
    SIGN_IN_LIMITS = "10 per 15 minutes"
    SIGN_IN_ACCOUNT_LIMITS = "30 per hour"
    #: failures from one address across all accounts: a broad ceiling (a school shares one)
    SIGN_IN_ADDRESS_LIMITS = os.environ.get("SIGN_IN_ADDRESS_LIMITS", "300 per 15 minutes")
    #: how long an emailed password-reset link works
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    # Asking for reset links: per account (no inbox is flooded) and per client address.
    PASSWORD_RESET_LIMITS = "5 per hour"
    PASSWORD_RESET_CLIENT_LIMITS = "20 per hour"

    API_TITLE = "EAA inquiry cycles"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/api/docs/static/"
    API_SPEC_OPTIONS = {
        "info": {
            "description": (
                "Teacher-student inquiry teams work puzzles of practice through "
                "Evidence → Analysis → Action cycles. Sign in with a session cookie "
                "(the web app) or a Bearer token (machines)."
            )
        }
    }
    #: requests an integration client may make, counted per client (a school shares one address)
    INTEGRATION_CLIENT_RATE_LIMIT = os.environ.get(
        "INTEGRATION_CLIENT_RATE_LIMIT", "600 per minute"
    )
    #: how long an integration client's access token lives
    INTEGRATION_TOKEN_SECONDS = int(os.environ.get("INTEGRATION_TOKEN_SECONDS", "3600"))
    #: deliver webhooks to private and loopback addresses: only for tests, never in production
    WEBHOOKS_ALLOW_PRIVATE = _bool("WEBHOOKS_ALLOW_PRIVATE")
    WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOKS_TIMEOUT_SECONDS", "10"))
    #: fetch LTI platforms' key sets from private and loopback addresses: only for tests
    LTI_ALLOW_PRIVATE = _bool("LTI_ALLOW_PRIVATE")
    #: the LTI tool's RSA private key (PEM); without it, one is made once under instance/
    LTI_PRIVATE_KEY = os.environ.get("LTI_PRIVATE_KEY", "")
    LTI_PRIVATE_KEY_FILE = os.environ.get(
        "LTI_PRIVATE_KEY_FILE", str(INSTANCE / "lti-private-key.pem")
    )

    JSON_SORT_KEYS = False
    TESTING = False

    @classmethod
    def validate(cls) -> None:
        """Refuse to start in production with settings that are only safe in development."""
        if cls.ENV_NAME == "production" and cls.SECRET_KEY in ("", DEV_SECRET):
            raise RuntimeError(
                "Set SECRET_KEY to a long random value before running in production."
            )
        try:
            parse_networks(cls.TRUSTED_PROXIES)
        except ValueError:
            raise RuntimeError(
                "TRUSTED_PROXIES must list IP addresses or networks, such as 172.30.0.10."
            ) from None
        if os.environ.get("BEHIND_PROXY"):
            raise RuntimeError("BEHIND_PROXY is gone: list your proxies in TRUSTED_PROXIES.")
        if cls.ENV_NAME == "production" and cls.WEBHOOKS_ALLOW_PRIVATE:
            raise RuntimeError("WEBHOOKS_ALLOW_PRIVATE is for tests; turn it off in production.")
        if cls.ENV_NAME == "production" and not cls.PUBLIC_URL.startswith("https://"):
            raise RuntimeError(
                "Set PUBLIC_URL to the https:// address people reach this server at "
                "(links in emails and LTI tool URLs start with it)."
            )
        if cls.ENV_NAME == "production" and cls.LTI_ALLOW_PRIVATE:
            raise RuntimeError("LTI_ALLOW_PRIVATE is for tests; turn it off in production.")


class TestConfig(Config):
    """The test suite's settings: SQLite in memory unless DATABASE_URL names a server."""

    TESTING = True
    ENV_NAME = "test"
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = database_url("sqlite://")
    SESSION_COOKIE_SECURE = False
    WEBHOOKS_ALLOW_PRIVATE = False
    LTI_ALLOW_PRIVATE = False
    # An LTI key made in memory per test run, never written to instance/.
    LTI_PRIVATE_KEY_FILE = ""
    # The services pass keeps rate limits in the real Redis, as production does.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
