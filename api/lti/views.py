"""The LTI 1.3 endpoints the platform and the browser call (outside /api/v1).

No CSRF token here: the platform posts cross-site by design; state and nonce protect launches.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect

from api.auth.cookie import begin_session
from api.extensions import limiter
from api.lti import service
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
    return redirect(f"/teams/{result.team.id}", code=303)


@bp.route("/jwks", methods=["GET"])
def jwks():
    """The tool's public key set."""
    response = jsonify(tool_jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
