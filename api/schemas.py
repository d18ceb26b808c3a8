"""Shared schema pieces: strict base schema, trimmed bounded strings."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class Schema(ma.Schema):
    """Unknown fields are rejected (marshmallow's RAISE), so typos never pass silently."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


def Text(max_length: int, *, required: bool = False, allow_blank: bool = False, **kwargs):  # noqa: N802
    """A string with a length limit; required ones may not be blank."""
    minimum = 0 if allow_blank else 1
    return ma.fields.String(
        required=required,
        validate=validate.Length(min=minimum, max=max_length),
        **kwargs,
    )
