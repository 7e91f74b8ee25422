"""My tasks: a member's tasks in buckets (overdue, today, upcoming, done) counted and paged in
SQL, and the changes made from that page: new task, done / not done, new due date.

Days are UTC days, like every date on screen: a task due today (at any hour, or as a bare date)
is in "today" until the day ends, then overdue. Tasks without a due date are listed last under
"upcoming". Every change writes a timeline entry under the task's own id (kind "task"), so a
task without a record has a history too; a task on a record also shows on that record's
timeline as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from lumenbase.context import Role, WorkspaceContext
from lumenbase.errors import NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import AppUser, Task
from lumenbase.services.common import Page, RecordType, clamp_paging, require_crm_write
from lumenbase.services.list_reads import record_columns
from lumenbase.services.timeline import (
    RECORD_MODELS,
    ActivityKind,
    record_activity,
    require_record,
)
from lumenbase.services.validation import clean_text
from lumenbase.services.workspaces import list_members

TASK_ACTIVITY = "task"  # the timeline's record_type for a task's own history
TITLE_MAX_LENGTH = 300


class Bucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"
    DONE = "done"


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    due_at: datetime | None
    completed_at: datetime | None
    record_type: str
    record_id: int | None
    # "" when the task has no record or its record is in the trash.
    record_name: str
    assignee_name: str


@dataclass(frozen=True)
class TaskList:
    page: Page[TaskRow]
    counts: dict[str, int]


def can_see_others_tasks(ctx: WorkspaceContext) -> bool:
    """Admins and managers may look at another member's tasks; everyone sees their own."""
    return ctx.role in (Role.ADMIN, Role.MANAGER)


def parse_due(value: object) -> datetime | None:
    """A due time from a datetime, a date or 'YYYY-MM-DD' (that day, 00:00 UTC); None for
    empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), UTC)
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed({"due": "Pick a due date (YYYY-MM-DD)."}) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = datetime.combine(now.astimezone(UTC).date(), time(0), UTC)
    return start, start + timedelta(days=1)


def _bucket_conditions(now: datetime) -> dict[Bucket, object]:
    start, tomorrow = _day_bounds(now)
    open_ = Task.completed_at.is_(None)
    return {
        Bucket.OVERDUE: and_(open_, Task.due_at < start),
        Bucket.TODAY: and_(open_, Task.due_at >= start, Task.due_at < tomorrow),
        Bucket.UPCOMING: and_(open_, or_(Task.due_at >= tomorrow, Task.due_at.is_(None))),
        Bucket.DONE: Task.completed_at.is_not(None),
    }


BUCKET_ORDER = {
    Bucket.OVERDUE: (Task.due_at, Task.id),
    Bucket.TODAY: (Task.due_at, Task.id),
    Bucket.UPCOMING: (Task.due_at.asc().nulls_last(), Task.id),
    Bucket.DONE: (Task.completed_at.desc(), Task.id.desc()),
}


def _assignee(s: Session, ctx: WorkspaceContext, assignee_id) -> int:
    if assignee_id in (None, "", ctx.user_id, str(ctx.user_id)):
        return ctx.user_id
    if not can_see_others_tasks(ctx):
        raise PermissionDenied("Only admins and managers can see another member's tasks.")
    return _check_member(s, ctx, assignee_id)


def _check_member(s: Session, ctx: WorkspaceContext, raw) -> int:
    try:
        user_id = int(raw)
    except (TypeError, ValueError):
        user_id = None
    if user_id not in {member_id for member_id, _ in list_members(s, ctx)}:
        raise ValidationFailed({"assignee_id": "Pick a member of this workspace."})
    return user_id


def _record_name_column():
    """The name of the task's live record, from whichever table its record_type names."""
    whens = []
    joins = []
    for entity in RecordType:
        model = aliased(RECORD_MODELS[entity], name=f"task_{entity.value}")
        name, _detail = record_columns(entity, model)
        on = and_(
            Task.record_type == entity.value,
            model.id == Task.record_id,
            model.deleted_at.is_(None),
        )
        joins.append((model, on))
        whens.append((model.id.is_not(None), name))
    return case(*whens, else_=""), joins


