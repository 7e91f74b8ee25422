"""Tools above a record list: the columns picker, the selection bar with "Add to list", and the
saved views bar with its dialog. Laid out by components/record_list.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx

from lumenbase.components.ui import error_callout, field

NEW_LIST = "new"  # state/list_selection.py's value for "a new list"
ALL_RECORDS = "all"  # state/saved_views.py's tab for no view


@dataclass(frozen=True)
class Column:
    """One column of a record list: its key (what a saved view keeps), its header, and what a
    row shows in it. The first column of a page is always shown."""

    key: str
    label: str
    cell: Callable[[rx.Var], rx.Component]


def column_shown(state, key: str) -> rx.Var:
    return (state.columns.length() == 0) | state.columns.contains(key)


def columns_picker(state, columns: list[Column]) -> rx.Component:
    keys = [c.key for c in columns]
    boxes = [
        rx.checkbox(
            column.label,
            checked=column_shown(state, column.key),
            disabled=index == 0,
            on_change=lambda _checked, key=column.key: state.toggle_column(key, keys),
            data_testid=f"column-{column.key}",
        )
        for index, column in enumerate(columns)
    ]
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("columns-3", size=14),
                "Columns",
                variant="soft",
                color_scheme="gray",
                data_testid="columns-button",
            )
        ),
        rx.popover.content(
            rx.vstack(rx.text("Show columns", size="1", weight="bold"), *boxes, spacing="2"),
            width="200px",
        ),
    )


def selection_bar(state, noun_plural: str) -> rx.Component:
    more_than_page = state.page_selected & ~state.all_matching & (state.total > state.rows.length())
    return rx.cond(
        state.can_write & (state.selected_count > 0),
        rx.hstack(
            rx.text(state.selection_label, size="2", weight="medium", data_testid="selection"),
            rx.cond(
                more_than_page,
                rx.button(
                    state.select_all_label,
                    variant="ghost",
                    size="1",
                    on_click=state.select_all_matching,
                    data_testid="select-all-matching",
                ),
            ),
            rx.button(
                "Clear",
                variant="ghost",
                color_scheme="gray",
                size="1",
                on_click=state.clear_selection,
            ),
            rx.spacer(),
            rx.button(
                rx.icon("list-plus", size=14),
                "Add to list",
                size="1",
                on_click=state.open_add_to_list,
                data_testid="add-to-list",
            ),
            align="center",
            spacing="3",
            width="100%",
            padding="8px 12px",
            border_radius="6px",
            background=rx.color("accent", 3),
        ),
    )


def add_to_list_dialog(state, noun_plural: str) -> rx.Component:
    picker = rx.select.root(
        rx.select.trigger(width="100%", data_testid="list-target"),
        rx.select.content(
            rx.foreach(state.list_options, lambda o: rx.select.item(o["name"], value=o["id"])),
            rx.select.separator(),
            rx.select.item("New list…", value=NEW_LIST),
        ),
        value=state.list_target,
        on_change=state.set_list_target,
    )
    new_name = rx.cond(
        state.list_target == NEW_LIST,
        field(
            "Name of the new list",
            rx.input(
                value=state.new_list_name,
                on_change=state.set_new_list_name,
                placeholder=f"e.g. Webinar {noun_plural}",
                width="100%",
                data_testid="new-list-name",
            ),
            state.list_errors.get("name", ""),
        ),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Add to list"),
            rx.dialog.description(state.add_summary, size="2", data_testid="add-summary"),
            rx.vstack(
                error_callout(state.list_errors.get("form", "")),
                field("List", picker),
                new_name,
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Add", on_click=state.add_selection_to_list, data_testid="confirm-add"
                    ),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=state.list_dialog_open,
        on_open_change=state.set_list_dialog_open,
    )


def _view_menu(state) -> rx.Component:
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=14),
                variant="ghost",
                color_scheme="gray",
                data_testid="view-menu",
            )
        ),
        rx.dropdown_menu.content(
            rx.dropdown_menu.item("Rename or share…", on_click=state.open_rename_view),
            rx.dropdown_menu.item(
                "Update with what is shown",
                on_click=state.update_view,
                disabled=~state.view_changed,
            ),
            rx.dropdown_menu.separator(),
            rx.dropdown_menu.item(
                "Delete view", color="red", on_click=state.delete_view, data_testid="delete-view"
            ),
        ),
    )


def views_bar(state, all_label: str) -> rx.Component:
    tabs = rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(all_label, value=ALL_RECORDS, data_testid="view-all"),
            rx.foreach(
                state.views,
                lambda v: rx.tabs.trigger(
                    rx.hstack(
                        v["name"],
                        rx.cond(v["shared"] == "yes", rx.icon("users", size=12)),
                        align="center",
                        spacing="1",
                    ),
                    value=v["id"],
                    data_testid="view-tab",
                ),
            ),
        ),
        value=rx.cond(state.active_view == "", ALL_RECORDS, state.active_view),
        on_change=state.choose_view,
    )
    return rx.hstack(
        tabs,
        rx.spacer(),
        rx.cond(
            state.view_changed,
            rx.button(
                "Reset",
                variant="ghost",
                color_scheme="gray",
                size="1",
                on_click=state.choose_view(state.active_view),
                data_testid="reset-view",
            ),
        ),
        rx.cond(
            state.view_changed & state.active_view_mine,
            rx.button(
                "Save changes",
                variant="soft",
                size="1",
                on_click=state.update_view,
                data_testid="update-view",
            ),
        ),
        rx.cond(state.active_view_mine, _view_menu(state)),
        rx.button(
            rx.icon("bookmark-plus", size=14),
            "Save view",
            variant="outline",
            size="1",
            on_click=state.open_save_view,
            data_testid="save-view",
        ),
        align="center",
        spacing="2",
        width="100%",
        wrap="wrap",
        data_testid="views-bar",
    )


def view_dialog(state) -> rx.Component:
    share = rx.cond(
        state.can_write,
        rx.hstack(
            rx.switch(
                checked=state.view_shared,
                on_change=state.set_view_shared,
                data_testid="view-shared",
            ),
            rx.text("Share with workspace", size="2"),
            align="center",
            spacing="2",
        ),
        rx.text(
            "A read-only seat keeps its views to itself.", size="1", color=rx.color("gray", 10)
        ),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(state.view_dialog == "rename", "Rename view", "Save view")),
            rx.dialog.description(
                rx.cond(
                    state.view_dialog == "rename",
                    "Everyone it is shared with sees the new name.",
                    "Keeps the search, filters, sort and columns shown now.",
                ),
                size="2",
            ),
            rx.vstack(
                error_callout(state.view_errors.get("form", "")),
                field(
                    "Name",
                    rx.input(
                        value=state.view_name,
                        on_change=state.set_view_name,
                        width="100%",
                        data_testid="view-name",
                    ),
                    state.view_errors.get("name", ""),
                ),
                share,
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=state.submit_view, data_testid="submit-view"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=state.view_dialog != "",
        on_open_change=state.set_view_dialog_open,
    )
