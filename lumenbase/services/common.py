"""Pieces every record service uses: paging, the write gate, LIKE escaping."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from lumenbase.context import WorkspaceContext
from lumenbase.errors import PermissionDenied, ValidationFailed

T = TypeVar("T")

MAX_PAGE_SIZE = 200


class RecordType(StrEnum):
    CONTACT = "contact"
    COMPANY = "company"
    LEAD = "lead"
    DEAL = "deal"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
    # True when `total` stopped at COUNT_CAP: the list shows "10,000+" instead of an exact count.
    total_is_capped: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


# Counting every match of a broad filter costs 60-100 ms at a million rows on every page load;
# past this many a list says "10,000+" (bench/README.md, proposal 2).
COUNT_CAP = 10_000


def capped_count(s, model, conditions: list) -> tuple[int, bool]:
    """(number of rows matching, whether it stopped at COUNT_CAP)."""
    from sqlalchemy import func, literal, select

    limited = select(literal(1)).select_from(model).where(*conditions).limit(COUNT_CAP + 1)
    count = s.execute(select(func.count()).select_from(limited.subquery())).scalar_one()
    return (COUNT_CAP, True) if count > COUNT_CAP else (count, False)


def clamp_paging(page: int, page_size: int) -> tuple[int, int]:
    return max(1, int(page)), max(1, min(int(page_size), MAX_PAGE_SIZE))


def require_crm_write(ctx: WorkspaceContext) -> None:
    if not ctx.role.can_write_crm:
        raise PermissionDenied("Your seat is read-only: you can view records but not change them.")


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, with LIKE's own wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_changes(record: object, values: dict[str, object]) -> dict[str, list]:
    """Set the given (already validated) attributes, returning {field: [old, new]} for those that
    actually changed, ready for the timeline."""
    changed: dict[str, list] = {}
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
            setattr(record, name, new)
    return changed


def _plain(value: object) -> object:
    """A JSON-friendly form of a column value."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def owner_condition(column, ctx: WorkspaceContext, owner: str | int | None):
    """'mine', 'unassigned', a member's id, or None/'all' for everyone."""
    if owner in (None, "", "all"):
        return None
    if owner == "mine":
        return column == ctx.user_id
    if owner == "unassigned":
        return column.is_(None)
    try:
        return column == int(owner)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({"owner": f"Unknown owner filter '{owner}'."}) from exc
