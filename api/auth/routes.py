"""Signing in and out, who am I, and personal access tokens."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import service
from api.auth.actor import current_actor, public
from api.auth.requests import begin_session, csrf_token, end_session
from api.auth.schemas import (
    CsrfSchema,
    MeSchema,
    SignInSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
)
from api.auth.sign_in_limits import limit_sign_in
from api.extensions import db
from api.organizations import service as organizations
from api.pagination import page_of

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign-in and tokens")


def _me() -> dict:
    actor = current_actor()
    orgs = db.session.execute(organizations.my_organizations(actor)).all()
    user = actor.user
    return {
        "id": user.id,
        "display_name": user.display_name,
        "email": user.email,
        "username": user.username,
        "organizations": orgs,
        "csrf_token": csrf_token(),
    }


@blp.route("/auth/csrf", methods=["GET"])
@public
@blp.response(200, CsrfSchema)
def get_csrf():
    """Get the anti-forgery token the web app sends as X-CSRF-Token on changes."""
    return {"csrf_token": csrf_token()}


@blp.route("/auth/session", methods=["POST"])
@public
@limit_sign_in
@blp.arguments(SignInSchema)
@blp.response(200, MeSchema)
def sign_in(credentials):
    """Sign in with an email or username and a password; sets the session cookie."""
    user = service.authenticate(credentials["login"], credentials["password"])
    # A fresh session on sign-in: nothing planted before it survives (session fixation).
    begin_session(user)
    return _me()


@blp.route("/auth/session", methods=["DELETE"])
@public
@blp.response(204)
def sign_out():
    """Sign out of this browser."""
    end_session()


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Who you are signed in as, and your organizations."""
    return _me()


@blp.route("/me/tokens", methods=["GET"])
@blp.response(200, TokenSchema(many=True))
@blp.paginate()
def list_tokens(pagination_parameters):
    """List your personal access tokens (never their secrets)."""
    return page_of(service.list_tokens(current_actor()), pagination_parameters)


@blp.route("/me/tokens", methods=["POST"])
@blp.arguments(TokenCreateSchema)
@blp.response(201, TokenCreatedSchema)
def create_token(data):
    """Create a personal access token for a machine; the secret is shown once."""
    token, secret = service.create_token(
        current_actor(), name=data["name"], scopes=data["scopes"], days=data["expires_in_days"]
    )
    token.token = secret
    return token


@blp.route("/me/tokens/<token_id>", methods=["DELETE"])
@blp.response(204)
def revoke_token(token_id):
    """Revoke a token; machines using it are refused from now on."""
    service.revoke_token(current_actor(), token_id)
