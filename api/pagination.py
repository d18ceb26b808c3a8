"""Paging SQLAlchemy selects for flask-smorest's page/page_size and X-Pagination header."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from api.extensions import db


def page_of(query: Select, pagination_parameters: Any) -> list[Any]:
    """One COUNT and one LIMIT/OFFSET query; the select must be ordered for stable pages.

    Selects of one entity give objects; selects of several columns give rows.
    """
    params = pagination_parameters
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    params.item_count = int(db.session.scalar(counted) or 0)
    rows = db.session.execute(query.limit(params.page_size).offset(params.first_item)).all()
    return [row[0] if len(row) == 1 else row for row in rows]
