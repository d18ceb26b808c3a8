import pytest

from api.app import create_app
from api.config import DEV_SECRET, Config, database_url


def test_production_refuses_to_start_with_the_default_secret():
    class Production(Config):
        ENV_NAME = "production"
        SECRET_KEY = DEV_SECRET

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_production_starts_with_a_real_secret_and_secure_cookies(tmp_path):
    class Production(Config):
        ENV_NAME = "production"
        SECRET_KEY = "x" * 40
        SESSION_COOKIE_SECURE = True
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"

    app = create_app(Production)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_plain_postgresql_urls_use_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert database_url("sqlite://") == "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url("sqlite://") == "sqlite://"
