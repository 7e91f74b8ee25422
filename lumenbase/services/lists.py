"""Static lists: named sets of contacts, companies, leads or deals, shared by the workspace.

A list holds one kind of record. Adding is idempotent (a record is in a list once); removing
and deleting are soft (`deleted_at`), so both can be undone from the database. Each record
added or removed gets a timeline entry, and a list's own changes are recorded under the
timeline kind "list", all in the caller's transaction.

`add_matching_to_list` adds every record a list page's filters match, not just the visible page,
in one INSERT ... SELECT. It reuses the filter function of the record's own service:
`contacts.contact_filters`, `companies.company_filters`, `leads.lead_filters`,
`deals.deal_filters`, each `fn(ctx, **filters) -> [SQL conditions on the record's table]`, so a
list page's filters dict (see state/record_list.py) means the same thing here as on the page.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Text, func, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import Conflict, NotFound, ValidationFailed
from lumenbase.models import Activity, CrmList
from lumenbase.models import ListMembership as Member
from lumenbase.services.common import (
    RecordType,
    apply_changes,
    require_crm_write,
)
from lumenbase.services.timeline import RECORD_MODELS, ActivityKind, record_activity
from lumenbase.services.validation import clean_text

LIST_ACTIVITY = "list"  # the timeline's record_type for a list's own history
NAME_MAX_LENGTH = 120
MAX_IDS = 5000  # per call; larger sets go through add_matching_to_list

PLURALS = {
    RecordType.CONTACT: "contacts",
    RecordType.COMPANY: "companies",
    RecordType.LEAD: "leads",
    RecordType.DEAL: "deals",
}

FILTER_FUNCTIONS = {
    RecordType.CONTACT: ("lumenbase.services.contacts", "contact_filters"),
    RecordType.COMPANY: ("lumenbase.services.companies", "company_filters"),
    RecordType.LEAD: ("lumenbase.services.leads", "lead_filters"),
    RecordType.DEAL: ("lumenbase.services.deals", "deal_filters"),
}


def entity_type_of(value: object) -> RecordType:
    """The kind of record a list holds; ValidationFailed for anything else."""
    try:
        return RecordType(str(value))
    except ValueError as exc:
        raise ValidationFailed(
            {"entity_type": "Pick what the list holds: contacts, companies, leads or deals."}
        ) from exc


def live_records(model, ctx: WorkspaceContext) -> list:
    """Conditions for the live rows of `model` in the caller's workspace."""
    return [model.workspace_id == ctx.workspace_id, model.deleted_at.is_(None)]


def get_list(s: Session, ctx: WorkspaceContext, list_id: int) -> CrmList:
    """The one access function for a list: NotFound alike for missing, trashed and another
    workspace's list."""
    crm_list = s.get(CrmList, int(list_id))
    if crm_list is None:
        raise NotFound("list")
    if crm_list.workspace_id != ctx.workspace_id:
        raise NotFound("list")
    if crm_list.deleted_at is not None:
        raise NotFound("list")
    return crm_list


def _clean_name(
    s: Session, ctx: WorkspaceContext, raw: object, entity: RecordType, *, list_id: int | None
) -> str:
    name = clean_text(raw, max_length=NAME_MAX_LENGTH)
    if not name:
        raise ValidationFailed({"name": "Give the list a name."})
    clash = s.execute(
        select(CrmList.id).where(
            CrmList.workspace_id == ctx.workspace_id,
            CrmList.deleted_at.is_(None),
            CrmList.entity_type == entity,
            func.lower(CrmList.name) == name.lower(),
        )
    ).scalar()
    if clash is not None and clash != list_id:
        raise Conflict({"name": f"There is already a list of {PLURALS[entity]} named “{name}”."})
    return name


def _log_list(s, ctx, crm_list: CrmList, kind: str, summary: str, now, details=None) -> None:
    record_activity(
        s,
        ctx,
        record_type=LIST_ACTIVITY,
        record_id=crm_list.id,
        kind=kind,
        summary=summary,
        now=now,
        details=details,
    )


