"""Saved views: a list page's filters, sort and visible columns under a name, kept by its owner
or shared with the workspace.

`filters` is the list page's own filters dict (search, owner, and whatever else that page
filters on, e.g. a lead status), stored as given so the view reopens exactly; this module checks
only its shape. Everyone sees their own views and the shared ones; only the owner changes or
deletes a view; a read-only seat may keep personal views but not share one (the database's
policies say the same). A view is a display preference, not CRM data, so it writes no timeline
entry (read-only seats, who may save views, cannot write to the timeline).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import AppUser, SavedView
from lumenbase.services.common import RecordType, apply_changes
from lumenbase.services.validation import clean_text

NAME_MAX_LENGTH = 80
FILTERS_MAX_BYTES = 4000
MAX_COLUMNS = 40
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SORT = re.compile(r"^-?[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ViewRow:
    id: int
    name: str
    entity_type: str
    filters: dict
    sort: str
    columns: list[str]
    is_shared: bool
    is_mine: bool
    owner_name: str


def _entity(value: object) -> RecordType:
    try:
        return RecordType(str(value))
    except ValueError as exc:
        raise ValidationFailed({"entity_type": f"Views are not kept for '{value}'."}) from exc


def _check_sharing(ctx: WorkspaceContext, is_shared: bool) -> bool:
    if is_shared and not ctx.role.can_write_crm:
        raise PermissionDenied(
            "Your seat is read-only: you can keep personal views but not share them."
        )
    return bool(is_shared)


def clean_filters(filters: object) -> dict:
    """A filters dict: named values (text, numbers, yes/no, empty, or lists of those), small."""
    if not isinstance(filters, dict):
        raise ValidationFailed({"filters": "Filters must be a set of named values."})
    scalar = str | int | float | bool | type(None)
    for key, value in filters.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValidationFailed({"filters": f"'{key}' is not a filter name."})
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, scalar) for v in values):
            raise ValidationFailed({"filters": f"The filter '{key}' has an unusable value."})
    if len(json.dumps(filters)) > FILTERS_MAX_BYTES:
        raise ValidationFailed({"filters": "These filters are too long to save."})
    return dict(filters)


def clean_layout(sort: object, columns: object) -> tuple[str, list[str]]:
    """The sort key ('' for the page's default) and the visible columns in page order ([] for
    the page's default)."""
    sort = str(sort or "")
    if sort and not _SORT.match(sort):
        raise ValidationFailed({"sort": f"Unknown sort '{sort}'."})
    if not isinstance(columns, list | tuple):
        raise ValidationFailed({"columns": "Columns must be a list of column names."})
    names = [str(c) for c in columns]
    if len(names) > MAX_COLUMNS or len(set(names)) != len(names):
        raise ValidationFailed({"columns": "Pick each column at most once."})
    if not all(_KEY.match(name) for name in names):
        raise ValidationFailed({"columns": "Unknown column."})
    return sort, names


def _clean_name(s: Session, ctx, raw: object, entity: RecordType, *, view_id: int | None) -> str:
    name = clean_text(raw, max_length=NAME_MAX_LENGTH)
    if not name:
        raise ValidationFailed({"name": "Give the view a name."})
    clash = s.execute(
        select(SavedView.id).where(
            SavedView.workspace_id == ctx.workspace_id,
            SavedView.owner_id == ctx.user_id,
            SavedView.entity_type == entity,
            SavedView.deleted_at.is_(None),
            func.lower(SavedView.name) == name.lower(),
        )
    ).scalar()
    if clash is not None and clash != view_id:
        raise Conflict({"name": f"You already have a view named “{name}”."})
    return name


def get_view(s: Session, ctx: WorkspaceContext, view_id: int) -> SavedView:
    """The one access function for a view the caller may see (their own or a shared one):
    NotFound alike for missing, deleted, another member's personal and another workspace's."""
    view = s.get(SavedView, int(view_id))
    if view is None:
        raise NotFound("view")
    if view.workspace_id != ctx.workspace_id:
        raise NotFound("view")
    if view.deleted_at is not None:
        raise NotFound("view")
    if not (view.is_shared or view.owner_id == ctx.user_id):
        raise NotFound("view")
    return view


def _own_view(s: Session, ctx: WorkspaceContext, view_id: int) -> SavedView:
    view = get_view(s, ctx, view_id)
    if view.owner_id != ctx.user_id:
        raise PermissionDenied("Only the person who saved this view can change it.")
    return view


def save_view(
    s: Session,
    ctx: WorkspaceContext,
    *,
    entity_type: str,
    name: str,
    filters: dict,
    sort: str,
    columns: list[str],
    is_shared: bool = False,
    now: datetime,
) -> SavedView:
    """Save a list page's filters, sort and columns as a new view of the caller's. Refuses an
    empty name or one the caller already uses for this kind of list, and sharing from a
    read-only seat."""
    entity = _entity(entity_type)
    shared = _check_sharing(ctx, is_shared)
    sort, columns = clean_layout(sort, columns)
    view = SavedView(
        workspace_id=ctx.workspace_id,
        entity_type=entity,
        name=_clean_name(s, ctx, name, entity, view_id=None),
        filters=clean_filters(filters),
        sort=sort,
        columns=columns,
        is_shared=shared,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(view)
    s.flush()
    return view


def _touch(s: Session, ctx: WorkspaceContext, view: SavedView, values: dict, now) -> dict:
    changed = apply_changes(view, values)
    if changed:
        view.updated_at, view.updated_by = now, ctx.user_id
        s.add(view)
        s.flush()
    return changed


def update_view(
    s: Session,
    ctx: WorkspaceContext,
    view_id: int,
    *,
    filters: dict,
    sort: str,
    columns: list[str],
    now: datetime,
) -> dict:
    """Overwrite one of the caller's views with the page's current filters, sort and columns;
    returns what changed."""
    view = _own_view(s, ctx, view_id)
    sort, columns = clean_layout(sort, columns)
    values = {"filters": clean_filters(filters), "sort": sort, "columns": columns}
    return _touch(s, ctx, view, values, now)


def rename_view(
    s: Session,
    ctx: WorkspaceContext,
    view_id: int,
    *,
    name: str,
    is_shared: bool | None = None,
    now: datetime,
) -> dict:
    """Rename one of the caller's views and, when `is_shared` is given, share or unshare it."""
    view = _own_view(s, ctx, view_id)
    values: dict = {"name": _clean_name(s, ctx, name, _entity(view.entity_type), view_id=view.id)}
    if is_shared is not None:
        values["is_shared"] = _check_sharing(ctx, is_shared)
    return _touch(s, ctx, view, values, now)


def delete_view(s: Session, ctx: WorkspaceContext, view_id: int, *, now: datetime) -> None:
    """Delete one of the caller's views (soft: the row keeps who deleted it and when)."""
    view = _own_view(s, ctx, view_id)
    view.deleted_at, view.deleted_by = now, ctx.user_id
    s.add(view)
    s.flush()


def _row(view: SavedView, owner_name: str | None, ctx: WorkspaceContext) -> ViewRow:
    return ViewRow(
        id=view.id,
        name=view.name,
        entity_type=view.entity_type,
        filters=dict(view.filters or {}),
        sort=view.sort,
        columns=list(view.columns or []),
        is_shared=view.is_shared,
        is_mine=view.owner_id == ctx.user_id,
        owner_name=owner_name or "",
    )


def list_views(s: Session, ctx: WorkspaceContext, *, entity_type: str) -> list[ViewRow]:
    """The views of one kind of list the caller can use: their own, then the shared ones of
    others, each by name."""
    entity = _entity(entity_type)
    rows = s.execute(
        select(SavedView, AppUser.full_name)
        .outerjoin(AppUser, AppUser.id == SavedView.owner_id)
        .where(
            SavedView.workspace_id == ctx.workspace_id,
            SavedView.entity_type == entity,
            SavedView.deleted_at.is_(None),
            or_(SavedView.is_shared, SavedView.owner_id == ctx.user_id),
        )
        .order_by((SavedView.owner_id != ctx.user_id), func.lower(SavedView.name), SavedView.id)
        .limit(200)
    ).all()
    return [_row(view, owner_name, ctx) for view, owner_name in rows]


def read_view(s: Session, ctx: WorkspaceContext, view_id: int) -> ViewRow:
    """One view the caller may apply, for reopening it on its list page."""
    view = get_view(s, ctx, view_id)
    owner = s.get(AppUser, view.owner_id) if view.owner_id else None
    return _row(view, owner.full_name if owner else "", ctx)
