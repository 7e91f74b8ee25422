"""What every record list page shares: search, owner filter, sort, paging and visible columns,
all done in SQL by the services; the state holds one page of display rows. Row selection with
"Add to list" (state/list_selection.py) and saved views (state/saved_views.py) come with it.

A page's state subclasses RecordListMixin and SessionState and provides:
- `_entity_type()`: "contact", "company", "lead" or "deal";
- `_fetch(ctx)`: one page from its service, called with `**self._filters()`, sort and paging;
- `_row(item)`: a display row (a dict of strings with at least "id");
- for filters of its own (a lead's status, say): `_extra_filters()` returning them by name,
  the names its service's list and `*_filters` functions take, and `_set_extra_filters(filters)`
  putting them back from a saved view (defaults for missing names). Their handlers end with
  `return await self._filters_changed()`.
"""

from __future__ import annotations

import reflex as rx

from lumenbase.context import WorkspaceContext
from lumenbase.errors import LumenbaseError
from lumenbase.services import workspaces
from lumenbase.state.list_selection import ListSelectionMixin
from lumenbase.state.saved_views import SavedViewsMixin
from lumenbase.state.session import call_service

PAGE_SIZE = 25


class RecordListMixin(SavedViewsMixin, ListSelectionMixin, rx.State, mixin=True):
    search: str = ""
    owner: str = "all"
    sort: str = "name"
    # Visible column keys in page order; [] shows the page's every column.
    columns: list[str] = []
    page: int = 1
    page_count: int = 1
    total: int = 0
    total_capped: bool = False
    rows: list[dict[str, str]] = []
    members: list[dict[str, str]] = []
    list_error: str = ""
    loaded: bool = False

    # --- what a subclass provides ---
    def _entity_type(self) -> str:
        """ "contact", "company", "lead" or "deal"; "" turns saved views and lists off."""
        return ""

    async def _fetch(self, ctx: WorkspaceContext):  # returns a services.common.Page
        raise NotImplementedError

    def _row(self, item) -> dict[str, str]:
        raise NotImplementedError

    def _extra_filters(self) -> dict:
        return {}

    def _set_extra_filters(self, filters: dict) -> None:
        """Put the page's own filters back from a saved view's filters dict."""

    def _default_sort(self) -> str:
        return "name"

    # --- shared behaviour ---
    def _filters(self) -> dict:
        """Everything the rows are filtered by, by name: what a saved view keeps and what
        "select all matching" adds."""
        return {"search": self.search, "owner": self.owner, **self._extra_filters()}

    def _apply_filters(self, filters: dict, sort: str, columns: list[str]) -> None:
        self.search = str(filters.get("search") or "")[:200]
        self.owner = str(filters.get("owner") or "all")
        self._set_extra_filters(filters)
        self.sort = sort or self._default_sort()
        self.columns = list(columns)
        self.page = 1
        self._clear_selection()

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
        self.total_capped = result.total_is_capped
        self.page_count = result.page_count
        self.loaded = True
        self._note_layout_change()

    async def _filters_changed(self):
        self.page = 1
        self._clear_selection()
        return await self._refresh()

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        members = await call_service(ctx, workspaces.list_members)
        self.members = [{"id": str(user_id), "name": name} for user_id, name in members]
        await self._load_views(ctx)
        view_id = self.router.url.query_parameters.get("view", "")
        if view_id:
            await self._apply_view(ctx, view_id)
        return await self._refresh()

    @rx.event
    async def set_search(self, value: str):
        self.search = value[:200]
        return await self._filters_changed()

    @rx.event
    async def set_owner(self, value: str):
        self.owner = value
        return await self._filters_changed()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = value
        self.page = 1
        return await self._refresh()

    @rx.event
    def toggle_column(self, key: str, available: list[str]):
        """Show or hide one column; `available` is the page's columns in order (the first one
        always stays)."""
        if not available:
            return
        shown = [k for k in (self.columns or available) if k in available]
        if key in shown and key != available[0]:
            shown.remove(key)
        elif key not in shown and key in available:
            shown.append(key)
        shown = [k for k in available if k in shown]
        self.columns = [] if shown == list(available) else shown
        self._note_layout_change()

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
        return f"{self.total:,}{'+' if self.total_capped else ''} {noun}"
