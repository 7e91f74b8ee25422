"""Row selection on a record list page and its "Add to list" action.

Part of RecordListMixin (state/record_list.py): a page turns it on with `lists=True` on the
component. Selected ids may span pages; "select all N matching" selects by the page's filters
instead of by id, so the service adds every match in one statement. Changing a filter clears
the selection (it described other rows).
"""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import list_reads, lists
from lumenbase.state.formatting import count_label, errors_at
from lumenbase.state.session import call_service, utcnow

NEW_LIST = "new"


class ListSelectionMixin(rx.State, mixin=True):
    selected: list[str] = []
    all_matching: bool = False
    list_dialog_open: bool = False
    list_options: list[dict[str, str]] = []
    list_target: str = ""  # a list's id, or NEW_LIST
    new_list_name: str = ""
    list_errors: dict[str, str] = {}

    def _clear_selection(self) -> None:
        self.selected = []
        self.all_matching = False

    @rx.var
    def selected_count(self) -> int:
        return self.total if self.all_matching else len(self.selected)

    @rx.var
    def page_selected(self) -> bool:
        ids = [row["id"] for row in self.rows]
        return bool(ids) and (self.all_matching or all(i in self.selected for i in ids))

    @rx.var
    def selection_label(self) -> str:
        if self.all_matching:
            return f"All {self.total:,}{'+' if self.total_capped else ''} matching selected"
        return f"{len(self.selected):,} selected"

    @rx.var
    def add_summary(self) -> str:
        """What the "Add to list" dialog is about to add, in words."""
        entity = self._entity_type()
        if not entity:
            return ""
        if self.all_matching:
            return f"All {count_label(self.total, entity)} that match go into the list you pick."
        verb = "goes" if len(self.selected) == 1 else "go"
        chosen = count_label(len(self.selected), entity)
        return f"The {chosen} you selected {verb} into the list you pick."

    @rx.var
    def select_all_label(self) -> str:
        return f"Select all {self.total:,}{'+' if self.total_capped else ''} matching"

    @rx.event
    def toggle_row(self, record_id: str):
        if self.all_matching:
            # Leaving "all matching" keeps what is visible selected, minus this row.
            self.all_matching = False
            self.selected = [row["id"] for row in self.rows if row["id"] != record_id]
        elif record_id in self.selected:
            self.selected = [i for i in self.selected if i != record_id]
        else:
            self.selected = [*self.selected, record_id]

    @rx.event
    def toggle_page(self, checked: bool):
        ids = [row["id"] for row in self.rows]
        self.all_matching = False
        if checked:
            self.selected = [*self.selected, *[i for i in ids if i not in self.selected]]
        else:
            self.selected = [i for i in self.selected if i not in ids]

    @rx.event
    def select_all_matching(self):
        self.all_matching = True
        self.selected = []

    @rx.event
    def clear_selection(self):
        self._clear_selection()

    @rx.event
    async def open_add_to_list(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        choices = await call_service(ctx, list_reads.list_choices, entity_type=self._entity_type())
        self.list_options = [{"id": str(list_id), "name": name} for list_id, name in choices]
        self.list_target = self.list_options[0]["id"] if self.list_options else NEW_LIST
        self.new_list_name = ""
        self.list_errors = {}
        self.list_dialog_open = True

    @rx.event
    def set_list_dialog_open(self, value: bool):
        self.list_dialog_open = value

    @rx.event
    def set_list_target(self, value: str):
        self.list_target = value
        self.list_errors = {}

    @rx.event
    def set_new_list_name(self, value: str):
        self.new_list_name = value[:200]

    def _add_arguments(self) -> dict:
        if self.list_target == NEW_LIST:
            target = {"new_list_name": self.new_list_name}
        else:
            target = {"list_id": int(self.list_target)}
        if self.all_matching:
            return {**target, "filters": self._filters()}
        return {**target, "record_ids": list(self.selected)}

    @rx.event
    async def add_selection_to_list(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            crm_list, added = await call_service(
                ctx,
                lists.add_records,
                entity_type=self._entity_type(),
                now=utcnow(),
                **self._add_arguments(),
            )
        except ValidationFailed as exc:
            self.list_errors = errors_at(exc.field_errors, ("name",))
            return
        except (LumenbaseError, ValueError) as exc:
            self.list_errors = {"form": str(exc)}
            return
        self.list_dialog_open = False
        self._clear_selection()
        if not added:
            return rx.toast.info(f"All of them were in “{crm_list.name}” already.")
        added_label = count_label(added, self._entity_type())
        return rx.toast.success(f"Added {added_label} to “{crm_list.name}”.")
