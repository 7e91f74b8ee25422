"""The layout every record list shares: search, owner filter, sort, table, pager, empty state;
and, when a page asks, a columns picker, row selection with "Add to list" and saved views.

A page passes either `columns` (a list of `Column`: the picker, selection and views need them)
or the older `headers` and `render_row`. `filters` are the page's own filter controls, shown in
the toolbar; their values belong in its state's `_extra_filters()` (see state/record_list.py).
"""

from __future__ import annotations

import reflex as rx

from lumenbase.components.list_tools import (
    Column,
    add_to_list_dialog,
    column_shown,
    columns_picker,
    selection_bar,
    view_dialog,
    views_bar,
)
from lumenbase.components.ui import empty_state, error_callout, pager

__all__ = ["Column", "owner_filter", "record_list_page", "sort_picker"]


def owner_filter(state) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="170px", data_testid="owner-filter"),
        rx.select.content(
            rx.select.item("All owners", value="all"),
            rx.select.item("Mine", value="mine"),
            rx.select.item("Unassigned", value="unassigned"),
            rx.select.separator(),
            rx.foreach(state.members, lambda m: rx.select.item(m["name"], value=m["id"])),
        ),
        value=state.owner,
        on_change=state.set_owner,
    )


def sort_picker(state, options: list[tuple[str, str]]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="150px", data_testid="sort"),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        value=state.sort,
        on_change=state.set_sort,
    )


def _select_cell(state, checkbox: rx.Component, header: bool = False) -> rx.Component:
    cell = rx.table.column_header_cell if header else rx.table.cell
    return rx.cond(state.can_write, cell(checkbox, width="36px"))


def _columns_table(state, columns: list[Column], row_testid: str, lists: bool) -> rx.Component:
    heads = [rx.table.column_header_cell(columns[0].label)]
    heads += [
        rx.cond(column_shown(state, c.key), rx.table.column_header_cell(c.label))
        for c in columns[1:]
    ]
    if lists:
        page_box = rx.checkbox(
            checked=state.page_selected, on_change=state.toggle_page, data_testid="select-page"
        )
        heads.insert(0, _select_cell(state, page_box, header=True))

    def render(row) -> rx.Component:
        cells = [rx.table.row_header_cell(columns[0].cell(row))]
        cells += [
            rx.cond(column_shown(state, c.key), rx.table.cell(c.cell(row))) for c in columns[1:]
        ]
        if lists:
            box = rx.checkbox(
                checked=state.all_matching | state.selected.contains(row["id"]),
                on_change=lambda _checked: state.toggle_row(row["id"]),
                data_testid="select-row",
            )
            cells.insert(0, _select_cell(state, box))
        return rx.table.row(*cells, data_testid=row_testid)

    return _table(state, rx.table.row(*heads), render)


def _table(state, header_row: rx.Component, render_row) -> rx.Component:
    return rx.table.root(
        rx.table.header(header_row),
        rx.table.body(rx.foreach(state.rows, render_row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="records-table",
    )


def _empty(state, noun_plural: str, empty_hint: str, filtered_empty) -> rx.Component:
    by_owner = rx.cond(
        state.owner != "all",
        empty_state(
            "user-x",
            f"No {noun_plural} for this owner.",
            "Choose “All owners” to see everyone's.",
        ),
        empty_state("inbox", f"No {noun_plural} yet.", empty_hint),
    )
    if filtered_empty is not None:
        by_owner = rx.cond(filtered_empty[0], filtered_empty[1], by_owner)
    return rx.cond(
        state.search != "",
        empty_state(
            "search-x",
            f"No {noun_plural} match “{state.search}”.",
            "Check the spelling, or search by email or company instead.",
        ),
        by_owner,
    )


def record_list_page(
    state,
    *,
    title: str,
    noun_plural: str,
    search_placeholder: str,
    sort_options: list[tuple[str, str]],
    new_button: rx.Component,
    new_dialog: rx.Component,
    empty_hint: str,
    columns: list[Column] | None = None,
    row_testid: str = "record-row",
    headers: list[str] | None = None,
    render_row=None,
    filters: tuple[rx.Component, ...] = (),
    filtered_empty: tuple[rx.Var, rx.Component] | None = None,
    views: bool = False,
    lists: bool = False,
    header_actions: rx.Component | None = None,
) -> rx.Component:
    """A list page. `filters`: the page's own pickers, after the sort; `filtered_empty`: (a
    condition that one of them narrows the list, the empty state to show then). `views=True`
    adds the saved views bar, `lists=True` row selection and "Add to list"; both need `columns`
    and a state with `_entity_type()`. `header_actions` go next to the title."""
    toolbar = rx.hstack(
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                placeholder=search_placeholder,
                value=state.search,
                on_change=state.set_search,
                width="340px",
                data_testid="search",
            ),
            debounce_timeout=300,
        ),
        owner_filter(state),
        sort_picker(state, sort_options),
        *filters,
        columns_picker(state, columns) if columns else rx.fragment(),
        rx.spacer(),
        rx.cond(state.can_write, new_button),
        width="100%",
        align="center",
        spacing="2",
        wrap="wrap",
    )
    if columns:
        table = _columns_table(state, columns, row_testid, lists)
    else:
        head = rx.table.row(*[rx.table.column_header_cell(h) for h in headers or []])
        table = _table(state, head, render_row)
    body = rx.cond(
        state.total > 0,
        rx.vstack(
            table,
            pager(
                state.page, state.page_count, state.total_label, state.prev_page, state.next_page
            ),
            width="100%",
            spacing="0",
        ),
        _empty(state, noun_plural, empty_hint, filtered_empty),
    )
    return rx.vstack(
        rx.hstack(
            rx.heading(title, size="6"),
            rx.badge(state.total_label, variant="soft"),
            rx.spacer(),
            header_actions if header_actions is not None else rx.fragment(),
            align="center",
            width="100%",
        ),
        views_bar(state, f"All {noun_plural}") if views else rx.fragment(),
        toolbar,
        selection_bar(state, noun_plural) if lists else rx.fragment(),
        error_callout(state.list_error),
        rx.cond(state.loaded, body, rx.center(rx.spinner(), padding="48px", width="100%")),
        new_dialog,
        view_dialog(state) if views else rx.fragment(),
        add_to_list_dialog(state, noun_plural) if lists else rx.fragment(),
        spacing="4",
        width="100%",
    )