def create_list(
    s: Session, ctx: WorkspaceContext, *, name: str, entity_type: str, now: datetime
) -> CrmList:
    """A new, empty list of one kind of record. Refuses an empty name, a name another live list
    of the same kind has, and read-only seats."""
    require_crm_write(ctx)
    entity = entity_type_of(entity_type)
    crm_list = CrmList(
        workspace_id=ctx.workspace_id,
        name=_clean_name(s, ctx, name, entity, list_id=None),
        entity_type=entity,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(crm_list)
    s.flush()
    _log_list(s, ctx, crm_list, ActivityKind.CREATED, f"List “{crm_list.name}” created", now)
    return crm_list


def rename_list(
    s: Session, ctx: WorkspaceContext, list_id: int, *, name: str, now: datetime
) -> dict:
    """Give a list another name; returns {"name": [old, new]}, or {} when nothing changed."""
    require_crm_write(ctx)
    crm_list = get_list(s, ctx, list_id)
    entity = RecordType(crm_list.entity_type)
    changed = apply_changes(
        crm_list, {"name": _clean_name(s, ctx, name, entity, list_id=crm_list.id)}
    )
    if changed:
        crm_list.updated_at, crm_list.updated_by = now, ctx.user_id
        s.add(crm_list)
        s.flush()
        summary = f"List renamed to “{crm_list.name}”"
        _log_list(s, ctx, crm_list, ActivityKind.UPDATED, summary, now, {"changes": changed})
    return changed


def delete_list(s: Session, ctx: WorkspaceContext, list_id: int, *, now: datetime) -> None:
    """Move a list to the trash. Its records are untouched and its memberships kept, so
    restoring the list restores its members."""
    require_crm_write(ctx)
    crm_list = get_list(s, ctx, list_id)
    crm_list.deleted_at, crm_list.deleted_by = now, ctx.user_id
    s.add(crm_list)
    _log_list(s, ctx, crm_list, ActivityKind.DELETED, f"List “{crm_list.name}” deleted", now)


def _clean_ids(record_ids) -> list[int]:
    try:
        ids = sorted({int(value) for value in record_ids or []})
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({"records": "Pick records from the list."}) from exc
    if not ids:
        raise ValidationFailed({"records": "Select at least one record."})
    if len(ids) > MAX_IDS:
        raise ValidationFailed(
            {"records": f"Select at most {MAX_IDS:,} at a time, or add every matching record."}
        )
    return ids


def _insert_members(s: Session, ctx, crm_list: CrmList, conditions: list, now) -> int:
    """Add every live record of the list's kind matching `conditions` that is not in the list
    yet, and a timeline entry on each added record: one statement. Returns how many."""
    entity = RecordType(crm_list.entity_type)
    model = RECORD_MODELS[entity]
    added = (
        insert(Member)
        .from_select(
            ["workspace_id", "list_id", "record_id", "added_at", "added_by"],
            select(
                literal(ctx.workspace_id, BigInteger),
                literal(crm_list.id, BigInteger),
                model.id,
                literal(now, DateTime(timezone=True)),
                literal(ctx.user_id, BigInteger),
            ).where(*live_records(model, ctx), *conditions),
        )
        .on_conflict_do_nothing(
            index_elements=["list_id", "record_id"], index_where=Member.deleted_at.is_(None)
        )
        .returning(Member.record_id)
        .cte("added")
    )
    summary = f"Added to list “{crm_list.name}”"
    return _log_records(s, ctx, added, entity, crm_list, summary, now)


def _log_records(s: Session, ctx, changed_cte, entity, crm_list, summary: str, now) -> int:
    """Write one timeline entry per record id that `changed_cte` (a data-modifying CTE
    returning record_id) yields, and count them: how many records it changed."""
    logged = (
        insert(Activity)
        .from_select(
            [
                "workspace_id",
                "record_type",
                "record_id",
                "kind",
                "summary",
                "details",
                "actor_id",
                "occurred_at",
            ],
            select(
                literal(ctx.workspace_id, BigInteger),
                literal(str(entity), Text),
                changed_cte.c.record_id,
                literal(ActivityKind.LIST, Text),
                literal(summary, Text),
                literal({"list_id": crm_list.id}, JSONB),
                literal(ctx.user_id, BigInteger),
                literal(now, DateTime(timezone=True)),
            ),
        )
        .returning(Activity.record_id)
        .cte("logged")
    )
    return s.execute(select(func.count()).select_from(logged)).scalar_one()


def _list_for_writing(s: Session, ctx, list_id: int) -> tuple[CrmList, RecordType]:
    require_crm_write(ctx)
    crm_list = get_list(s, ctx, list_id)
    return crm_list, RecordType(crm_list.entity_type)


def add_to_list(
    s: Session, ctx: WorkspaceContext, list_id: int, *, record_ids, now: datetime
) -> int:
    """Add records by id; returns how many were not in the list yet. Refuses the whole call
    when any id is not a live record of the list's kind in this workspace."""
    crm_list, entity = _list_for_writing(s, ctx, list_id)
    ids = _clean_ids(record_ids)
    model = RECORD_MODELS[entity]
    found = s.execute(
        select(func.count()).select_from(model).where(*live_records(model, ctx), model.id.in_(ids))
    ).scalar_one()
    if found != len(ids):
        raise NotFound(entity.value)
    return _insert_members(s, ctx, crm_list, [model.id.in_(ids)], now)


def matching_conditions(ctx: WorkspaceContext, entity: RecordType, filters: dict) -> list:
    """The SQL conditions a list page's `filters` mean, from the record service's own filter
    function. Refuses filter names that function does not know rather than dropping them, which
    would match more records than the page showed."""
    module_name, function_name = FILTER_FUNCTIONS[entity]
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise ValidationFailed(
            {"filters": f"Adding every matching record is not available for {PLURALS[entity]}."}
        ) from exc
    if not isinstance(filters, dict):
        raise ValidationFailed({"filters": "Filters must be a set of named values."})
    known = set(inspect.signature(function).parameters) - {"ctx"}
    unknown = sorted(set(filters) - known)
    if unknown:
        raise ValidationFailed({"filters": f"Unknown filter: {', '.join(unknown)}."})
    return list(function(ctx, **filters))


def add_matching_to_list(
    s: Session, ctx: WorkspaceContext, list_id: int, *, filters: dict, now: datetime
) -> int:
    """Add every record the filters match (all pages, not only the one shown), in one
    INSERT ... SELECT; returns how many were not in the list yet."""
    crm_list, entity = _list_for_writing(s, ctx, list_id)
    return _insert_members(s, ctx, crm_list, matching_conditions(ctx, entity, filters), now)


def add_records(
    s: Session,
    ctx: WorkspaceContext,
    *,
    entity_type: str,
    now: datetime,
    list_id: int | None = None,
    new_list_name: str | None = None,
    record_ids=None,
    filters: dict | None = None,
) -> tuple[CrmList, int]:
    """The "Add to list" action of a list page: into an existing list (`list_id`) or a new one
    (`new_list_name`), either the selected ids or every record `filters` match. One
    transaction, so a failed add leaves no empty new list behind. Returns (list, added)."""
    entity = entity_type_of(entity_type)
    if (list_id is None) == (new_list_name is None):
        raise ValidationFailed({"list": "Pick a list or name a new one."})
    if list_id is None:
        crm_list = create_list(s, ctx, name=new_list_name, entity_type=entity, now=now)
    else:
        crm_list = get_list(s, ctx, list_id)
    if crm_list.entity_type != entity:
        raise ValidationFailed({"list": f"That list holds {PLURALS[crm_list.entity_type]}."})
    if filters is not None:
        return crm_list, add_matching_to_list(s, ctx, crm_list.id, filters=filters, now=now)
    return crm_list, add_to_list(s, ctx, crm_list.id, record_ids=record_ids, now=now)


def remove_from_list(
    s: Session, ctx: WorkspaceContext, list_id: int, *, record_ids, now: datetime
) -> int:
    """Take records out of a list (soft: the membership keeps who removed it and when);
    returns how many were in it."""
    crm_list, entity = _list_for_writing(s, ctx, list_id)
    ids = _clean_ids(record_ids)
    removed = (
        update(Member)
        .where(
            Member.workspace_id == ctx.workspace_id,
            Member.list_id == crm_list.id,
            Member.record_id.in_(ids),
            Member.deleted_at.is_(None),
        )
        .values(deleted_at=now, deleted_by=ctx.user_id)
        .returning(Member.record_id)
        .cte("removed")
    )
    summary = f"Removed from list “{crm_list.name}”"
    return _log_records(s, ctx, removed, entity, crm_list, summary, now)
