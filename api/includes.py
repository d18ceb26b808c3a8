"""Related data in one request: `?include=a,b,c` on a resource's read (issue #16).

How a resource offers its parts (the cycle's are in api/cycles/routes.py):

    CYCLE_PARTS = Includes("cycle", [
        Part("evidence", EvidenceSchema, many=True, scope=CYCLES_READ,
             load=lambda access, page: [describe(e) for e in page_of(evidence_of(access), page)]),
        Part("reflection", ReflectionSchema, optional=True, scope=CYCLES_READ, load=reflection_of),
    ])

    @blp.route("/cycles/<cycle_id>", methods=["GET"])
    @blp.response(200, CYCLE_PARTS.schema(CycleSchema))   # the usual fields + `included`
    @CYCLE_PARTS.parameter                                 # ?include= documented and parsed
    def get_cycle(include, cycle_id):
        access = service.get_cycle(current_actor(), cycle_id)   # the access check, once
        return CYCLE_PARTS.answer(describe.details(access), include, access)

What every resource keeps to:
- A part is made by the SAME service function and schema as its own route. Its loader gets
  what the resource's read established (its access: a CycleAccess, a TeamAccess…), so the
  access check is written once and runs once. Give the part's service a function that takes
  that access, and have the standalone service call it right after its own check:
      def cycle_evidence(actor, cycle_id, **filters) -> Select:
          return evidence_of(cycle_access(actor, cycle_id), **filters)
- A list part (`many=True`) is its first page of up to 100 items (the largest page a list route
  serves, so a page's lists come whole; `page_size` for a part shown shorter, as recent activity),
  {"items": [...], "pagination": {the fields of X-Pagination}}; its loader takes
  (access, pagination_parameters) and pages with api.pagination.page_of as its route does.
  Further pages come from the part's own route.
- A one-object part is the object, or None when there is none (never a 404).
- `scope`: the client scope the part's own route needs. A client without it, or a loader that
  raises Forbidden (a role that may not read the part), fails the whole request with 400
  naming the part; nothing is served in part. `people_only`: the part's route refuses
  integration clients whatever their scopes (a team's trust surveys); a client asking is a 400.
- Without `include` the answer is exactly the resource's usual one. With it, the answer's
  ETag is of the whole answer (the route leaves out its own ETag), so If-None-Match stays true.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

import marshmallow as ma
from flask import request
from flask_smorest.pagination import PaginationMetadataSchema, PaginationParameters

from api.actor import current_actor
from api.blueprint import Blueprint, pagination_metadata
from api.errors import BadRequest, Forbidden
from api.schemas import Schema

#: the first page a list part answers: the largest page a list route serves (`page_size=100`),
#: so a page's lists come in its one request however long a class or a cycle's evidence grows
PAGE_SIZE = 100
BAD_INCLUDE = "Some of the parts asked for in `include` can't be served."


@dataclass(frozen=True)
class Part:
    """One part a resource offers: its name in `include`, its schema (the one its own route
    answers with), whether it is a list, the client scope its route needs, and its loader."""

    name: str
    schema: type[ma.Schema]
    #: (context) → object or None; for a list, (context, pagination_parameters) → items
    load: Callable[..., Any]
    many: bool = False
    #: a one-object part that may be absent (a cycle's reflection): null, never a 404
    optional: bool = False
    scope: str | None = None
    #: its route is for people only: integration clients may not read it, whatever their scopes
    people_only: bool = False
    #: where the part lives on its own, for the document ("GET /cycles/{id}/evidence")
    route: str = ""
    #: a list's first page: up to 100 items, or fewer for a part shown short (recent activity)
    page_size: int = PAGE_SIZE


class Includes:
    """The parts one resource offers, and the `include` parameter that asks for them."""

    def __init__(self, resource: str, parts: Sequence[Part]) -> None:
        self.resource = resource
        self.parts = {part.name: part for part in parts}

    # ---- The request -------------------------------------------------------------------

    def requested(self) -> list[Part]:
        """The parts `include` asks for; BadRequest (400) naming each bad one, before any
        part is read: unknown, asked for twice, more than offered, or not for this caller."""
        values = request.args.getlist("include")
        names = [name.strip() for value in values for name in value.split(",")]
        if not any(names):
            return []
        offered = ", ".join(self.parts)
        if len(names) > len(self.parts):
            raise _bad(
                f"Ask for at most {len(self.parts)} parts: a {self.resource} offers {offered}."
            )
        problems = []
        seen: set[str] = set()
        for name in names:
            if name in seen:
                problems.append(f"“{name}” is asked for more than once.")
            elif name not in self.parts:
                shown = name if len(name) <= 40 else f"{name[:40]}…"
                problems.append(f"A {self.resource} has no part “{shown}”. Choose from {offered}.")
            seen.add(name)
        actor = current_actor()
        for name in dict.fromkeys(names):
            part = self.parts.get(name)
            if part and actor.is_client and part.people_only:
                problems.append(f"“{name}” is for people: integration clients can't read it.")
            elif part and part.scope and actor.is_client and not actor.has_scope(part.scope):
                problems.append(f"“{name}” needs the '{part.scope}' scope.")
        if problems:
            raise _bad(*problems)
        return [self.parts[name] for name in names]

    def parameter(self, view: Callable) -> Callable:
        """Document `include` on a read and pass the parts asked for to the view as `include`."""

        @wraps(view)
        def read(*args, **kwargs):
            return view(*args, include=self.requested(), **kwargs)

        return Blueprint.doc(parameters=[self._parameter_doc()], responses={400: "BAD_REQUEST"})(
            read
        )

    def answer(self, body: dict, parts: Sequence[Part], context: Any) -> dict:
        """The resource's answer with `included`: each part asked for, from `context` (what the
        resource's read established, its access). Unchanged when no part is asked for."""
        if parts:
            body["included"] = {part.name: self._load(part, context) for part in parts}
        return body

    def _load(self, part: Part, context: Any) -> Any:
        try:
            if not part.many:
                return part.load(context)
            page = PaginationParameters(1, part.page_size)
            items = part.load(context, page)
        except Forbidden as error:
            message = f"You can't read “{part.name}” of this {self.resource}: {error.detail}"
            raise _bad(message) from None
        metadata = pagination_metadata(1, part.page_size, page.item_count or 0)
        return {"items": items, "pagination": metadata}

    # ---- The document --------------------------------------------------------------------

    def _parameter_doc(self) -> dict:
        listed = "; ".join(
            f"`{part.name}`" + (f" ({part.route})" if part.route else "")
            for part in self.parts.values()
        )
        sizes = ", ".join(
            [f"{PAGE_SIZE} items"]
            + [
                f"`{part.name}` {part.page_size}"
                for part in self.parts.values()
                if part.many and part.page_size != PAGE_SIZE
            ]
        )
        return {
            "in": "query",
            "name": "include",
            "required": False,
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "uniqueItems": True,
                "maxItems": len(self.parts),
                "items": {"type": "string", "enum": list(self.parts)},
            },
            "description": (
                f"Related data in the same answer, comma-separated: {listed}. The answer "
                "gains `included`, one key per part asked for. A list is its first page "
                f"of up to {sizes}, with `pagination` as the list's X-Pagination header says it "
                f"for that page size; further pages come from the part's own route "
                f"(`page_size={PAGE_SIZE}&page=2`). A missing one-object "
                "part is null. Each part is authorized as its own route is: a part you may "
                "not read (a client without its scope), an unknown or repeated part, or too "
                "many, is a 400 naming it, and nothing is served. With `include` the ETag is "
                "of the whole answer: send the `version` in If-Match."
            ),
        }

    def schema(self, base: type[ma.Schema]) -> type[ma.Schema]:
        """The resource's response schema with an optional `included` object: one optional
        property per part, each the part's own schema (a page of them for a list)."""
        stem = base.__name__.removesuffix("Schema")
        fields: dict[str, ma.fields.Field] = {
            part.name: ma.fields.Nested(_page_schema(part.schema), dump_only=True)
            if part.many
            else ma.fields.Nested(part.schema, dump_only=True, allow_none=part.optional)
            for part in self.parts.values()
        }
        included = type(f"{stem}IncludedSchema", (Schema,), fields)
        described = ma.fields.Nested(
            included,
            dump_only=True,
            metadata={"description": "The parts asked for with `include` (only then)"},
        )
        return type(f"{stem}ReadSchema", (base,), {"included": described})


_PAGES: dict[type[ma.Schema], type[ma.Schema]] = {}


def _page_schema(schema: type[ma.Schema]) -> type[ma.Schema]:
    """{"items": [...], "pagination": {...}}: one list part's first page (one class per
    schema, so every resource that includes the same list shares one document schema)."""
    if schema not in _PAGES:
        stem = schema.__name__.removesuffix("Schema")
        _PAGES[schema] = type(
            f"{stem}PageSchema",
            (Schema,),
            {
                "items": ma.fields.List(ma.fields.Nested(schema), required=True, dump_only=True),
                "pagination": ma.fields.Nested(
                    PaginationMetadataSchema, required=True, dump_only=True
                ),
            },
        )
    return _PAGES[schema]


def page_of_list(items: Sequence[Any], pagination_parameters: PaginationParameters) -> list:
    """One page of a list held in memory (the analysis prompts), counted like page_of."""
    pagination_parameters.item_count = len(items)
    first = pagination_parameters.first_item
    return list(items[first : first + pagination_parameters.page_size])


def _bad(*messages: str) -> BadRequest:
    return BadRequest(BAD_INCLUDE, errors={"include": list(messages)})
