import pytest
from sqlalchemy.engine import make_url

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
        PUBLIC_URL = "https://eaa.school.example"
        SESSION_COOKIE_SECURE = True
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"

    app = create_app(Production)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_production_refuses_to_start_without_an_https_public_url():
    class Production(Config):
        ENV_NAME = "production"
        SECRET_KEY = "x" * 40

    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(Production)


def test_plain_postgresql_urls_use_the_psycopg_driver_with_connection_timeouts(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    url = make_url(database_url("sqlite://"))
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database) == ("127.0.0.1", 5432, "test")
    assert url.query["connect_timeout"] == "5"
    assert url.query["tcp_user_timeout"] == "20000"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url("sqlite://") == "sqlite://"


def test_a_database_url_keeps_the_timeouts_it_names(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p%40ss@db:6432/eaa?connect_timeout=2")
    url = make_url(database_url("sqlite://"))
    assert url.password == "p@ss"
    assert url.query["connect_timeout"] == "2"
    assert url.query["keepalives_idle"] == "30"
