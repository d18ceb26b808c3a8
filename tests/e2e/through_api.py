"""Seeding e2e tests through the same REST API the pages use, signed in as a demo person."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta


class ApiAs:
    """One person's API session: JSON in, JSON out, CSRF and ETags handled."""

    def __init__(self, request, csrf_token: str):
        self.request = request
        self.csrf_token = csrf_token

    def _check(self, response, expected: tuple[int, ...]):
        assert response.status in expected, f"{response.status} {response.url}: {response.text()}"
        return response.json() if response.status != 204 and response.text() else None

    def get(self, path: str):
        return self._check(self.request.get(f"/api/v1{path}"), (200,))

    def send(self, method: str, path: str, data=None, *, expect=(200, 201, 204), headers=None):
        response = self.request.fetch(
            f"/api/v1{path}",
            method=method,
            data=data,
            headers={"X-CSRF-Token": self.csrf_token, **(headers or {})},
        )
        return self._check(response, expect)

    def post(self, path: str, data=None, **options):
        return self.send("POST", path, data, **options)

    def move(self, cycle_id: str, transition: str):
        """Move a cycle with the ETag it has now."""
        etag = self.request.get(f"/api/v1/cycles/{cycle_id}").headers["etag"]
        return self.send(
            "POST",
            f"/cycles/{cycle_id}/transitions",
            {"transition": transition},
            headers={"If-Match": etag},
        )

    def user_id(self, team_id: str, display_name: str) -> str:
        members = self.get(f"/teams/{team_id}/members?page_size=100")
        return next(m["user"]["id"] for m in members if m["user"]["display_name"] == display_name)

    def team_id(self, name: str) -> str:
        return next(team["id"] for team in self.get("/teams") if team["name"] == name)


@contextmanager
def api_as(browser, live_server: str, login: str, password: str):
    context = browser.new_context(base_url=live_server)
    try:
        request = context.request
        token = request.get("/api/v1/auth/csrf").json()["csrf_token"]
        signed_in = request.post(
            "/api/v1/auth/session",
            data={"login": login, "password": password},
            headers={"X-CSRF-Token": token},
        )
        assert signed_in.ok, signed_in.text()
        yield ApiAs(request, signed_in.json()["csrf_token"])
    finally:
        context.close()


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()
