"""Workflow definitions: states, labels and moves, for clients that draw cycles."""

from __future__ import annotations

from api.actor import CYCLES_READ
from api.blueprint import Blueprint
from api.workflows import service
from api.workflows.schemas import WorkflowSchema

blp = Blueprint(
    "workflows",
    __name__,
    url_prefix="/api/v1",
    description="Workflow definitions: the states a cycle goes through, and its moves",
    client_reads=CYCLES_READ,
)


@blp.route("/workflows", methods=["GET"])
@blp.response(200, WorkflowSchema(many=True))
def list_workflows():
    """List the workflows a cycle can follow (EAA, PDSA, …), with their states and moves."""
    return service.workflows()


@blp.route("/workflows/<name>", methods=["GET"])
@blp.response(200, WorkflowSchema)
def get_workflow(name):
    """Get one workflow: its states in order (labels, due dates, where it reflects) and moves."""
    return service.workflow(name)
