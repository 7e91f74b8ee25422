"""The lists page (every list, a new-list dialog) and one list's page (its members, remove,
rename, delete). Thin: services decide and check."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import list_reads, lists
from lumenbase.state.formatting import KINDS, count_label, errors_at, show
from lumenbase.state.record_list import PAGE_SIZE
from lumenbase.state.session import SessionState, call_service, utcnow


class ListsState(SessionState):
    kind: str = "all"
    page: int = 1
    page_count: int = 1
    total: int = 0
    rows: list[dict[str, str]] = []
    loaded: bool = False
    list_error: str = ""
    new_open: bool = False
    new_name: str = ""
    new_kind: str = "contact"
    new_errors: dict[str, str] = {}

    async def _refresh(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            result = await call_service(
                ctx,
                list_reads.list_lists,
                entity_type=self.kind,
                page=self.page,
                page_size=PAGE_SIZE,
            )
        except LumenbaseError as exc:
            self.list_error = str(exc)
            return
        self.rows = [
            {
                "id": str(row.id),
                "name": row.name,
                "kind": KINDS[row.entity_type][0],
                "members": count_label(row.member_count, row.entity_type),
                "owner": row.owner_name,
                "created": show(row.created_at.date()),
            }
            for row in result.items
        ]
        self.total, self.page_count = result.total, result.page_count
        self.list_error, self.loaded = "", True

    @rx.event
    async def load(self):
        return await self._refresh()

    @rx.event
    async def set_kind(self, value: str):
        self.kind = value if value in KINDS else "all"
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

    @rx.var
    def total_label(self) -> str:
        return f"{self.total:,} list" + ("" if self.total == 1 else "s")

    @rx.event
    def open_new(self):
        self.new_name, self.new_errors, self.new_open = "", {}, True
        self.new_kind = self.kind if self.kind in KINDS else "contact"

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = value

    @rx.event
    def set_new_name(self, value: str):
        self.new_name = value[:200]

    @rx.event
    def set_new_kind(self, value: str):
        self.new_kind = value

    @rx.event
    async def create(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            crm_list = await call_service(
                ctx, lists.create_list, name=self.new_name, entity_type=self.new_kind, now=utcnow()
            )
        except ValidationFailed as exc:
            self.new_errors = errors_at(exc.field_errors, ("name", "entity_type"))
            return
        except LumenbaseError as exc:
            self.new_errors = {"form": str(exc)}
            return
        self.new_open = False
        return [rx.toast.success("List created."), rx.redirect(f"/lists/{crm_list.id}")]
