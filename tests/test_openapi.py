"""The committed openapi.yaml is what the code generates: `make openapi` after API changes."""

from pathlib import Path

import yaml
from openapi_spec_validator import validate

from api.actor import CLIENT_SCOPES
from api.extensions import rest_api

ROOT = Path(__file__).resolve().parent.parent


def test_committed_openapi_document_matches_the_code(app):
    with app.app_context():
        generated = rest_api.spec.to_dict()
    committed = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    assert committed == generated, "openapi.yaml is out of date: run `make openapi`"


def test_every_operation_has_a_summary_for_integrators(app):
    with app.app_context():
        paths = rest_api.spec.to_dict()["paths"]
    missing = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method != "parameters" and not operation.get("summary")
    ]
    assert missing == []


def test_api_docs_page_uses_local_swagger_files(app):
    client = app.test_client()
    page = client.get("/api/docs").get_data(as_text=True)
    assert "/api/docs/static/swagger-ui-bundle.js" in page
    assert client.get("/api/docs/static/swagger-ui-bundle.js").status_code == 200


def _document(app) -> dict:
    with app.app_context():
        return rest_api.spec.to_dict()


def test_the_document_is_valid_openapi(app):
    validate(_document(app))  # raises, naming the first thing that is not valid


def test_client_credentials_flow_lists_every_scope_and_each_operation_says_its_own(app):
    document = _document(app)
    flow = document["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/api/v1/oauth/token"
    assert set(flow["scopes"]) == set(CLIENT_SCOPES)
    paths = document["paths"]
    roster = paths["/api/v1/organizations/{organization_id}/roster/batch"]["post"]
    assert {"oauth2": ["roster:write"]} in roster["security"]
    team_read = paths["/api/v1/teams/{team_id}"]["get"]
    assert {"oauth2": ["teams:read"]} in team_read["security"]
    # People only: a session or a personal token, no client scope.
    team_change = paths["/api/v1/teams/{team_id}"]["patch"]
    assert team_change["security"] == [{"cookieAuth": []}, {"bearerAuth": []}]
    assert paths["/api/v1/health"]["get"]["security"] == []
    assert paths["/api/v1/oauth/token"]["post"]["security"] == []


def test_every_client_operation_is_one_a_client_can_really_call(app):
    """The document's scopes and the request checks read the same rule."""
    from api.blueprint import access_of

    with app.test_request_context():
        for path, operations in _document(app)["paths"].items():
            flask_path = path.replace("{", "<").replace("}", ">")
            for method, operation in operations.items():
                if method == "parameters":
                    continue
                scopes = [s["oauth2"][0] for s in operation["security"] if "oauth2" in s]
                rule = next(
                    r
                    for r in app.url_map.iter_rules()
                    if r.rule == flask_path and method.upper() in r.methods
                )
                access = access_of(app.view_functions[rule.endpoint])
                assert scopes == ([access.client_scope] if access.client_scope else []), path


def test_reads_declare_etag_and_304_and_idempotent_posts_their_key(app):
    paths = _document(app)["paths"]
    team_read = paths["/api/v1/teams/{team_id}"]["get"]
    assert "304" in team_read["responses"]
    assert "ETag" in team_read["responses"]["200"]["headers"]
    assert any(p["name"] == "If-None-Match" for p in team_read["parameters"])
    batch = paths["/api/v1/organizations/{organization_id}/roster/batch"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in batch["parameters"])
    assert "Idempotent-Replayed" in batch["responses"]["200"]["headers"]
    assert "RateLimit-Remaining" in batch["responses"]["200"]["headers"]


def test_the_document_is_built_without_private_parts_of_apispec_or_flask_smorest():
    for source in (ROOT / "api").rglob("*.py"):
        text = source.read_text()
        assert "spec._paths" not in text, source
        assert "READ_SCOPE_BY_BLUEPRINT" not in text, source


def test_every_api_route_carries_its_access_rule(app):
    """Routes of a plain flask-smorest Blueprint would fall back to people-only silently."""
    from api.blueprint import access_of

    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and access_of(app.view_functions[rule.endpoint]) is None
    ]
    assert missing == []
