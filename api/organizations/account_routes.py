"""An admin's help with a person's account: invite, set a password, turn it off and on."""

from __future__ import annotations

import marshmallow as ma

from api.actor import current_actor
from api.blueprint import Blueprint
from api.organizations import accounts
from api.organizations.schemas import PersonSchema
from api.schemas import Schema

blp = Blueprint(
    "accounts",
    __name__,
    url_prefix="/api/v1/organizations/<organization_id>/people/<user_id>",
    description="People's accounts, for admins: invitations, passwords, turning accounts off",
)


class InvitationSchema(Schema):
    sent_to = ma.fields.String(dump_only=True)


class PasswordSetSchema(Schema):
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(max=1024)
    )


@blp.route("/invitation", methods=["POST"])
@blp.response(202, InvitationSchema)
def send_invitation(organization_id, user_id):
    """Email the person a link to choose their password (a reset if they have one); admins,
    for people of this organization only."""
    return {"sent_to": accounts.send_invitation(current_actor(), organization_id, user_id)}


@blp.route("/password", methods=["PUT"])
@blp.arguments(PasswordSetSchema)
@blp.response(204)
def set_password(data, organization_id, user_id):
    """Set a new password for a person without email (admins); their sessions and tokens end."""
    accounts.set_password_for(current_actor(), organization_id, user_id, data["password"])


@blp.route("/deactivate", methods=["POST"])
@blp.response(200, PersonSchema)
def deactivate(organization_id, user_id):
    """Turn a person's account off: no sign-in, sessions and tokens end, their work stays."""
    user, is_admin = accounts.set_active(current_actor(), organization_id, user_id, False)
    return {"User": user, "is_admin": is_admin}


@blp.route("/reactivate", methods=["POST"])
@blp.response(200, PersonSchema)
def reactivate(organization_id, user_id):
    """Turn a person's account back on."""
    user, is_admin = accounts.set_active(current_actor(), organization_id, user_id, True)
    return {"User": user, "is_admin": is_admin}
