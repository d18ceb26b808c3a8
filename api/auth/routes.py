"""Signing in and out (everywhere too), passwords, who am I, and personal access tokens."""

from __future__ import annotations

from flask import current_app

from api.access import my_organizations
from api.actor import current_actor, optional_actor
from api.auth import identity, password_resets, service
from api.auth.cookie import begin_session, csrf_token, end_session, keep_session
from api.auth.schemas import (
    CsrfSchema,
    IdentityConfirmedSchema,
    IdentityConfirmSchema,
    MeSchema,
    MeUpdateSchema,
    PasswordChangeSchema,
    PasswordResetRequestedSchema,
    PasswordResetRequestSchema,
    PasswordResetSchema,
    SessionStateSchema,
    SignInSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
)
from api.auth.sign_in_limits import limit_password_change, limit_reset_requests, limit_sign_in
from api.blueprint import PUBLIC, Blueprint
from api.errors import Unauthorized
from api.extensions import db
from api.mail import send_after_response
from api.pagination import page_of

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign-in and tokens")


def _me() -> dict:
    actor = current_actor()
    orgs = db.session.execute(my_organizations(actor)).all()
    user = actor.user
    if user is None:  # an integration client: these routes are for people
        raise Unauthorized("Please sign in first.")
    return {
        "id": user.id,
        "display_name": user.display_name,
        "email": user.email,
        "username": user.username,
        "organizations": orgs,
        "csrf_token": csrf_token(),
        "pending_changes": identity.pending_fields(user.id),
    }


@blp.route("/auth/csrf", methods=["GET"], access=PUBLIC)
@blp.response(200, CsrfSchema)
def get_csrf():
    """Get the anti-forgery token the web app sends as X-CSRF-Token on changes."""
    return {"csrf_token": csrf_token()}


@blp.route("/auth/session", methods=["GET"], access=PUBLIC)
@blp.response(200, SessionStateSchema)
def get_session():
    """Whether this browser is signed in, and as whom (200 either way, unlike `/me`)."""
    actor = optional_actor()
    if actor is None or actor.user is None:
        return {"signed_in": False, "user": None, "csrf_token": csrf_token()}
    return {"signed_in": True, "user": _me(), "csrf_token": csrf_token()}


@blp.route("/auth/session", methods=["POST"], access=PUBLIC)
@limit_sign_in
@blp.arguments(SignInSchema)
@blp.response(200, MeSchema)
def sign_in(credentials):
    """Sign in with an email or username and a password; sets the session cookie."""
    user = service.authenticate(credentials["login"], credentials["password"])
    # A fresh session on sign-in: nothing planted before it survives (session fixation).
    begin_session(user)
    return _me()


@blp.route("/auth/session", methods=["DELETE"], access=PUBLIC)
@blp.response(204)
def sign_out():
    """Sign out of this browser."""
    end_session()


@blp.route("/me/sessions", methods=["DELETE"])
@blp.response(204)
def sign_out_everywhere():
    """Sign out everywhere: every browser signed in as you, this one included."""
    service.sign_out_everywhere(current_actor())
    end_session()


@blp.route("/me/password", methods=["PUT"])
@limit_password_change
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data):
    """Change your password; you stay signed in here and are signed out everywhere else."""
    user = service.change_password(current_actor(), data["current_password"], data["new_password"])
    keep_session(user)


@blp.route("/auth/password-reset", methods=["POST"], access=PUBLIC)
@limit_reset_requests
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202, PasswordResetRequestedSchema)
def request_password_reset(data):
    """Email a link to choose a new password; the answer is the same for unknown accounts."""
    email = password_resets.request_reset(data["login"])
    if email is not None:
        send_after_response(email)
    return {
        "message": password_resets.LINK_SENT,
        "expires_in_minutes": current_app.config["PASSWORD_RESET_MINUTES"],
    }


@blp.route("/auth/password-reset/complete", methods=["POST"], access=PUBLIC)
@blp.arguments(PasswordResetSchema)
@blp.response(204)
def complete_password_reset(data):
    """Choose a new password with the emailed link's token; every session of the person ends."""
    password_resets.complete_reset(data["token"], data["password"])


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Who you are signed in as, and your organizations."""
    return _me()


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MeUpdateSchema)
@blp.response(200, MeSchema)
def update_me(data):
    """Change your name, or your email: a new email is used once you open the link we send to
    it (until then you sign in with the old one)."""
    identity.change_my_identity(current_actor(), **data)
    return _me()


@blp.route("/auth/identity-changes/confirm", methods=["POST"], access=PUBLIC)
@blp.arguments(IdentityConfirmSchema)
@blp.response(200, IdentityConfirmedSchema)
def confirm_identity_change(data):
    """Open an emailed link: agree to a change of your name or email, or prove a new address."""
    return identity.confirm_change(data["token"])


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
