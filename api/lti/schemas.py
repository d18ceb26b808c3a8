from __future__ import annotations

import marshmallow as ma

from api.schemas import Schema, Text

ROSTER_SOURCE = {
    "description": "The roster sync's source for this LMS's ids (e.g. canvas): launches find "
    "rostered people by lis.person_sourcedid and courses by their section sourcedId"
}
MATCH_EMAIL = {
    "description": "true: a first launch may find a person of this organization (not an admin) "
    "by the platform's email claim"
}


class ToolUrlsSchema(Schema):
    login_initiation_url = ma.fields.String(dump_only=True)
    redirect_uri = ma.fields.String(dump_only=True)
    target_link_uri = ma.fields.String(dump_only=True)
    jwks_url = ma.fields.String(dump_only=True)


class LtiPlatformSchema(Schema):
    id = ma.fields.String(dump_only=True)
    organization_id = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    issuer = ma.fields.String(dump_only=True)
    client_id = ma.fields.String(dump_only=True)
    deployment_ids = ma.fields.List(ma.fields.String(), dump_only=True)
    auth_login_url = ma.fields.String(dump_only=True)
    auth_token_url = ma.fields.String(dump_only=True)
    jwks_url = ma.fields.String(dump_only=True, allow_none=True)
    public_key = ma.fields.String(dump_only=True, allow_none=True)
    roster_source = ma.fields.String(dump_only=True, allow_none=True, metadata=ROSTER_SOURCE)
    match_email = ma.fields.Boolean(dump_only=True, metadata=MATCH_EMAIL)
    created_at = ma.fields.DateTime(dump_only=True)
    tool = ma.fields.Nested(
        ToolUrlsSchema,
        dump_only=True,
        metadata={"description": "The tool's URLs to enter in the platform's registration"},
    )


class LtiPlatformCreateSchema(Schema):
    name = Text(200, required=True)
    issuer = Text(300, required=True, metadata={"description": "The platform's iss"})
    client_id = Text(200, required=True, metadata={"description": "The client id it gave us"})
    deployment_ids = ma.fields.List(
        Text(255), required=True, validate=ma.validate.Length(min=1, max=50)
    )
    auth_login_url = Text(2000, required=True, metadata={"description": "OIDC auth endpoint"})
    auth_token_url = Text(2000, allow_blank=True, load_default="")
    jwks_url = Text(2000, allow_none=True, metadata={"description": "The platform's JWKS URL"})
    public_key = Text(
        10000, allow_none=True, metadata={"description": "Or the platform's public key (PEM)"}
    )
    roster_source = Text(40, allow_none=True, metadata=ROSTER_SOURCE)
    match_email = ma.fields.Boolean(load_default=False, metadata=MATCH_EMAIL)


class LtiPlatformUpdateSchema(Schema):
    name = Text(200)
    deployment_ids = ma.fields.List(Text(255), validate=ma.validate.Length(min=1, max=50))
    auth_login_url = Text(2000)
    auth_token_url = Text(2000, allow_blank=True)
    jwks_url = Text(2000, allow_none=True)
    public_key = Text(10000, allow_none=True)
    roster_source = Text(40, allow_none=True, metadata=ROSTER_SOURCE)
    match_email = ma.fields.Boolean(metadata=MATCH_EMAIL)


class LtiCourseLinkSchema(Schema):
    team_id = Text(64, required=True, metadata={"description": "The team the course opens"})


class LtiCourseSchema(Schema):
    platform_id = ma.fields.String(dump_only=True)
    context_id = ma.fields.String(dump_only=True)
    team_id = ma.fields.String(dump_only=True)


class LtiTeamCourseSchema(LtiCourseSchema):
    platform_name = ma.fields.String(dump_only=True)
    title = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The course's name from its latest launch"},
    )
    team_name = ma.fields.String(dump_only=True)
    can_fill = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "description": "The team can be filled from the course: a launch shared its member "
            "list (Names and Role Provisioning) and the platform has a token URL"
        },
    )
    linked_at = ma.fields.DateTime(dump_only=True)


class LtiTeamCoursesQueryArgsSchema(Schema):
    others = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "true lists the courses that open other teams you teach instead "
            "(an admin: every other team), which you can link to this one"
        },
    )


class LtiProvisionedSchema(Schema):
    joined = ma.fields.Integer(
        required=True, metadata={"description": "people who joined the team now"}
    )
    already = ma.fields.Integer(
        required=True, metadata={"description": "members already in the team"}
    )
    skipped = ma.fields.Integer(
        required=True,
        metadata={"description": "left out: inactive, or a course role with no team role"},
    )
    left = ma.fields.Integer(
        required=True,
        metadata={
            "description": "people the course brought (by a launch or by filling) who are no "
            "longer active in it, and so left the team; their records stay"
        },
    )
    stayed = ma.fields.Integer(
        required=True,
        metadata={
            "description": "people no longer in the course who stay: the team's last teacher, "
            "or the person who asked"
        },
    )
    whole_list = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "false when the course was too long to read whole (over 50 pages): "
            "then nobody left"
        },
    )