def list_my_tasks(
    s: Session,
    ctx: WorkspaceContext,
    *,
    bucket: str = Bucket.TODAY,
    now: datetime,
    page: int = 1,
    page_size: int = 25,
    assignee_id: int | str | None = None,
) -> TaskList:
    """One page of the caller's tasks in a bucket, and how many are in each bucket. Admins and
    managers may pass another member's `assignee_id`; anyone else is refused."""
    try:
        bucket = Bucket(bucket)
    except ValueError as exc:
        raise ValidationFailed({"bucket": f"Unknown group of tasks '{bucket}'."}) from exc
    page, page_size = clamp_paging(page, page_size)
    base = [
        Task.workspace_id == ctx.workspace_id,
        Task.deleted_at.is_(None),
        Task.assignee_id == _assignee(s, ctx, assignee_id),
    ]
    conditions = _bucket_conditions(now)
    counted = s.execute(
        select(*[func.count().filter(conditions[b]) for b in Bucket]).where(*base)
    ).one()
    counts = {b.value: n for b, n in zip(Bucket, counted, strict=True)}
    record_name, joins = _record_name_column()
    assignee = aliased(AppUser)
    query = select(Task, record_name, assignee.full_name).outerjoin(
        assignee, assignee.id == Task.assignee_id
    )
    for model, on in joins:
        query = query.outerjoin(model, on)
    rows = s.execute(
        query.where(*base, conditions[bucket])
        .order_by(*BUCKET_ORDER[bucket])
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = [_row(task, name, assignee_name) for task, name, assignee_name in rows]
    page_of = Page(items=items, total=counts[bucket.value], page=page, page_size=page_size)
    return TaskList(page=page_of, counts=counts)


def _row(task: Task, record_name: str, assignee_name: str | None) -> TaskRow:
    return TaskRow(
        id=task.id,
        title=task.title,
        due_at=task.due_at,
        completed_at=task.completed_at,
        record_type=task.record_type or "",
        record_id=task.record_id,
        record_name=record_name or "",
        assignee_name=assignee_name or "",
    )


def get_task(s: Session, ctx: WorkspaceContext, task_id: int) -> Task:
    """The one access function for a task: NotFound alike for missing, deleted and another
    workspace's task."""
    task = s.get(Task, int(task_id))
    if task is None:
        raise NotFound("task")
    if task.workspace_id != ctx.workspace_id:
        raise NotFound("task")
    if task.deleted_at is not None:
        raise NotFound("task")
    return task


def _log(s: Session, ctx, task: Task, kind: str, summary: str, now, changes=None) -> None:
    record_activity(
        s,
        ctx,
        record_type=TASK_ACTIVITY,
        record_id=task.id,
        kind=kind,
        summary=summary,
        now=now,
        details={"changes": changes} if changes else None,
    )


def create_task(
    s: Session,
    ctx: WorkspaceContext,
    *,
    title: str,
    now: datetime,
    due: object = None,
    assignee_id: int | str | None = None,
    record_type: str | None = None,
    record_id: int | None = None,
) -> Task:
    """A task for the caller (or the member named), on a record or on none. Refuses an empty
    title, a due date that is not a date, an assignee outside the workspace, a record that is
    not live, and read-only seats."""
    require_crm_write(ctx)
    title = clean_text(title, max_length=TITLE_MAX_LENGTH)
    if not title:
        raise ValidationFailed({"title": "Give the task a title."})
    due_at = parse_due(due)
    assignee = _check_member(s, ctx, assignee_id) if assignee_id not in (None, "") else ctx.user_id
    record = _record_of(s, ctx, record_type, record_id) if record_type else None
    task = Task(
        workspace_id=ctx.workspace_id,
        title=title,
        due_at=due_at,
        assignee_id=assignee,
        record_type=record[0] if record else None,
        record_id=record[1] if record else None,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(task)
    s.flush()
    _log(s, ctx, task, ActivityKind.CREATED, f"Task “{title}” created", now)
    return task


def _record_of(s: Session, ctx, record_type, record_id) -> tuple[RecordType, int]:
    try:
        entity, rid = RecordType(record_type), int(record_id)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({"record": "Pick a contact, company, lead or deal."}) from exc
    require_record(s, ctx, entity, rid)
    return entity, rid


def _change(s: Session, ctx, task: Task, field: str, value, summary: str, now) -> bool:
    old = getattr(task, field)
    if old == value:
        return False
    setattr(task, field, value)
    task.updated_at, task.updated_by = now, ctx.user_id
    s.add(task)
    s.flush()
    changes = {field: [old.isoformat() if old else None, value.isoformat() if value else None]}
    _log(s, ctx, task, ActivityKind.UPDATED, summary, now, changes)
    return True


def complete_task(s: Session, ctx: WorkspaceContext, task_id: int, *, now: datetime) -> bool:
    """Mark a task done (now); False when it already was."""
    require_crm_write(ctx)
    task = get_task(s, ctx, task_id)
    if task.completed_at is not None:
        return False
    return _change(s, ctx, task, "completed_at", now, "Marked done", now)


def reopen_task(s: Session, ctx: WorkspaceContext, task_id: int, *, now: datetime) -> bool:
    """Mark a done task as not done; False when it was open."""
    require_crm_write(ctx)
    task = get_task(s, ctx, task_id)
    return _change(s, ctx, task, "completed_at", None, "Marked not done", now)


def reschedule_task(
    s: Session, ctx: WorkspaceContext, task_id: int, *, due: object, now: datetime
) -> bool:
    """Give a task another due date (or none); False when it is unchanged."""
    require_crm_write(ctx)
    task = get_task(s, ctx, task_id)
    due_at = parse_due(due)
    summary = f"Due date set to {due_at:%b %-d, %Y}" if due_at else "Due date removed"
    return _change(s, ctx, task, "due_at", due_at, summary, now)
