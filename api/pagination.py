"""Paging SQLAlchemy selects for flask-smorest's page/page_size and X-Pagination header."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from api.extensions import db


def page_of(query: Select, pagination_parameters: Any) -> list[Any]:
    """One LIMIT/OFFSET query, and a COUNT unless the first page holds them all; the select
    must be ordered for stable pages.

    Selects of one entity give objects; selects of several columns give rows.
    """
    params = pagination_parameters
    if params.first_item == 0:
        # Most lists fit on their first page: then the rows are the count, and no COUNT runs.
        rows = db.session.execute(query.limit(params.page_size)).all()
        if len(rows) < params.page_size:
            params.item_count = len(rows)
            return [row[0] if len(row) == 1 else row for row in rows]
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    params.item_count = int(db.session.scalar(counted) or 0)
    if params.first_item >= params.item_count:
        return []  # past the end: no query (an offset this big may not even fit the database)
    if params.first_item != 0:
        rows = db.session.execute(query.limit(params.page_size).offset(params.first_item)).all()
    return [row[0] if len(row) == 1 else row for row in rows]
