"""My tasks: the buckets with their counts, one page of tasks, done / not done, new due date,
and a new task not tied to a record. Admins and managers may look at a member's tasks."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import tasks, workspaces
from lumenbase.state.formatting import KINDS, errors_at, show
from lumenbase.state.record_list import PAGE_SIZE
from lumenbase.state.session import SessionState, call_service, utcnow

BUCKETS = [b.value for b in tasks.Bucket]


def _task_row(task, bucket: str) -> dict[str, str]:
    kind = KINDS.get(task.record_type)
    linked = kind is not None and task.record_name != ""
    return {
        "id": str(task.id),
        "title": task.title,
        "due": show(task.due_at.date()) if task.due_at else "",
        "due_iso": task.due_at.date().isoformat() if task.due_at else "",
        "done": "yes" if task.completed_at else "",
        "completed": show(task.completed_at.date()) if task.completed_at else "",
        "overdue": "yes" if bucket == tasks.Bucket.OVERDUE else "",
        "record_name": task.record_name,
        "record_kind": kind[1] if kind else "",
        "record_href": f"{kind[3]}/{task.record_id}" if linked else "",
        # A task whose record went to the trash says so instead of linking nowhere.
        "record_gone": "yes" if kind is not None and not linked else "",
    }


class TasksState(SessionState):
    bucket: str = tasks.Bucket.TODAY.value
    counts: dict[str, int] = {bucket: 0 for bucket in BUCKETS}
    rows: list[dict[str, str]] = []
    page: int = 1
    page_count: int = 1
    total: int = 0
    loaded: bool = False
    error: str = ""
    assignee: str = ""  # "" for the caller
    members: list[dict[str, str]] = []
    can_see_others: bool = False
    new_open: bool = False
    new_title: str = ""
    new_due: str = ""
    new_assignee: str = ""
    new_errors: dict[str, str] = {}

    async def _refresh(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.can_see_others = tasks.can_see_others_tasks(ctx)
        try:
            result = await call_service(
                ctx,
                tasks.list_my_tasks,
                bucket=self.bucket,
                now=utcnow(),
                page=self.page,
                page_size=PAGE_SIZE,
                assignee_id=self.assignee or None,
            )
        except LumenbaseError as exc:
            self.error = str(exc)
            return
        self.counts = result.counts
        self.rows = [_task_row(t, self.bucket) for t in result.page.items]
        self.total, self.page_count = result.page.total, result.page.page_count
        self.error, self.loaded = "", True
        if self.page > self.page_count:
            self.page = self.page_count
            return await self._refresh()

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        members = await call_service(ctx, workspaces.list_members)
        self.members = [{"id": str(uid), "name": name} for uid, name in members]
        return await self._refresh()

    @rx.event
    async def set_bucket(self, value: str):
        self.bucket = value if value in BUCKETS else tasks.Bucket.TODAY.value
        self.page = 1
        return await self._refresh()

    @rx.event
    async def set_assignee(self, value: str):
        self.assignee = "" if value == "me" else value
        self.page = 1
        return await self._refresh()

    @rx.event
    async def next_page(self):
        self.page = min(self.page + 1, self.page_count)
        return await self._refresh()

    @rx.event
    async def prev_page(self):
        self.page = max(1, self.page - 1)
        return await self._refresh()

    async def _change(self, fn, task_id: str, message: str, **kwargs):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            changed = await call_service(ctx, fn, int(task_id), now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            return rx.toast.error(" ".join(exc.field_errors.values()))
        except (LumenbaseError, ValueError) as exc:
            return rx.toast.error(str(exc))
        await self._refresh()
        return rx.toast.success(message) if changed else None

    @rx.event
    async def set_done(self, task_id: str, done: bool):
        if done:
            return await self._change(tasks.complete_task, task_id, "Marked done.")
        return await self._change(tasks.reopen_task, task_id, "Marked not done.")

    @rx.event
    async def reschedule(self, task_id: str, due: str):
        message = f"Due date set to {due}." if due else "Due date removed."
        return await self._change(tasks.reschedule_task, task_id, message, due=due)

    @rx.var
    def total_label(self) -> str:
        return f"{self.total:,} task" + ("" if self.total == 1 else "s")

    @rx.var
    def heading(self) -> str:
        if not self.assignee:
            return "My tasks"
        name = next((m["name"] for m in self.members if m["id"] == self.assignee), "")
        return f"Tasks of {name}" if name else "Tasks"

    @rx.event
    def open_new(self):
        self.new_title, self.new_errors, self.new_open = "", {}, True
        self.new_due = utcnow().date().isoformat()
        self.new_assignee = self.assignee

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = value

    @rx.event
    def set_new_title(self, value: str):
        self.new_title = value[:400]

    @rx.event
    def set_new_due(self, value: str):
        self.new_due = value

    @rx.event
    def set_new_assignee(self, value: str):
        self.new_assignee = "" if value == "me" else value

    @rx.event
    async def create(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(
                ctx,
                tasks.create_task,
                title=self.new_title,
                due=self.new_due,
                assignee_id=self.new_assignee or None,
                now=utcnow(),
            )
        except ValidationFailed as exc:
            self.new_errors = errors_at(exc.field_errors, ("title", "due", "assignee_id"))
            return
        except LumenbaseError as exc:
            self.new_errors = {"form": str(exc)}
            return
        self.new_open = False
        await self._refresh()
        return rx.toast.success("Task added.")
