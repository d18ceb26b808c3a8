"""The coach's dashboard across the teams they follow."""

from __future__ import annotations

from flask import Response
from flask_smorest import Page

from api.actor import COACHING_READ, current_actor
from api.blueprint import Blueprint, clients
from api.coaching import export, service
from api.coaching.schemas import DashboardQueryArgsSchema, DashboardTeamSchema

blp = Blueprint(
    "coaching", __name__, url_prefix="/api/v1", description="The coach's dashboard across teams"
)


@blp.route("/coach/dashboard", methods=["GET"], access=clients(COACHING_READ))
@blp.arguments(DashboardQueryArgsSchema, location="query")
@blp.response(200, DashboardTeamSchema(many=True))
@blp.paginate(Page)
def coach_dashboard(args):
    """For every team you coach: active cycles, days in phase, overdue and stalled items."""
    boards = service.dashboard(current_actor())
    return service.sorted_and_filtered(boards, **args)


@blp.route("/coach/dashboard.csv", methods=["GET"], access=clients(COACHING_READ))
@blp.arguments(DashboardQueryArgsSchema, location="query")
@blp.response(200, {"type": "string"}, content_type="text/csv")
def coach_dashboard_csv(args):
    """The coach dashboard as CSV: one row per open cycle of every team you coach."""
    boards = service.sorted_and_filtered(service.dashboard(current_actor()), **args)
    return Response(
        export.dashboard_csv(boards),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="coach-dashboard.csv"'},
    )
