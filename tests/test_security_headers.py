"""Security headers on every response, a strict policy the web app lives within, HSTS on https."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from api.app import create_app
from api.config import TestConfig

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


def policy(response) -> dict[str, str]:
    directives = response.headers["Content-Security-Policy"].split(";")
    return {d.split()[0]: " ".join(d.split()[1:]) for d in (d.strip() for d in directives) if d}


@pytest.mark.parametrize(
    "path", ["/", "/teams/abc", "/js/app.js", "/api/v1/auth/csrf", "/api/v1/me", "/api/v1/nope"]
)
def test_every_kind_of_response_carries_the_security_headers(anonymous, path):
    response = anonymous.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    directives = policy(response)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_the_web_app_policy_allows_only_this_origin_and_its_import_map(anonymous):
    directives = policy(anonymous.get("/"))
    assert directives["default-src"] == "'self'"
    # the inline import map by its hash (tests/test_static_assets.py checks it is that script's)
    assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/]{43}='", directives["script-src"])
    assert directives["style-src"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"


def test_the_docs_page_may_run_only_its_own_inline_script(anonymous):
    response = anonymous.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    script_src = policy(response)["script-src"]
    assert script_src == f"'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in script_src


def test_hsts_only_over_https(anonymous):
    assert "Strict-Transport-Security" not in anonymous.get("/").headers
    secure = anonymous.client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_forwarded_https_scheme_is_ignored_unless_the_proxy_is_trusted(anonymous):
    forwarded = anonymous.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in forwarded.headers


def test_behind_a_trusted_proxy_the_forwarded_https_scheme_turns_on_hsts():
    class BehindProxy(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        TRUSTED_PROXIES = "127.0.0.1"

    client = create_app(BehindProxy).test_client()
    assert "Strict-Transport-Security" not in client.get("/").headers
    forwarded = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.headers["Strict-Transport-Security"].startswith("max-age=")


INLINE_HTML = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute or element": re.compile(r"<[a-z][^>]*\sstyle\s*=|<style", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "file", sorted(FRONTEND.rglob("*.html")) + sorted(FRONTEND.rglob("*.js")), ids=str
)
def test_the_frontend_has_nothing_inline_the_policy_would_block(file):
    source = file.read_text()
    for what, pattern in INLINE_HTML.items():
        assert not pattern.search(source), f"{file.relative_to(FRONTEND)} has an {what}"


def test_every_personal_api_answer_and_export_says_no_store(client_for, school):
    teacher = client_for(school.teacher)
    for path in (
        "/api/v1/me",
        f"/api/v1/teams/{school.team.id}",
        f"/api/v1/teams/{school.team.id}/members",
        "/api/v1/me/tokens",
        "/api/v1/no-such-thing",
    ):
        response = teacher.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
    admin = client_for(school.admin)
    export = admin.post(
        f"/api/v1/organizations/{school.org.id}/people/{school.student.id}/privacy-export"
    )
    assert export.status_code == 200
    assert export.headers["Cache-Control"] == "no-store"
    trust_csv = teacher.get(f"/api/v1/teams/{school.team.id}/trust-results.csv")
    assert trust_csv.status_code == 200, trust_csv.get_data(as_text=True)
    assert trust_csv.headers["Cache-Control"] == "no-store"


def test_a_wrong_method_gets_405_with_the_allowed_ones(client_for, school):
    response = client_for(school.teacher).delete("/api/v1/me")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert {"GET", "PATCH"} <= set(response.headers["Allow"].split(", "))
