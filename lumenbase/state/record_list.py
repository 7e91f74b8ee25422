"""What every record list page shares: search, owner filter, sort and paging, all done in SQL by
the services; the state holds one page of display rows."""

from __future__ import annotations

import reflex as rx

from lumenbase.context import WorkspaceContext
from lumenbase.errors import LumenbaseError
from lumenbase.services import workspaces
from lumenbase.state.session import call_service

PAGE_SIZE = 25


class RecordListMixin(rx.State, mixin=True):
    search: str = ""
    owner: str = "all"
    sort: str = "name"
    page: int = 1
    page_count: int = 1
    total: int = 0
    rows: list[dict[str, str]] = []
    members: list[dict[str, str]] = []
    list_error: str = ""
    loaded: bool = False

    async def _fetch(self, ctx: WorkspaceContext):  # returns a services.common.Page
        raise NotImplementedError

    def _row(self, item) -> dict[str, str]:
        raise NotImplementedError

    async def _refresh(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            result = await self._fetch(ctx)
        except LumenbaseError as exc:
            self.list_error = str(exc)
            return
        if result.page > result.page_count and result.total:
            self.page = result.page_count
            result = await self._fetch(ctx)
        self.list_error = ""
        self.rows = [self._row(item) for item in result.items]
        self.total = result.total
        self.page_count = result.page_count
        self.loaded = True

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        members = await call_service(ctx, workspaces.list_members)
        self.members = [{"id": str(user_id), "name": name} for user_id, name in members]
        return await self._refresh()

    @rx.event
    async def set_search(self, value: str):
        self.search = value[:200]
        self.page = 1
        return await self._refresh()

    @rx.event
    async def set_owner(self, value: str):
        self.owner = value
        self.page = 1
        return await self._refresh()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = value
        self.page = 1
        return await self._refresh()

    @rx.event
    async def next_page(self):
        if self.page < self.page_count:
            self.page += 1
        return await self._refresh()

    @rx.event
    async def prev_page(self):
        self.page = max(1, self.page - 1)
        return await self._refresh()

    @rx.var
    def total_label(self) -> str:
        noun = "record" if self.total == 1 else "records"
        return f"{self.total:,} {noun}"
