"""Shared schema pieces: strict base schema, trimmed bounded strings."""

from __future__ import annotations

from collections.abc import Mapping

import marshmallow as ma
from marshmallow import validate


class Schema(ma.Schema):
    """Unknown fields are rejected (marshmallow's RAISE), so typos never pass silently."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def _refuse_nul_characters(self, data, **kwargs):
        # No one types U+0000, and PostgreSQL cannot store it in text: a field error, not a 500.
        if isinstance(data, Mapping):
            found = [name for name in data if _holds_nul(data.get(name))]
            if found:
                raise ma.ValidationError({name: [NUL_MESSAGE] for name in found})
        return data


NUL_MESSAGE = "This can't contain a NUL character (U+0000)."


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


def Text(max_length: int, *, required: bool = False, allow_blank: bool = False, **kwargs):  # noqa: N802
    """A string with a length limit; required ones may not be blank."""
    minimum = 0 if allow_blank else 1
    return ma.fields.String(
        required=required,
        validate=validate.Length(min=minimum, max=max_length),
        **kwargs,
    )
