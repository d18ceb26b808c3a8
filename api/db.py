"""The declarative base every model shares: naming convention, ids, UTC timestamps."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from importlib import import_module
from typing import cast

from sqlalchemy import (
    JSON,
    CursorResult,
    DateTime,
    MetaData,
    Result,
    String,
    TypeDecorator,
    event,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, registry
from sqlalchemy.sql.functions import FunctionElement

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """An opaque, unguessable id: clients must not infer counts or order from ids."""
    return secrets.token_hex(12)


def utcnow() -> datetime:
    return datetime.now(UTC)


class json_rows(FunctionElement):
    """Aggregate: the group's rows of the given columns as one JSON array of arrays (NULL for
    none), so a list's children come as a column of its own rows, not a statement apiece.
    The order is the database's: sort in Python by columns you include."""

    type = JSON()
    inherit_cache = True


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element, compiler, **kw):
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows)
def _json_rows_sqlite(element, compiler, **kw):
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every backend (SQLite forgets the zone; this puts it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


@event.listens_for(Mapper, "before_configured", once=True)
def _every_model_registered() -> None:
    """Mappers configure on first use (a query, a loader option built at import time). A lower
    package names a higher one's model by string (docs/architecture.md), so every model must be
    known by then, whichever module came first: api/models.py is the one list of them."""
    import_module("api.models")


class IdMixin:
    id: Mapped[str] = mapped_column(String(24), primary_key=True, default=new_id)


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def rows_changed(result: Result) -> int:
    """How many rows an executed UPDATE or DELETE touched."""
    return cast(CursorResult, result).rowcount or 0
