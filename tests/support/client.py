"""A test client that speaks JSON and sends the CSRF token like the web app does, and the
password every fixture person has."""

from __future__ import annotations

PASSWORD = "correct horse battery"


class ApiClient:
    """A test client that speaks JSON and sends the CSRF token like the web app does."""

    def __init__(self, app, token: str | None = None) -> None:
        self.client = app.test_client()
        self.bearer = token
        self.csrf: str | None = None

    def _headers(self, method: str, headers: dict | None) -> dict:
        result = dict(headers or {})
        if self.bearer:
            result.setdefault("Authorization", f"Bearer {self.bearer}")
        elif method not in ("GET", "HEAD"):
            if self.csrf is None:
                self.csrf = self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
            result.setdefault("X-CSRF-Token", self.csrf)
        return result

    def request(self, method: str, path: str, *, headers: dict | None = None, **kwargs):
        response = self.client.open(
            path, method=method, headers=self._headers(method, headers), **kwargs
        )
        body = response.get_json(silent=True)
        if isinstance(body, dict) and "csrf_token" in body:
            self.csrf = body["csrf_token"]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def sign_in(self, login: str, password: str = PASSWORD):
        response = self.post("/api/v1/auth/session", json={"login": login, "password": password})
        assert response.status_code == 200, response.get_json()
        return self
