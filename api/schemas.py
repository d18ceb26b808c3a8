"""Shared schema pieces: strict base schema, trimmed bounded strings."""

from __future__ import annotations

import datetime as dt
import re
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


ONE_LINE_MESSAGE = "Keep this on one line (no line breaks)."
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def _one_line(value: str) -> None:
    if _CONTROL_CHARACTERS.search(value):
        raise ma.ValidationError(ONE_LINE_MESSAGE)


def Text(  # noqa: N802
    max_length: int,
    *,
    required: bool = False,
    allow_blank: bool = False,
    single_line: bool = False,
    **kwargs,
):
    """A string with a length limit; required ones may not be blank. `single_line` refuses
    line breaks and other control characters: for text that ends up in an email's subject."""
    minimum = 0 if allow_blank else 1
    validators: list = [validate.Length(min=minimum, max=max_length)]
    if single_line:
        validators.append(_one_line)
    return ma.fields.String(required=required, validate=validators, **kwargs)


class Words(ma.fields.String):
    """Text with its outer spaces trimmed before the length is checked, so "   " is blank."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


def words(max_length: int, *, required: bool = False, **kwargs) -> Words:
    return Words(
        required=required,
        validate=ma.validate.Length(min=1 if required else 0, max=max_length),
        **kwargs,
    )


#: query arguments of a polled list answer 400 when they don't parse (a malformed request)
POLLED_LIST_ARGUMENTS = {"location": "query", "error_status_code": 400}


def UpdatedSince(what: str):  # noqa: N802
    """The `updated_since` filter of a list an LMS polls: an ISO 8601 time with its zone (a
    time without one is taken as UTC); a value that doesn't parse answers 400."""
    return ma.fields.AwareDateTime(
        default_timezone=dt.UTC,
        error_messages={
            "invalid": "Give a date and time in ISO 8601, such as 2026-12-02T08:00:00Z.",
            "invalid_awareness": "Give a date and time in ISO 8601, such as 2026-12-02T08:00:00Z.",
        },
        metadata={
            "description": f"Only {what} at or after this time (ISO 8601, such as "
            "2026-12-02T08:00:00Z): poll with the time your last poll started"
        },
    )
