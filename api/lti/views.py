"""The LTI 1.3 endpoints the platform and the browser call (outside /api/v1).

No CSRF token here: the platform posts cross-site by design; state and nonce protect launches.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, jsonify, redirect, render_template_string, request, session

from api.auth.cookie import begin_session
from api.extensions import limiter
from api.lti import deep_linking, service
from api.lti.keys import tool_jwks

bp = Blueprint("lti", __name__, url_prefix="/lti")


@bp.route("/login", methods=["GET", "POST"])
# Each login stores a state row; a whole class behind one school address must still get in.
@limiter.limit("300 per minute")
def login():
    """OIDC login initiation from the platform: off to its auth URL with state and nonce."""
    return service.login()


@bp.route("/launch", methods=["POST"])
def launch():
    """The platform posts the signed id_token here; the person lands on their team's page."""
    result = service.launch()
    begin_session(result.user)
    if result.deep_link:
        page = render_template_string(
            PICKER,
            token=result.deep_link,
            team=result.team,
            choices=deep_linking.choices(result.team.id),
        )
        return page, 200, {"Cache-Control": "no-store"}
    return redirect(result.landing, code=303)


@bp.route("/deep-link", methods=["POST"])
def deep_link():
    """The teacher's pick: answered with a form that takes the signed choice to the platform."""
    answer = deep_linking.answer(
        request.form.get("token", ""), request.form.get("target", ""), user_id=session.get("uid")
    )
    page = render_template_string(RETURN, answer=answer)
    destination = urlsplit(answer.return_url)
    digest = base64.b64encode(hashlib.sha256(AUTO_SUBMIT.encode()).digest()).decode()
    # The one page of the app that posts elsewhere: to the platform's return address only.
    policy = (
        f"default-src 'none'; script-src 'sha256-{digest}'; base-uri 'none'; "
        f"frame-ancestors 'none'; form-action {destination.scheme}://{destination.netloc}"
    )
    return page, 200, {"Content-Security-Policy": policy, "Cache-Control": "no-store"}


@bp.route("/jwks", methods=["GET"])
def jwks():
    """The tool's public key set."""
    response = jsonify(tool_jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


PICKER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Add to your course</title><link rel="stylesheet" href="/css/app.css"></head>
<body><main class="page narrow">
<h1>Add a page of {{ team.name }} to your course</h1>
{% if choices %}
<p class="lead">Pick what your students see when they open this link in the course.</p>
<form class="form card" method="post" action="/lti/deep-link">
<input type="hidden" name="token" value="{{ token }}">
<fieldset class="field"><legend>Pick one puzzle or cycle</legend>
<div class="choices">
{% for choice in choices %}
<div class="choice"><input type="radio" name="target" value="{{ choice.target }}"
id="target-{{ loop.index }}" required{% if loop.first %} checked{% endif %}>
<label for="target-{{ loop.index }}">{{ choice.kind }}: {{ choice.title }}</label></div>
{% endfor %}
</div>
</fieldset>
<button type="submit" class="button">Add to course</button>
</form>
{% else %}
<p>Your team has no puzzles or cycles yet. Open the app, start a puzzle, then add it here.</p>
{% endif %}
</main></body></html>
"""

AUTO_SUBMIT = "document.forms[0].submit();"
RETURN = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Back to your course</title></head>
<body><form method="post" action="{{ answer.return_url }}">
<input type="hidden" name="JWT" value="{{ answer.jwt }}">
<button type="submit">Back to your course</button></form>
<script>"""
    + AUTO_SUBMIT
    + """</script></body></html>
"""
)
