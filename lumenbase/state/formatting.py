"""How values look on screen (dates in UTC, empty values as a dash)."""

from __future__ import annotations

from datetime import date, datetime


def show(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.strftime("%b %-d, %Y %H:%M UTC")
    if isinstance(value, date):
        return value.strftime("%b %-d, %Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def form_values(record: object, fields: tuple[str, ...]) -> dict[str, str]:
    """A record's editable fields as the strings an input shows."""
    values = {}
    for name in fields:
        value = getattr(record, name)
        values[name] = (
            ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        )
    return values
