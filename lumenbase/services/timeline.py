"""A record's timeline (notes, tasks, edits, imports, newest first), notes and tasks on records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import NotFound, ValidationFailed
from lumenbase.models import Activity, Company, Contact, Deal, Lead, Note, Task
from lumenbase.services.common import Page, RecordType, clamp_paging, require_crm_write
from lumenbase.services.validation import clean_text

RECORD_MODELS = {
    RecordType.CONTACT: Contact,
    RecordType.COMPANY: Company,
    RecordType.LEAD: Lead,
    RecordType.DEAL: Deal,
}


class ActivityKind:
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    IMPORTED = "imported"
    NOTE = "note"
    TASK = "task"
    CONVERTED = "converted"
    LIST = "list"  # added to or removed from a list
    STAGE = "stage"
    WON = "won"
    LOST = "lost"


def record_activity(
    s: Session,
    ctx: WorkspaceContext,
    *,
    record_type: RecordType | str,
    record_id: int,
    kind: str,
    summary: str,
    now: datetime,
    details: dict | None = None,
) -> None:
    """Append one timeline entry, in the caller's transaction."""
    s.add(
        Activity(
            workspace_id=ctx.workspace_id,
            record_type=record_type,
            record_id=record_id,
            kind=kind,
            summary=summary,
            details=details or {},
            actor_id=ctx.user_id,
            occurred_at=now,
        )
    )


def require_record(s: Session, ctx: WorkspaceContext, record_type: RecordType, record_id: int):
    """The live record, or NotFound alike for missing, trashed and other workspaces'."""
    model = RECORD_MODELS[RecordType(record_type)]
    record = s.get(model, int(record_id))
    if record is None:
        raise NotFound(record_type.value)
    if record.workspace_id != ctx.workspace_id:
        raise NotFound(record_type.value)
    if record.deleted_at is not None:
        raise NotFound(record_type.value)
    return record


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    summary: str
    body: str
    actor_name: str
    occurred_at: datetime
    due_at: datetime | None
    completed: bool
    task_id: int | None
    # For edits: {field: [old, new]}.
    changes: dict


_TIMELINE_SQL = """
with entries as (
    select a.kind, a.summary, '' as body, a.actor_id, a.occurred_at,
           null::timestamptz as due_at, false as completed, null::bigint as task_id,
           a.details -> 'changes' as changes
      from activity a
     where a.workspace_id = :ws and a.record_type = :rt and a.record_id = :rid
    union all
    select 'note', 'Note', n.body, n.created_by, n.created_at, null, false, null, null
      from note n
     where n.workspace_id = :ws and n.record_type = :rt and n.record_id = :rid
       and n.deleted_at is null
    union all
    select 'task', t.title, coalesce(t.description, ''), t.created_by, t.created_at, t.due_at,
           t.completed_at is not null, t.id, null
      from task t
     where t.workspace_id = :ws and t.record_type = :rt and t.record_id = :rid
       and t.deleted_at is null
)
select e.*, coalesce(u.full_name, 'System') as actor_name, count(*) over () as total
  from entries e left join app_user u on u.id = e.actor_id
 order by e.occurred_at desc
 limit :limit offset :offset
"""


def list_timeline(
    s: Session,
    ctx: WorkspaceContext,
    *,
    record_type: RecordType,
    record_id: int,
    page: int = 1,
    page_size: int = 20,
) -> Page[TimelineEntry]:
    """Everything that happened to one record, newest first, paged in SQL."""
    require_record(s, ctx, record_type, record_id)
    page, page_size = clamp_paging(page, page_size)
    rows = (
        s.execute(
            text(_TIMELINE_SQL),
            {
                "ws": ctx.workspace_id,
                "rt": str(record_type),
                "rid": record_id,
                "limit": page_size,
                "offset": (page - 1) * page_size,
            },
        )
        .mappings()
        .all()
    )
    total = rows[0]["total"] if rows else 0
    items = [
        TimelineEntry(
            kind=row["kind"],
            summary=row["summary"],
            body=row["body"],
            actor_name=row["actor_name"],
            occurred_at=row["occurred_at"],
            due_at=row["due_at"],
            completed=row["completed"],
            task_id=row["task_id"],
            changes=row["changes"] or {},
        )
        for row in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size)


def add_note(
    s: Session,
    ctx: WorkspaceContext,
    *,
    record_type: RecordType,
    record_id: int,
    body: str,
    now: datetime,
) -> Note:
    """A note on a record. Refuses an empty note and read-only seats."""
    require_crm_write(ctx)
    require_record(s, ctx, record_type, record_id)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"note": "Write something before saving the note."})
    if len(body) > 20_000:
        raise ValidationFailed({"note": "A note holds at most 20,000 characters."})
    note = Note(
        workspace_id=ctx.workspace_id,
        body=body,
        record_type=record_type,
        record_id=record_id,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(note)
    s.flush()
    return note


def add_task(
    s: Session,
    ctx: WorkspaceContext,
    *,
    record_type: RecordType,
    record_id: int,
    title: str,
    now: datetime,
    due_at: datetime | None = None,
    assignee_id: int | None = None,
) -> Task:
    """A task on a record, assigned to the caller unless someone else is named."""
    require_crm_write(ctx)
    require_record(s, ctx, record_type, record_id)
    title = clean_text(title, max_length=300)
    if not title:
        raise ValidationFailed({"task": "Give the task a title."})
    task = Task(
        workspace_id=ctx.workspace_id,
        title=title,
        due_at=due_at,
        assignee_id=assignee_id or ctx.user_id,
        record_type=record_type,
        record_id=record_id,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(task)
    s.flush()
    return task


def complete_task(s: Session, ctx: WorkspaceContext, *, task_id: int, now: datetime) -> None:
    require_crm_write(ctx)
    task = s.get(Task, int(task_id))
    if task is None or task.workspace_id != ctx.workspace_id or task.deleted_at is not None:
        raise NotFound("task")
    if task.completed_at is None:
        task.completed_at = now
        task.updated_at = now
        task.updated_by = ctx.user_id
        s.add(task)
