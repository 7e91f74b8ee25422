"""Saved views on a record list page: the views bar, save / update / rename / delete.

Part of RecordListMixin (state/record_list.py): a page turns the bar on with `views=True` on the
component. A view is the page's `_filters()` dict (search, owner and the page's own filters),
its sort and its visible columns; applying one puts all three back exactly.
"""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, NotFound, ValidationFailed
from lumenbase.services import views
from lumenbase.state.formatting import errors_at
from lumenbase.state.session import call_service, utcnow

ALL_RECORDS = "all"  # the views bar's first tab


class SavedViewsMixin(rx.State, mixin=True):
    views: list[dict[str, str]] = []
    active_view: str = ""  # the applied view's id; "" for every record
    active_view_mine: bool = False
    view_changed: bool = False
    view_dialog: str = ""  # "save" or "rename" while the dialog is open
    view_name: str = ""
    view_shared: bool = False
    view_errors: dict[str, str] = {}
    _view_layout: dict = {}

    def _layout(self) -> dict:
        return {"filters": self._filters(), "sort": self.sort, "columns": list(self.columns)}

    def _note_layout_change(self) -> None:
        self.view_changed = bool(self.active_view) and self._layout() != self._view_layout

    async def _load_views(self, ctx) -> None:
        if not self._entity_type():
            return
        rows = await call_service(ctx, views.list_views, entity_type=self._entity_type())
        self.views = [
            {
                "id": str(v.id),
                "name": v.name,
                "shared": "yes" if v.is_shared else "",
                "mine": "yes" if v.is_mine else "",
                "owner": v.owner_name,
            }
            for v in rows
        ]
        if self.active_view and self.active_view not in {v["id"] for v in self.views}:
            self.active_view, self.active_view_mine = "", False

    async def _apply_view(self, ctx, view_id: str) -> None:
        """Put a view's filters, sort and columns back (the caller refreshes the rows)."""
        try:
            view = await call_service(ctx, views.read_view, int(view_id))
        except (NotFound, ValueError):
            self.list_error = "That view does not exist any more, or is no longer shared."
            return
        self._apply_filters(view.filters, view.sort, view.columns)
        self.active_view, self.active_view_mine = str(view.id), view.is_mine
        self._view_layout = self._layout()
        self.view_changed = False

    @rx.event
    async def choose_view(self, view_id: str):
        """A tab of the views bar: a view's id, or ALL_RECORDS for the page's defaults."""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if view_id == ALL_RECORDS:
            self._apply_filters({}, "", [])
            self.active_view, self.active_view_mine, self.view_changed = "", False, False
        else:
            await self._apply_view(ctx, view_id)
        return await self._refresh()

    @rx.event
    def open_save_view(self):
        self.view_name, self.view_shared, self.view_errors = "", False, {}
        self.view_dialog = "save"

    @rx.event
    def open_rename_view(self):
        current = next((v for v in self.views if v["id"] == self.active_view), None)
        if current is None:
            return
        self.view_name, self.view_shared = current["name"], current["shared"] == "yes"
        self.view_errors = {}
        self.view_dialog = "rename"

    @rx.event
    def set_view_dialog_open(self, value: bool):
        if not value:
            self.view_dialog = ""

    @rx.event
    def set_view_name(self, value: str):
        self.view_name = value[:200]

    @rx.event
    def set_view_shared(self, value: bool):
        self.view_shared = bool(value)

    async def _write_view(self, ctx):
        if self.view_dialog == "rename":
            await call_service(
                ctx,
                views.rename_view,
                int(self.active_view),
                name=self.view_name,
                is_shared=self.view_shared,
                now=utcnow(),
            )
            return self.active_view
        layout = self._layout()
        view = await call_service(
            ctx,
            views.save_view,
            entity_type=self._entity_type(),
            name=self.view_name,
            filters=layout["filters"],
            sort=layout["sort"],
            columns=layout["columns"],
            is_shared=self.view_shared,
            now=utcnow(),
        )
        return str(view.id)

    @rx.event
    async def submit_view(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            view_id = await self._write_view(ctx)
        except ValidationFailed as exc:
            self.view_errors = errors_at(exc.field_errors, ("name",))
            return
        except LumenbaseError as exc:
            self.view_errors = {"form": str(exc)}
            return
        saved = "Saved “" + self.view_name.strip() + "”."
        self.view_dialog = ""
        await self._load_views(ctx)
        await self._apply_view(ctx, view_id)
        await self._refresh()
        return rx.toast.success(saved)

    @rx.event
    async def update_view(self):
        """Overwrite the applied view with what the page shows now."""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        layout = self._layout()
        try:
            await call_service(
                ctx, views.update_view, int(self.active_view), now=utcnow(), **layout
            )
        except (LumenbaseError, ValueError) as exc:
            return rx.toast.error(str(exc))
        self._view_layout, self.view_changed = layout, False
        return rx.toast.success("View updated.")

    @rx.event
    async def delete_view(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(ctx, views.delete_view, int(self.active_view), now=utcnow())
        except (LumenbaseError, ValueError) as exc:
            return rx.toast.error(str(exc))
        self._apply_filters({}, "", [])
        self.active_view, self.active_view_mine, self.view_changed = "", False, False
        await self._load_views(ctx)
        await self._refresh()
        return rx.toast.success("View deleted.")
