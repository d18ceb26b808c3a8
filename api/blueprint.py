"""The project's Blueprint: each route says who may call it, and the OpenAPI document says so too.

    blp = Blueprint("teams", __name__, url_prefix="/api/v1", client_reads=TEAMS_READ)

    @blp.route("/teams", methods=["GET"])                     # people; clients with teams:read
    @blp.route("/health", methods=["GET"], access=PUBLIC)     # anyone
    @blp.route("/roster/...", methods=["PUT"], access=clients(ROSTER_WRITE))

Request authentication (api.authentication) reads the rule with `access_of(view)`; the OpenAPI
plugin (api.openapi) writes it into each operation's `security`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.pagination import PaginationMetadataSchema

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    """Who may call a route."""

    #: anyone, signed in or not (a person who is signed in is still known)
    public: bool = False
    #: the view reads its own credentials (the OAuth token endpoint): no session, CSRF or token
    own_credentials: bool = False
    #: an organization's integration client may call it when its access token holds this scope
    client_scope: str | None = None

    @property
    def for_clients(self) -> bool:
        return self.client_scope is not None


#: signed-in people only (a browser session or a personal access token)
PEOPLE = Access()
PUBLIC = Access(public=True)
OWN_CREDENTIALS = Access(public=True, own_credentials=True)


def clients(scope: str) -> Access:
    """People, and integration clients whose token holds `scope`."""
    return Access(client_scope=scope)


def access_of(view) -> Access | None:
    """The access rule of a view; None for views of no project Blueprint (the SPA, LTI)."""
    return getattr(view, "access", None)


def pagination_metadata(page: int, page_size: int, item_count: int) -> dict[str, int]:
    """What X-Pagination says of a page: total, total_pages, first_page, last_page, page,
    previous_page and next_page (the last five only when there are items, the page number and
    its neighbours only when they exist). Included lists (api.includes) carry the same."""
    metadata = {"total": item_count, "total_pages": 0}
    if item_count:
        last_page = (item_count - 1) // page_size + 1
        metadata.update(total_pages=last_page, first_page=1, last_page=last_page)
        if page <= last_page:
            metadata["page"] = page
            if page > 1:
                metadata["previous_page"] = page - 1
            if page < last_page:
                metadata["next_page"] = page + 1
    return PaginationMetadataSchema().dump(metadata)


class Blueprint(SmorestBlueprint):
    """flask-smorest's Blueprint whose routes carry an `Access` rule.

    `client_reads`: a scope that opens this blueprint's reads (GET) to integration clients;
    object-level checks still keep a client inside its own organization.
    """

    # flask-smorest's documented hook for X-Pagination ("override this"): the header and the
    # lists a resource includes (api.includes) come from one function.
    _make_pagination_metadata = staticmethod(pagination_metadata)

    def __init__(self, *args, client_reads: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.client_reads = client_reads

    def route(self, rule, *, access: Access | None = None, **options):
        methods = set(options.get("methods", ("GET",)))
        if access is None:
            reads = self.client_reads and methods <= SAFE_METHODS
            access = clients(self.client_reads) if reads else PEOPLE  # type: ignore[arg-type]
        register = super().route(rule, **options)

        def decorator(view):
            view.access = access
            return register(view)

        return decorator
