"""One list's page: its members (paged by name), remove one, rename, delete."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, NotFound, ValidationFailed
from lumenbase.services import list_reads, lists
from lumenbase.state.formatting import KINDS, count_label, errors_at, show
from lumenbase.state.record_list import PAGE_SIZE
from lumenbase.state.session import SessionState, call_service, utcnow


def _read_list_page(s, ctx, list_id: int, page: int):
    """The list and one page of its members, in one transaction."""
    row = list_reads.read_list(s, ctx, list_id)
    return row, list_reads.list_members(s, ctx, list_id, page=page, page_size=PAGE_SIZE)


class ListDetailState(SessionState):
    info: dict[str, str] = {}
    missing: bool = False
    loaded: bool = False
    rows: list[dict[str, str]] = []
    page: int = 1
    page_count: int = 1
    total: int = 0
    error: str = ""
    rename_open: bool = False
    rename_value: str = ""
    rename_errors: dict[str, str] = {}
    confirm_delete: bool = False
    _list_id: int = 0

    async def _reload(self, ctx) -> None:
        row, members = await call_service(ctx, _read_list_page, self._list_id, self.page)
        heading, _one, many, route = KINDS[row.entity_type]
        self.info = {
            "id": str(row.id),
            "name": row.name,
            "kind": heading,
            "many": many,
            "route": route,
            "count": count_label(members.total, row.entity_type),
            "owner": row.owner_name,
            "created": show(row.created_at.date()),
        }
        self.rows = [
            {
                "id": str(m.record_id),
                "name": m.name,
                "detail": m.detail,
                "href": f"{route}/{m.record_id}",
                "added": show(m.added_at.date()),
                "added_by": m.added_by,
            }
            for m in members.items
        ]
        self.total, self.page_count = members.total, members.page_count
        if self.page > self.page_count:
            self.page = self.page_count
            await self._reload(ctx)

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.missing, self.error, self.page = False, "", 1
        self.rename_open = self.confirm_delete = False
        try:
            self._list_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            await self._reload(ctx)
        except (ValueError, NotFound):
            self.missing, self.info, self.rows = True, {}, []
        self.loaded = True

    async def _turn(self, page: int):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.page = max(1, min(page, self.page_count))
        await self._reload(ctx)

    @rx.event
    async def next_page(self):
        return await self._turn(self.page + 1)

    @rx.event
    async def prev_page(self):
        return await self._turn(self.page - 1)

    @rx.event
    async def remove(self, record_id: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(
                ctx, lists.remove_from_list, self._list_id, record_ids=[record_id], now=utcnow()
            )
        except (LumenbaseError, ValueError) as exc:
            self.error = str(exc)
            return
        name = next((r["name"] for r in self.rows if r["id"] == record_id), "The record")
        await self._reload(ctx)
        return rx.toast.success(f"{name} removed from the list.")

    @rx.event
    def open_rename(self):
        self.rename_value, self.rename_errors = self.info.get("name", ""), {}
        self.rename_open = True

    @rx.event
    def set_rename_open(self, value: bool):
        self.rename_open = value

    @rx.event
    def set_rename_value(self, value: str):
        self.rename_value = value[:200]

    @rx.event
    async def rename(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(
                ctx, lists.rename_list, self._list_id, name=self.rename_value, now=utcnow()
            )
        except ValidationFailed as exc:
            self.rename_errors = errors_at(exc.field_errors, ("name",))
            return
        except LumenbaseError as exc:
            self.rename_errors = {"form": str(exc)}
            return
        self.rename_open = False
        await self._reload(ctx)
        return rx.toast.success("List renamed.")

    @rx.event
    def set_confirm_delete(self, value: bool):
        self.confirm_delete = value

    @rx.event
    async def delete(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(ctx, lists.delete_list, self._list_id, now=utcnow())
        except LumenbaseError as exc:
            self.confirm_delete = False
            return rx.toast.error(str(exc))
        self.confirm_delete = False
        return [rx.toast.success("List moved to the trash."), rx.redirect("/lists")]
