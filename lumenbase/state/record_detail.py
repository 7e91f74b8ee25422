"""What every record page shares: load by the id in the URL, edit with field errors, delete,
and the timeline with notes and tasks. Subclasses say how to read, update and delete."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from lumenbase.errors import LumenbaseError, NotFound, ValidationFailed
from lumenbase.services import list_reads, tasks, timeline, workspaces
from lumenbase.services.common import RecordType
from lumenbase.state.formatting import describe_changes, show
from lumenbase.state.session import call_service, utcnow

TIMELINE_PAGE_SIZE = 15


class RecordDetailMixin(rx.State, mixin=True):
    record_type: str = ""
    record: dict[str, str] = {}
    form: dict[str, str] = {}
    errors: dict[str, str] = {}
    editing: bool = False
    missing: bool = False
    members: list[dict[str, str]] = []
    # The lists this record is in: {"id", "name"}.
    record_lists: list[dict[str, str]] = []
    entries: list[dict[str, str]] = []
    timeline_page: int = 1
    timeline_page_count: int = 1
    note_text: str = ""
    task_title: str = ""
    task_due: str = ""
    activity_error: str = ""
    confirm_delete: bool = False
    _record_id: int = 0
    # The form as loaded: only fields the user changed are sent, so a stored value that today's
    # rules would refuse (an old import, say) never blocks editing another field.
    _form_loaded: dict[str, str] = {}

    # --- what a subclass provides (synchronous; they run inside call_service) ---
    def _read(self, s, ctx, record_id: int) -> tuple[dict[str, str], dict[str, str], dict]:
        """(what the page shows, the edit form's values, other state vars to set)."""
        raise NotImplementedError

    def _update(self, s, ctx, record_id: int, values: dict) -> dict:
        raise NotImplementedError

    def _delete(self, s, ctx, record_id: int) -> None:
        raise NotImplementedError

    def _list_route(self) -> str:
        raise NotImplementedError

    def _before_edit(self) -> None:
        """Hook for pages with extra edit-time state (e.g. a company picker)."""

    # --- shared behaviour ---
    def _members_of(self, s, ctx) -> list[tuple[int, str]]:
        return workspaces.list_members(s, ctx)

    def _read_with_members(self, s, ctx, record_id: int):
        read = self._read(s, ctx, record_id)
        in_lists = list_reads.lists_of_record(
            s, ctx, record_type=self.record_type, record_id=record_id
        )
        return *read, self._members_of(s, ctx), in_lists

    async def _reload(self, ctx) -> None:
        view, form, extra, members, in_lists = await call_service(
            ctx, self._read_with_members, self._record_id
        )
        self.record, self.form = view, form
        self._form_loaded = dict(form)
        for name, value in extra.items():
            setattr(self, name, value)
        self.members = [{"id": str(uid), "name": name} for uid, name in members]
        self.record_lists = [{"id": str(list_id), "name": name} for list_id, name in in_lists]
        await self._load_timeline(ctx)

    async def _load_timeline(self, ctx) -> None:
        page = await call_service(
            ctx,
            timeline.list_timeline,
            record_type=RecordType(self.record_type),
            record_id=self._record_id,
            page=self.timeline_page,
            page_size=TIMELINE_PAGE_SIZE,
        )
        self.timeline_page_count = page.page_count
        self.entries = [
            {
                "kind": e.kind,
                "summary": e.summary,
                "body": e.body or describe_changes(e.changes),
                "actor": e.actor_name,
                "when": show(e.occurred_at),
                "due": show(e.due_at),
                "done": "yes" if e.completed else "",
                "task_id": str(e.task_id or ""),
            }
            for e in page.items
        ]

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.editing = self.confirm_delete = self.missing = False
        self.errors, self.activity_error = {}, ""
        self.timeline_page = 1
        try:
            self._record_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            await self._reload(ctx)
        except (ValueError, NotFound):
            self.missing = True
            self.record, self.entries = {}, []

    @rx.event
    def start_edit(self):
        self.errors = {}
        self._before_edit()
        self.editing = True

    @rx.event
    def cancel_edit(self):
        self.editing = False
        self.errors = {}

    @rx.event
    def set_field(self, name: str, value: str):
        if name in self.form:
            self.form[name] = value

    @rx.event
    async def save(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            edits = {k: v for k, v in self.form.items() if self._form_loaded.get(k) != v}
            changed = await call_service(ctx, self._update, self._record_id, edits)
        except ValidationFailed as exc:
            self.errors = exc.field_errors
            return
        except LumenbaseError as exc:
            self.errors = {"form": str(exc)}
            return
        self.editing = False
        self.errors = {}
        await self._reload(ctx)
        return rx.toast.success("Saved." if changed else "Nothing changed.")

    @rx.event
    def set_confirm_delete(self, value: bool):
        self.confirm_delete = value

    @rx.event
    async def delete(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(ctx, self._delete, self._record_id)
        except LumenbaseError as exc:
            self.confirm_delete = False
            return rx.toast.error(str(exc))
        self.confirm_delete = False
        return [rx.toast.success("Moved to trash."), rx.redirect(self._list_route())]

    @rx.event
    def set_note_text(self, value: str):
        self.note_text = value

    @rx.event
    def set_task_title(self, value: str):
        self.task_title = value

    @rx.event
    def set_task_due(self, value: str):
        self.task_due = value

    @rx.event
    async def add_note(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(
                ctx,
                timeline.add_note,
                record_type=RecordType(self.record_type),
                record_id=self._record_id,
                body=self.note_text,
                now=utcnow(),
            )
        except LumenbaseError as exc:
            self.activity_error = str(exc)
            return
        self.note_text, self.activity_error, self.timeline_page = "", "", 1
        await self._load_timeline(ctx)

    @rx.event
    async def add_task(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            due = (
                datetime.fromisoformat(self.task_due).replace(tzinfo=UTC) if self.task_due else None
            )
        except ValueError:
            self.activity_error = "Pick a due date from the calendar (YYYY-MM-DD)."
            return
        try:
            await call_service(
                ctx,
                timeline.add_task,
                record_type=RecordType(self.record_type),
                record_id=self._record_id,
                title=self.task_title,
                due_at=due,
                now=utcnow(),
            )
        except LumenbaseError as exc:
            self.activity_error = str(exc)
            return
        self.task_title, self.task_due, self.activity_error, self.timeline_page = "", "", "", 1
        await self._load_timeline(ctx)

    @rx.event
    async def complete_task(self, task_id: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(ctx, tasks.complete_task, int(task_id), now=utcnow())
        except (LumenbaseError, ValueError) as exc:
            self.activity_error = str(exc)
            return
        await self._load_timeline(ctx)

    @rx.event
    async def timeline_next(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.timeline_page = min(self.timeline_page + 1, self.timeline_page_count)
        await self._load_timeline(ctx)

    @rx.event
    async def timeline_prev(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.timeline_page = max(1, self.timeline_page - 1)
        await self._load_timeline(ctx)
